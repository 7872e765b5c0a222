using System.Data.Common;
using System.Data;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Data;
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

    /// <summary>The rows of a response's answers: each question's own (Questionnaires/Types), then what was written under "Other".</summary>
    public static IEnumerable<ResponseValue> Explode(SurveyDefinition definition, JsonObject answers)
    {
        foreach (var q in definition.Questions)
        {
            var answer = answers[q.Name!];
            if (answer is null) continue;
            foreach (var value in Questionnaires.Types.QuestionTypes.Of(q).Explode(q, answer)) yield return value;
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

    /// <summary>
    /// For a repeating group's question, counted over rows: one row per response that answered it in
    /// any row, so that the small-group rule counts people, not rows.
    /// </summary>
    public const string RespondentItem = "#respondent";

    public static ResponseValue Respondent(string question) => new(question, RespondentItem, "", null);

    /// <summary>The background rows of a response: its sector first, then every other non-empty variable.</summary>
    public static IReadOnlyList<(string Name, string Value)> BackgroundRows(string sector, IReadOnlyDictionary<string, string> background) =>
        background.Where(p => p.Key != SectorVariable && !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => (Name: p.Key, p.Value)).Prepend((Name: SectorVariable, Value: sector)).Where(p => p.Value.Length > 0).ToList();

    /// <summary>At most this many pending responses get their rows in one transaction.</summary>
    public const int PendingSlice = 1000;

    private sealed class PendingResponse
    {
        public long Id { get; init; }
        public long QuestionnaireId { get; init; }
        public int Version { get; init; }
        public string Answers { get; init; } = "";
        public string Sector { get; init; } = "";
        public string Background { get; init; } = "{}";
        public string Mode { get; init; } = "";
        public DateTime SubmittedAt { get; init; }
        public bool Anonymous { get; init; }
    }

    /// <summary>
    /// Writes the rows of up to <paramref name="limit"/> responses stored with values_pending (of one
    /// questionnaire, or of any), in one transaction that also clears their mark; returns how many.
    /// The rows come from the stored answers alone, so this may run in either site, at any time,
    /// and twice at once: the pending responses are locked as they are read (<paramref name="skipTaken"/>: those
    /// another writer has locked are left to it; otherwise waited for, and skipped once it has written them).
    /// </summary>
    public static async Task<int> WritePendingAsync(DbConnection connection, DefinitionCache definitions, long? questionnaireId,
        int limit = PendingSlice, ResponseValueWriter? writer = null, bool skipTaken = false)
    {
        using var tx = connection.BeginRowLockedWrite();
        var pending = (await connection.QueryAsync<PendingResponse>($"""
            SELECT r.id AS Id, r.questionnaire_id AS QuestionnaireId, r.version AS Version, r.answers AS Answers, r.sector AS Sector,
                   r.background AS Background, r.mode AS Mode, r.submitted_at AS SubmittedAt, q.anonymity = 'anonymous' AS Anonymous
            FROM responses r JOIN questionnaires q ON q.id = r.questionnaire_id
            WHERE r.values_pending AND (@questionnaireId IS NULL OR r.questionnaire_id = @questionnaireId)
            ORDER BY r.id LIMIT @limit {(skipTaken ? connection.Sql().TakePending : connection.Sql().LockPending)}
            """, new { questionnaireId, limit }, tx)).ToList();
        if (pending.Count == 0) return 0;
        var own = writer is null ? new ResponseValueWriter(connection) : null;
        try
        {
            foreach (var r in pending)
            {
                var definition = await definitions.GetAsync(r.QuestionnaireId, r.Version)
                    ?? throw new InvalidOperationException($"Questionnaire {r.QuestionnaireId} has no version {r.Version}.");
                var answers = JsonNode.Parse(r.Answers)!.AsObject();
                var background = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Background) ?? [];
                (writer ?? own)!.Write(tx, r.Id, r.QuestionnaireId, Explode(definition, answers).ToList(), BackgroundRows(r.Sector, background),
                    r.Sector, r.Mode, r.SubmittedAt, r.Anonymous);
            }
            (writer ?? own)!.Flush(tx);
        }
        finally
        {
            own?.Dispose();
        }
        await connection.ExecuteAsync($"UPDATE responses SET values_pending = FALSE WHERE id {connection.Sql().In("@ids")}",
            new { ids = pending.Select(r => r.Id).ToList() }, tx);
        tx.Commit();
        return pending.Count;
    }

    /// <summary>Before a questionnaire's rows are read: writes those still pending, so that every stored response counts.</summary>
    public static async Task CatchUpAsync(SurveyDatabase database, DefinitionCache definitions, long questionnaireId)
    {
        await using var connection = await database.OpenAsync();
        if (!await connection.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM responses WHERE values_pending AND questionnaire_id = @questionnaireId)", new { questionnaireId }))
            return;
        while (await WritePendingAsync(connection, definitions, questionnaireId) > 0)
        {
        }
    }

    /// <summary>The background variables a questionnaire's responses carry, other than sector, by name.</summary>
    public static async Task<List<string>> BackgroundNamesAsync(SurveyDatabase database, DefinitionCache definitions, long questionnaireId)
    {
        await CatchUpAsync(database, definitions, questionnaireId);
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<string>(
            "SELECT DISTINCT name FROM response_background WHERE questionnaire_id = @questionnaireId AND name <> @SectorVariable ORDER BY name",
            new { questionnaireId, SectorVariable })).ToList();
    }

    public static Task WriteAsync(IDbConnection connection, IDbTransaction transaction, long responseId, long questionnaireId,
        SurveyDefinition definition, JsonObject answers, string sector, IReadOnlyDictionary<string, string> background,
        string mode, DateTime submittedAt)
    {
        using var writer = new ResponseValueWriter(connection);
        writer.Write(transaction, responseId, questionnaireId, Explode(definition, answers).ToList(), BackgroundRows(sector, background), sector, mode, submittedAt,
            anonymous: false);
        writer.Flush(transaction);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Inserts value and background rows with two statements prepared once per writer and bound anew
/// per row: the submissions writer keeps one for as long as its connection, as a response has a
/// few dozen rows and preparing the statements again for each would cost more than inserting them.
/// </summary>
public sealed class ResponseValueWriter(IDbConnection connection) : IDisposable
{
    // On SQLite an anonymous response's rows get random row ids, so that the order they were written in
    // (one response after another, as they came) does not remain in the table; a NULL row id lets SQLite
    // number the rows of the others as usual. PostgreSQL has no row id to set (README: anonymity).
    private readonly bool _rowIds = connection.Sql().RowIds;

    private readonly RowInserter _value = RowInserter.For(connection, "response_values",
        [.. RowIdColumn(connection), "response_id", "questionnaire_id", "question", "item", "value", "number", "sector", "mode", "submitted_at"]);

    private readonly RowInserter _background = RowInserter.For(connection, "response_background",
        [.. RowIdColumn(connection), "response_id", "questionnaire_id", "name", "value"]);

    private static string[] RowIdColumn(IDbConnection connection) => connection.Sql().RowIds ? ["rowid"] : [];

    /// <summary>Adds a response's rows; they are all in the table after <see cref="Flush"/>.</summary>
    public void Write(IDbTransaction transaction, long responseId, long questionnaireId, IReadOnlyList<ResponseValue> values,
        IReadOnlyList<(string Name, string Value)> background, string sector, string mode, DateTime submittedAt, bool anonymous)
    {
        object?[] Row(params object?[] columns) => _rowIds ? [anonymous ? AnonymousBackground.RandomId() : null, .. columns] : columns;
        foreach (var v in values)
            _value.Add(transaction, Row(responseId, questionnaireId, v.Question, v.Item, v.Value, v.Number, sector, mode, submittedAt));
        foreach (var (name, value) in background)
            _background.Add(transaction, Row(responseId, questionnaireId, name, value));
    }

    public void Flush(IDbTransaction transaction)
    {
        _value.Flush(transaction);
        _background.Flush(transaction);
    }

    public void Dispose()
    {
        _value.Dispose();
        _background.Dispose();
    }
}
