using Dapper;
using Survey.Core.Data;

namespace Survey.Core.Participants;

public sealed class ProgressRow
{
    public string Sector { get; init; } = "";
    public long Invited { get; init; }
    public long Opened { get; init; }
    public long Started { get; init; }
    public long Completed { get; init; }

    public double Rate => Invited == 0 ? 0 : Completed * 100.0 / Invited;
}

/// <summary>
/// How far the invitations to one questionnaire have come, overall and by sector, counted in SQL.
/// States only move forward, so a completed invitation also counts as opened and started.
/// </summary>
public sealed class Monitoring(SurveyDatabase database)
{
    public async Task<(ProgressRow Total, IReadOnlyList<ProgressRow> BySector)> ProgressAsync(long questionnaireId)
    {
        await using var connection = await database.OpenAsync();
        var rows = (await connection.QueryAsync<ProgressRow>("""
            SELECT COALESCE(c.sector, '') AS Sector,
                   COUNT(*) AS Invited,
                   SUM(CASE WHEN i.status IN ('opened', 'started', 'completed') THEN 1 ELSE 0 END) AS Opened,
                   SUM(CASE WHEN i.status IN ('started', 'completed') THEN 1 ELSE 0 END) AS Started,
                   SUM(CASE WHEN i.status = 'completed' THEN 1 ELSE 0 END) AS Completed
            FROM invitations i
            LEFT JOIN contacts c ON c.id = i.contact_id
            WHERE i.questionnaire_id = @questionnaireId
            GROUP BY COALESCE(c.sector, '')
            """, new { questionnaireId })).ToList();
        var ordered = rows.OrderBy(r => Array.IndexOf(Sectors.All, r.Sector) is var i && i < 0 ? int.MaxValue : i).ToList();
        var total = new ProgressRow
        {
            Invited = rows.Sum(r => r.Invited),
            Opened = rows.Sum(r => r.Opened),
            Started = rows.Sum(r => r.Started),
            Completed = rows.Sum(r => r.Completed),
        };
        return (total, ordered);
    }
}
