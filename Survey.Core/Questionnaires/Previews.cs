using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Participants;

namespace Survey.Core.Questionnaires;

public sealed class Preview
{
    public string TokenHash { get; init; } = "";
    public long QuestionnaireId { get; init; }
    public string Definition { get; init; } = "";
    public string? Answers { get; init; }
    public string? Page { get; init; }
    public string Anonymity { get; init; } = "";
    public int MinGroupSize { get; init; }

    /// <summary>The draft's revision now; the preview page reloads when it changes.</summary>
    public int Revision { get; init; }
}

/// <summary>
/// Short-lived links that show a questionnaire's draft on the public site, as a leader will see it.
/// A preview follows the draft: every page of it is made from the draft as it is now (the copy made
/// with the link is only a record), and an open preview reloads itself when the draft's revision
/// changes, so it can stand beside the editor. Only the preview's own answers are kept, and only
/// until it expires.
/// </summary>
public sealed class Previews(SurveyDatabase database)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public async Task<string?> CreateAsync(long questionnaireId)
    {
        await using var connection = await database.OpenAsync();
        var definition = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT draft_definition FROM questionnaires WHERE id = @questionnaireId", new { questionnaireId });
        if (definition is null) return null;
        var now = DateTime.UtcNow;
        await connection.ExecuteAsync("DELETE FROM previews WHERE expires_at < @now", new { now });
        var token = Tokens.New();
        await connection.ExecuteAsync("""
            INSERT INTO previews (token_hash, questionnaire_id, definition, created_at, expires_at)
            VALUES (@hash, @questionnaireId, @definition, @now, @expires)
            """, new { hash = Tokens.Hash(token), questionnaireId, definition, now, expires = now + Lifetime });
        return token;
    }

    public async Task<Preview?> FindAsync(string token)
    {
        if (!Tokens.LooksValid(token)) return null;
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<Preview>("""
            SELECT p.token_hash AS TokenHash, p.questionnaire_id AS QuestionnaireId, q.draft_definition AS Definition, p.answers AS Answers,
                   p.page AS Page, q.anonymity AS Anonymity, q.min_group_size AS MinGroupSize, q.draft_revision AS Revision
            FROM previews p JOIN questionnaires q ON q.id = p.questionnaire_id
            WHERE p.token_hash = @hash AND p.expires_at > @now
            """, new { hash = Tokens.Hash(token), now = DateTime.UtcNow });
    }

    public async Task SaveAsync(string tokenHash, JsonObject answers, string? page)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "UPDATE previews SET answers = @answers, page = COALESCE(@page, page) WHERE token_hash = @tokenHash",
            new { tokenHash, answers = answers.ToJsonString(), page });
    }
}
