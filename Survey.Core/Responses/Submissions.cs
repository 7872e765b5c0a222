using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;

namespace Survey.Core.Responses;

public sealed record SubmittedResponse(long ResponseId, string Reference, DateTime SubmittedAt);

/// <summary>
/// Turns a set of answers into a stored response, once. The invitation is marked completed by a
/// conditional update in the same transaction as the insert, so a second submit for the same
/// invitation (double click, retry, two tabs) finds nothing to update and stores nothing.
/// Submits are validated in parallel and stored by one writer in groups (see WriteLoopAsync).
/// </summary>
public sealed class Submissions
{
    /// <summary>At most this many submits share one commit.</summary>
    public const int MaxGroup = 256;

    private readonly SurveyDatabase database;
    private readonly DefinitionCache definitions;
    private readonly Channel<PendingSubmit> _queue = Channel.CreateUnbounded<PendingSubmit>(new UnboundedChannelOptions { SingleReader = true });

    public Submissions(SurveyDatabase database, DefinitionCache definitions)
    {
        this.database = database;
        this.definitions = definitions;
        _ = Task.Run(WriteLoopAsync);
    }

    private sealed class InvitationState
    {
        public long Id { get; init; }
        public long QuestionnaireId { get; init; }
        public string Status { get; init; } = "";
        public int? DraftVersion { get; init; }
        public string Anonymity { get; init; } = "";
        public string QStatus { get; init; } = "";
        public int? CurrentVersion { get; init; }
        public DateTime? OpensAt { get; init; }
        public DateTime? ClosesAt { get; init; }
        public string? Sector { get; init; }
        public string? Background { get; init; }
    }

    public async Task<Outcome<SubmittedResponse>> SubmitAsync(long invitationId, JsonObject answers, string mode = "web")
    {
        await using var connection = await database.OpenAsync();
        var state = await connection.QuerySingleOrDefaultAsync<InvitationState>("""
            SELECT i.id AS Id, i.questionnaire_id AS QuestionnaireId, i.status AS Status, i.draft_version AS DraftVersion,
                   q.anonymity AS Anonymity, q.status AS QStatus, q.current_version AS CurrentVersion,
                   q.opens_at AS OpensAt, q.closes_at AS ClosesAt, c.sector AS Sector, c.background AS Background
            FROM invitations i
            JOIN questionnaires q ON q.id = i.questionnaire_id
            LEFT JOIN contacts c ON c.id = i.contact_id
            WHERE i.id = @invitationId
            """, new { invitationId });
        if (state is null) return Outcome<SubmittedResponse>.NotFound();
        if (state.Status == InvitationStatus.Completed) return Outcome<SubmittedResponse>.Conflict(CoreText.Format("SubAlreadySubmitted"));
        var now = DateTime.UtcNow;
        if (state.QStatus != QuestionnaireStatus.Published || state.OpensAt > now || state.ClosesAt <= now)
            return Outcome<SubmittedResponse>.Gone(CoreText.Format("SubClosed"));

        // The version the leader started on is the one they answer, even if a newer one was published meanwhile.
        var version = state.DraftVersion ?? state.CurrentVersion!.Value;
        var definition = await definitions.GetAsync(state.QuestionnaireId, version)
            ?? throw new InvalidOperationException($"Questionnaire {state.QuestionnaireId} has no version {version}.");
        var check = AnswerValidator.Validate(definition, answers, AnswerScope.Submit);
        if (!check.IsValid) return Outcome<SubmittedResponse>.Invalid(check.Errors.ToDictionary(e => e.Key, e => e.Value));

        var background = JsonSerializer.Deserialize<Dictionary<string, string>>(state.Background ?? "{}") ?? [];
        var pending = new PendingSubmit(invitationId, state.QuestionnaireId, version, state.Anonymity == Anonymity.Anonymous,
            state.Sector ?? "", state.Background ?? "{}", background, definition, check.Answers, mode);
        await connection.CloseAsync();
        await _queue.Writer.WriteAsync(pending);
        return await pending.Done.Task;
    }

    private sealed record PendingSubmit(long InvitationId, long QuestionnaireId, int Version, bool Anonymous, string Sector,
        string BackgroundJson, IReadOnlyDictionary<string, string> Background, SurveyDefinition Definition, JsonObject Answers, string Mode)
    {
        public TaskCompletionSource<Outcome<SubmittedResponse>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Group commit: one writer takes every submit waiting at that moment and stores them in one
    /// transaction (each in its own savepoint, so one that fails leaves the others), then answers
    /// each only after the commit. A commit waits for the disk once per group instead of once per
    /// response, so the rate grows with the load while every acknowledged response stays durable.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingSubmit>(MaxGroup);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxGroup && reader.TryRead(out var item)) batch.Add(item);
            if (batch.Count == 0) continue;
            var results = new Outcome<SubmittedResponse>?[batch.Count];
            try
            {
                await using var connection = await database.OpenAsync();
                await using var tx = connection.BeginTransaction(deferred: false);
                var now = DateTime.UtcNow;
                for (var i = 0; i < batch.Count; i++)
                {
                    var p = batch[i];
                    tx.Save("one");
                    try
                    {
                        results[i] = await StoreAsync(connection, tx, p, now);
                        tx.Release("one");
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        tx.Rollback("one");
                        tx.Release("one");
                        batch[i].Done.TrySetException(e);
                    }
                }
                tx.Commit();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Nothing of the group was stored: every waiting submit hears so and may retry.
                foreach (var p in batch) p.Done.TrySetException(e);
                continue;
            }
            for (var i = 0; i < batch.Count; i++)
                if (results[i] is { } result) batch[i].Done.TrySetResult(result);
        }
    }

    private static async Task<Outcome<SubmittedResponse>> StoreAsync(SqliteConnection connection, SqliteTransaction tx, PendingSubmit p, DateTime now)
    {
        var claimed = await connection.ExecuteAsync("""
            UPDATE invitations SET status = 'completed', completed_at = @now, draft_answers = NULL, draft_page = NULL
            WHERE id = @InvitationId AND status <> 'completed'
            """, new { p.InvitationId, now }, tx);
        if (claimed == 0) return Outcome<SubmittedResponse>.Conflict(CoreText.Format("SubAlreadySubmitted"));
        var reference = NewReference();
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO responses (questionnaire_id, version, invitation_id, reference, mode, sector, background, answers, submitted_at)
            VALUES (@QuestionnaireId, @Version, @InvitationId, @reference, @Mode, @Sector, @BackgroundJson, @Answers, @now)
            RETURNING id
            """,
            new
            {
                p.QuestionnaireId, p.Version, InvitationId = p.Anonymous ? (long?)null : p.InvitationId, reference, p.Mode,
                p.Sector, p.BackgroundJson, Answers = RespondentSessions.ToStorage(p.Answers), now,
            }, tx);
        await ResponseValues.WriteAsync(connection, tx, id, p.QuestionnaireId, p.Definition, p.Answers, p.Sector, p.Background, p.Mode, now);
        return Outcome<SubmittedResponse>.Ok(new SubmittedResponse(id, reference, now));
    }

    // A receipt reference a person can read out on the phone: no 0/O or 1/I to confuse.
    internal static string NewReference()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return "R-" + new string(RandomNumberGenerator.GetItems<char>(alphabet, 10));
    }
}
