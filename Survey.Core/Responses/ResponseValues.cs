using System.Data;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Questionnaires;

namespace Survey.Core.Responses;

public sealed record ResponseValue(string Question, string Item, string Value, double? Number);

/// <summary>
/// Takes a validated response apart into one row per value (response_values) and its background
/// variables (response_background), in the transaction that stores the response.
/// </summary>
public static class ResponseValues
{
    public const string SectorVariable = "sector";

    public static IEnumerable<ResponseValue> Explode(SurveyDefinition definition, JsonObject answers)
    {
        foreach (var q in definition.Questions)
        {
            var answer = answers[q.Name!];
            if (answer is null) continue;
            switch (q.Type)
            {
                case ElementTypes.Checkbox:
                    yield return Answered(q.Name!);
                    foreach (var v in answer.AsArray().OfType<JsonNode>()) yield return Scalar(q.Name!, "", v);
                    break;
                case ElementTypes.Matrix:
                    yield return Answered(q.Name!);
                    foreach (var (row, cell) in answer.AsObject())
                        if (cell is not null) yield return Scalar(q.Name!, row, cell);
                    break;
                case ElementTypes.Ranking:
                    var place = 0;
                    foreach (var v in answer.AsArray())
                    {
                        place++;
                        yield return new ResponseValue(q.Name!, AnswerValidator.KeyOf(v) ?? "", place.ToString(CultureInfo.InvariantCulture), place);
                    }
                    break;
                default:
                    yield return Scalar(q.Name!, "", answer);
                    break;
            }
            if (answers[q.Name + ElementDefinition.CommentSuffix] is JsonValue other)
                yield return new ResponseValue(q.Name!, ElementDefinition.OtherValue, other.GetValue<string>(), null);
        }
    }

    /// <summary>
    /// For questions with several values per respondent, one row that says the respondent answered,
    /// so that respondents are counted without COUNT(DISTINCT). Its value is empty, which no choice
    /// or row can be.
    /// </summary>
    public static ResponseValue Answered(string question) => new(question, "", "", null);

    public static bool IsAnsweredMarker(string item, string value) => item.Length == 0 && value.Length == 0;

    private static ResponseValue Scalar(string question, string item, JsonNode node)
    {
        var v = (JsonValue)node;
        return v.GetValueKind() switch
        {
            JsonValueKind.Number => new ResponseValue(question, item, v.ToJsonString(), v.ToDouble()),
            JsonValueKind.True => new ResponseValue(question, item, "true", 1),
            JsonValueKind.False => new ResponseValue(question, item, "false", 0),
            _ => new ResponseValue(question, item, v.GetValue<string>(), null),
        };
    }

    /// <summary>The background rows of a response: its sector first, then every other non-empty variable.</summary>
    public static IReadOnlyList<(string Name, string Value)> BackgroundRows(string sector, IReadOnlyDictionary<string, string> background) =>
        background.Where(p => p.Key != SectorVariable && !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => (Name: p.Key, p.Value)).Prepend((Name: SectorVariable, Value: sector)).Where(p => p.Value.Length > 0).ToList();

    public static Task WriteAsync(IDbConnection connection, IDbTransaction transaction, long responseId, long questionnaireId,
        SurveyDefinition definition, JsonObject answers, string sector, IReadOnlyDictionary<string, string> background,
        string mode, DateTime submittedAt)
    {
        using var writer = new ResponseValueWriter(connection);
        writer.Write(transaction, responseId, questionnaireId, Explode(definition, answers).ToList(), BackgroundRows(sector, background), sector, mode, submittedAt);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Inserts value and background rows with two statements prepared once per writer and bound anew
/// per row: the submissions writer keeps one for as long as its connection, as a response has a
/// few dozen rows and preparing the statements again for each would cost more than inserting them.
/// </summary>
public sealed class ResponseValueWriter : IDisposable
{
    private readonly IDbCommand _value;
    private readonly IDbCommand _background;

    public ResponseValueWriter(IDbConnection connection)
    {
        _value = Command(connection, """
            INSERT INTO response_values (response_id, questionnaire_id, question, item, value, number, sector, mode, submitted_at)
            VALUES (@response, @questionnaire, @question, @item, @value, @number, @sector, @mode, @at)
            """, "response", "questionnaire", "question", "item", "value", "number", "sector", "mode", "at");
        _background = Command(connection, """
            INSERT INTO response_background (response_id, questionnaire_id, name, value) VALUES (@response, @questionnaire, @name, @value)
            """, "response", "questionnaire", "name", "value");
    }

    private static IDbCommand Command(IDbConnection connection, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void Set(IDbCommand command, int index, object? value) => ((IDataParameter)command.Parameters[index]!).Value = value ?? DBNull.Value;

    public void Write(IDbTransaction transaction, long responseId, long questionnaireId, IReadOnlyList<ResponseValue> values,
        IReadOnlyList<(string Name, string Value)> background, string sector, string mode, DateTime submittedAt)
    {
        _value.Transaction = transaction;
        _background.Transaction = transaction;
        Set(_value, 0, responseId);
        Set(_value, 1, questionnaireId);
        Set(_value, 6, sector);
        Set(_value, 7, mode);
        Set(_value, 8, Data.DapperSetup.ToDb(submittedAt));
        foreach (var v in values)
        {
            Set(_value, 2, v.Question);
            Set(_value, 3, v.Item);
            Set(_value, 4, v.Value);
            Set(_value, 5, v.Number);
            _value.ExecuteNonQuery();
        }
        Set(_background, 0, responseId);
        Set(_background, 1, questionnaireId);
        foreach (var (name, value) in background)
        {
            Set(_background, 2, name);
            Set(_background, 3, value);
            _background.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        _value.Dispose();
        _background.Dispose();
    }
}
