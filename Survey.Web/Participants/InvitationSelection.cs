using Dapper;
using Survey.Core.Data;
using Survey.Core.Participants;

namespace Survey.Web.Participants;

public sealed class InvitationRow
{
    public long Id { get; init; }
    public long? ContactId { get; init; }
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    public string Organisation { get; init; } = "";
    public string Sector { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime? SentAt { get; init; }
    public DateTime? RemindedAt { get; init; }
    public string? SendError { get; init; }
}

/// <summary>
/// Who to invite: chosen contacts, whole sectors, or a random sample stratified by sector that the
/// same seed always draws again, so a sample can be documented and reproduced.
/// </summary>
public sealed class InvitationSelection(SurveyDatabase database)
{
    public async Task<IReadOnlyList<Contact>> UninvitedAsync(long questionnaireId, IReadOnlyCollection<string>? sectors = null)
    {
        await using var connection = await database.OpenAsync();
        var all = await connection.QueryAsync<Contact>($"""
            SELECT {Contacts.Columns} FROM contacts
            WHERE id NOT IN (SELECT contact_id FROM invitations WHERE questionnaire_id = @questionnaireId AND contact_id IS NOT NULL)
            ORDER BY id
            """, new { questionnaireId });
        return all.Where(c => sectors is null || sectors.Count == 0 || sectors.Contains(c.Sector)).ToList();
    }

    /// <summary>Up to perSector contacts from each sector, drawn with System.Random(seed) over contacts in id order.</summary>
    public static IReadOnlyList<Contact> StratifiedSample(IReadOnlyList<Contact> candidates, int perSector, int seed)
    {
        var random = new Random(seed);
        var sample = new List<Contact>();
        foreach (var group in candidates.OrderBy(c => c.Id).GroupBy(c => c.Sector).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var pool = group.ToArray();
            random.Shuffle(pool);
            sample.AddRange(pool.Take(perSector));
        }
        return sample.OrderBy(c => c.Id).ToList();
    }

    public async Task<IReadOnlyList<InvitationRow>> ListAsync(long questionnaireId)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<InvitationRow>("""
            SELECT i.id AS Id, i.contact_id AS ContactId, COALESCE(c.name, '') AS Name, COALESCE(c.email, '') AS Email,
                   COALESCE(c.organisation, '') AS Organisation, COALESCE(c.sector, '') AS Sector, i.status AS Status,
                   i.sent_at AS SentAt, i.reminded_at AS RemindedAt, i.send_error AS SendError
            FROM invitations i LEFT JOIN contacts c ON c.id = i.contact_id
            WHERE i.questionnaire_id = @questionnaireId AND i.contact_id IS NOT NULL
            ORDER BY c.name, i.id
            """, new { questionnaireId })).ToList();
    }
}
