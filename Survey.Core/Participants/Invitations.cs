using Dapper;
using Survey.Core.Data;
using Survey.Core.Questionnaires;

namespace Survey.Core.Participants;

public sealed record CreatedInvitation(long InvitationId, long ContactId, string Token);

public static class InvitationStatus
{
    public const string Created = "created";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Opened = "opened";
    public const string Started = "started";
    public const string Completed = "completed";
}

public sealed class Invitations(SurveyDatabase database)
{
    /// <summary>
    /// Creates one invitation per contact not yet invited to the questionnaire. The tokens are
    /// returned here and never again: only their hashes are stored.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<CreatedInvitation>>> CreateAsync(long questionnaireId, IReadOnlyCollection<long> contactIds, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var q = await connection.QuerySingleOrDefaultAsync<QuestionnaireRow>(
            "SELECT status AS Status, mode AS Mode FROM questionnaires WHERE id = @questionnaireId", new { questionnaireId }, tx);
        if (q is null) return Outcome<IReadOnlyList<CreatedInvitation>>.NotFound();
        if (q.Mode != Modes.Survey) return Outcome<IReadOnlyList<CreatedInvitation>>.Conflict(CoreText.Format("InvInterviewGuide"));
        if (q.Status != QuestionnaireStatus.Published) return Outcome<IReadOnlyList<CreatedInvitation>>.Conflict(CoreText.Format("InvNotPublished"));
        var known = (await connection.QueryInSlicesAsync<long, long>($"SELECT id FROM contacts WHERE id {connection.Sql().In("@slice")}", contactIds, transaction: tx)).ToHashSet();
        var missing = contactIds.Where(id => !known.Contains(id)).ToList();
        if (missing.Count > 0)
            return Outcome<IReadOnlyList<CreatedInvitation>>.Invalid("contactIds", CoreText.Format("InvUnknownContacts", string.Join(", ", missing)));
        var already = (await connection.QueryInSlicesAsync<long, long>(
            $"SELECT contact_id FROM invitations WHERE questionnaire_id = @questionnaireId AND contact_id {connection.Sql().In("@slice")}",
            contactIds, new { questionnaireId }, tx)).ToHashSet();
        var created = new List<CreatedInvitation>();
        var now = DateTime.UtcNow;
        foreach (var contactId in contactIds.Distinct().Where(id => !already.Contains(id)))
        {
            var id = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO invitations (questionnaire_id, contact_id, status, created_at)
                VALUES (@questionnaireId, @contactId, 'created', @now)
                RETURNING id
                """, new { questionnaireId, contactId, now }, tx);
            created.Add(new CreatedInvitation(id, contactId, await Tokens.IssueAsync(connection, tx, id)));
        }
        await AuditLog.WriteAsync(connection, tx, actor, "invite", "questionnaire", questionnaireId, after: new { count = created.Count });
        tx.Commit();
        return Outcome<IReadOnlyList<CreatedInvitation>>.Ok(created);
    }
}
