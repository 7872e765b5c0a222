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

    public static async Task WriteAsync(IDbConnection connection, IDbTransaction transaction, long responseId, long questionnaireId,
        SurveyDefinition definition, JsonObject answers, string sector, IReadOnlyDictionary<string, string> background,
        string mode, DateTime submittedAt)
    {
        var at = Data.DapperSetup.ToDb(submittedAt);
        await connection.ExecuteAsync("""
            INSERT INTO response_values (response_id, questionnaire_id, question, item, value, number, sector, mode, submitted_at)
            VALUES (@responseId, @questionnaireId, @Question, @Item, @Value, @Number, @sector, @mode, @at)
            """, Explode(definition, answers).Select(v => new { responseId, questionnaireId, v.Question, v.Item, v.Value, v.Number, sector, mode, at }), transaction);
        var variables = background.Where(p => p.Key != SectorVariable && !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => (Name: p.Key, p.Value)).Prepend((Name: SectorVariable, Value: sector)).Where(p => p.Value.Length > 0);
        await connection.ExecuteAsync("""
            INSERT INTO response_background (response_id, questionnaire_id, name, value) VALUES (@responseId, @questionnaireId, @Name, @Value)
            """, variables.Select(p => new { responseId, questionnaireId, p.Name, p.Value }), transaction);
    }
}
