using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// </summary>
public sealed class Submissions(SurveyDatabase database, DefinitionCache definitions)
{
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

        await using var tx = connection.BeginTransaction(deferred: false);
        var claimed = await connection.ExecuteAsync("""
            UPDATE invitations SET status = 'completed', completed_at = @now, draft_answers = NULL, draft_page = NULL
            WHERE id = @invitationId AND status <> 'completed'
            """, new { invitationId, now }, tx);
        if (claimed == 0) return Outcome<SubmittedResponse>.Conflict(CoreText.Format("SubAlreadySubmitted"));
        var reference = NewReference();
        var anonymous = state.Anonymity == Anonymity.Anonymous;
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO responses (questionnaire_id, version, invitation_id, reference, mode, sector, background, answers, submitted_at)
            VALUES (@QuestionnaireId, @version, @InvitationId, @reference, @mode, @Sector, @Background, @Answers, @now)
            RETURNING id
            """,
            new
            {
                state.QuestionnaireId, version, InvitationId = anonymous ? (long?)null : invitationId, reference, mode,
                Sector = state.Sector ?? "", Background = state.Background ?? "{}", Answers = RespondentSessions.ToStorage(check.Answers), now,
            }, tx);
        var background = JsonSerializer.Deserialize<Dictionary<string, string>>(state.Background ?? "{}") ?? [];
        await ResponseValues.WriteAsync(connection, tx, id, state.QuestionnaireId, definition, check.Answers, state.Sector ?? "", background, mode, now);
        tx.Commit();
        return Outcome<SubmittedResponse>.Ok(new SubmittedResponse(id, reference, now));
    }

    // A receipt reference a person can read out on the phone: no 0/O or 1/I to confuse.
    internal static string NewReference()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return "R-" + new string(RandomNumberGenerator.GetItems<char>(alphabet, 10));
    }
}
