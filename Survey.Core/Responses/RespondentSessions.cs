using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;

namespace Survey.Core.Responses;

/// <summary>Everything the public site needs to know about one personal link.</summary>
public sealed class RespondentSession
{
    public long InvitationId { get; init; }
    public long QuestionnaireId { get; init; }
    public string PublicKey { get; init; } = "";
    public string InvitationStatus { get; init; } = "";
    public string? DraftAnswers { get; init; }
    public int? DraftVersion { get; init; }
    public string? DraftPage { get; init; }
    public DateTime? CompletedAt { get; init; }
    public string QuestionnaireStatus { get; init; } = "";
    public string Anonymity { get; init; } = "";
    public int MinGroupSize { get; init; }
    public int? CurrentVersion { get; init; }
    public DateTime? OpensAt { get; init; }
    public DateTime? ClosesAt { get; init; }
    public string? ContactName { get; init; }
    public string? ContactSector { get; init; }
    public string? ContactBackground { get; init; }
    public string? Reference { get; init; }

    public bool IsSubmitted => InvitationStatus == Participants.InvitationStatus.Completed;

    /// <summary>The version this leader answers: the one they started on, or the newest.</summary>
    public int Version => DraftVersion ?? CurrentVersion ?? 0;

    public bool IsOpen(DateTime nowUtc) =>
        QuestionnaireStatus == Questionnaires.QuestionnaireStatus.Published && CurrentVersion is not null
        && (OpensAt is null || OpensAt <= nowUtc) && (ClosesAt is null || ClosesAt > nowUtc);

    /// <summary>new, draft, submitted or closed, as the respondent API reports it.</summary>
    public string ApiStatus(DateTime nowUtc) =>
        IsSubmitted ? "submitted" : !IsOpen(nowUtc) ? "closed" : DraftAnswers is null ? "new" : "draft";

    public JsonObject Answers => DraftAnswers is null ? new JsonObject() : JsonNode.Parse(DraftAnswers)!.AsObject();
}

/// <summary>Looks up personal links and keeps each leader's draft, so nothing typed is lost between visits.</summary>
public sealed class RespondentSessions(SurveyDatabase database)
{
    private static readonly JsonSerializerOptions Storage = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToStorage(JsonObject answers) => answers.ToJsonString(Storage);

    public async Task<RespondentSession?> FindAsync(string token)
    {
        // A malformed token is as unknown as a missing one, without asking the database.
        if (!Tokens.LooksValid(token)) return null;
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<RespondentSession>("""
            SELECT i.id AS InvitationId, i.questionnaire_id AS QuestionnaireId, q.public_key AS PublicKey, i.status AS InvitationStatus,
                   i.draft_answers AS DraftAnswers, i.draft_version AS DraftVersion, i.draft_page AS DraftPage,
                   i.completed_at AS CompletedAt, q.status AS QuestionnaireStatus, q.anonymity AS Anonymity,
                   q.min_group_size AS MinGroupSize, q.current_version AS CurrentVersion, q.opens_at AS OpensAt,
                   q.closes_at AS ClosesAt, c.name AS ContactName, c.sector AS ContactSector, c.background AS ContactBackground,
                   r.reference AS Reference
            FROM invitation_tokens t
            JOIN invitations i ON i.id = t.invitation_id
            JOIN questionnaires q ON q.id = i.questionnaire_id
            LEFT JOIN contacts c ON c.id = i.contact_id
            LEFT JOIN responses r ON r.invitation_id = i.id
            WHERE t.token_hash = @hash
            """, new { hash = Tokens.Hash(token) });
    }

    /// <summary>
    /// An open link: a fresh invitation with no contact for a questionnaire that allows anonymous
    /// answering. Returns the token, or null when there is no such open questionnaire.
    /// </summary>
    public async Task<string?> CreateOpenLinkInvitationAsync(string publicKey)
    {
        await using var connection = await database.OpenAsync();
        var q = await connection.QuerySingleOrDefaultAsync<QuestionnaireRow>("""
            SELECT id AS Id, status AS Status, open_link AS OpenLink, mode AS Mode, current_version AS CurrentVersion,
                   opens_at AS OpensAt, closes_at AS ClosesAt
            FROM questionnaires WHERE public_key = @publicKey
            """, new { publicKey });
        if (q is null || !q.OpenLink || q.Mode != Modes.Survey || !QuestionnaireLifecycle.IsOpen(q, DateTime.UtcNow)) return null;
        await using var tx = connection.BeginWrite();
        var invitationId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO invitations (questionnaire_id, contact_id, status, created_at, opened_at)
            VALUES (@Id, NULL, 'opened', @now, @now)
            RETURNING id
            """, new { q.Id, now = DateTime.UtcNow }, tx);
        var token = await Tokens.IssueAsync(connection, tx, invitationId);
        tx.Commit();
        return token;
    }
}
