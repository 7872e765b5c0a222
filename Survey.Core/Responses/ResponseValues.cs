using System.Data.Common;
using System.Data;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Questionnaires;

namespace Survey.Core.Responses;

/// <summary>One value of an answer as the summaries count it; <see cref="Written"/> when it is what was written under "Other".</summary>
public sealed record ResponseValue(string Question, string Item, string Value, double? Number)
{
    public bool Written { get; init; }
}

/// <summary>
/// Takes a stored response apart into the values its summaries count and its background variables,
/// written as its summary row (response_summaries, <see cref="SummaryRowWriter"/>).
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
                yield return new ResponseValue(q.Name!, ElementDefinition.OtherValue, other.GetValue<string>(), null) { Written = true };
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
    }

    /// <summary>
    /// Writes the rows of up to <paramref name="limit"/> responses stored with values_pending (of one
    /// questionnaire, or of any), in one transaction that also clears their mark; returns how many.
    /// The rows come from the stored answers alone, so this may run in either site, at any time,
    /// and twice at once: the pending responses are locked as they are read (<paramref name="skipTaken"/>: those
    /// another writer has locked are left to it; otherwise waited for, and skipped once it has written them).
    /// </summary>
    public static async Task<int> WritePendingAsync(DbConnection connection, DefinitionCache definitions, long? questionnaireId,
        int limit = PendingSlice, SummaryRowWriter? writer = null, bool skipTaken = false)
    {
        using var tx = connection.BeginRowLockedWrite();
        var pending = (await connection.QueryAsync<PendingResponse>($"""
            SELECT r.id AS Id, r.questionnaire_id AS QuestionnaireId, r.version AS Version, r.answers AS Answers, r.sector AS Sector,
                   r.background AS Background, r.mode AS Mode, r.submitted_at AS SubmittedAt
            FROM responses r
            WHERE r.values_pending AND (@questionnaireId IS NULL OR r.questionnaire_id = @questionnaireId)
            ORDER BY r.id LIMIT @limit {(skipTaken ? connection.Sql().TakePending : connection.Sql().LockPending)}
            """, new { questionnaireId, limit }, tx)).ToList();
        if (pending.Count == 0) return 0;
        var own = writer is null ? new SummaryRowWriter(connection) : null;
        var rows = (writer ?? own)!;
        try
        {
            foreach (var r in pending)
            {
                var definition = await definitions.GetAsync(r.QuestionnaireId, r.Version)
                    ?? throw new InvalidOperationException($"Questionnaire {r.QuestionnaireId} has no version {r.Version}.");
                var answers = JsonNode.Parse(r.Answers)!.AsObject();
                var background = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Background) ?? [];
                rows.Add(r.Id, r.QuestionnaireId, definition, Explode(definition, answers), BackgroundRows(r.Sector, background), r.Sector, r.Mode, r.SubmittedAt);
            }
            rows.Flush(tx);
            await connection.ExecuteAsync($"UPDATE responses SET values_pending = FALSE WHERE id {connection.Sql().In("@ids")}",
                new { ids = pending.Select(r => r.Id).ToList() }, tx);
            tx.Commit();
            rows.Committed();
        }
        catch
        {
            rows.RolledBack();
            throw;
        }
        finally
        {
            own?.Dispose();
        }
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
        return await BackgroundNamesAsync(connection, null, questionnaireId);
    }

    /// <summary>The same within a transaction of the caller's, for rows already written.</summary>
    public static async Task<List<string>> BackgroundNamesAsync(IDbConnection connection, IDbTransaction? transaction, long questionnaireId) =>
        (await connection.QueryAsync<string>(
            "SELECT item FROM summary_keys WHERE questionnaire_id = @questionnaireId AND question = '' AND item <> @SectorVariable GROUP BY item ORDER BY item",
            new { questionnaireId, SectorVariable }, transaction)).ToList();

    public static Task WriteAsync(IDbConnection connection, IDbTransaction transaction, long responseId, long questionnaireId,
        SurveyDefinition definition, JsonObject answers, string sector, IReadOnlyDictionary<string, string> background,
        string mode, DateTime submittedAt)
    {
        using var writer = new SummaryRowWriter(connection);
        writer.Add(responseId, questionnaireId, definition, Explode(definition, answers), BackgroundRows(sector, background), sector, mode, submittedAt);
        writer.Flush(transaction);
        return Task.CompletedTask;
    }
}
