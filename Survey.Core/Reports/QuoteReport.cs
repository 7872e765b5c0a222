using System.Data;
using Dapper;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;

namespace Survey.Core.Reports;

public sealed record QuoteItem(string Question, string QuestionTitle, string Text);

public sealed record QuoteSector(string Sector, string Label, IReadOnlyList<QuoteItem> Quotes);

public sealed record QuoteTheme(string Theme, IReadOnlyList<QuoteSector> Sectors);

/// <summary>The usable quotes of a guide by theme and sector; Withheld counts those kept back to protect a small group.</summary>
public sealed record QuoteSection(IReadOnlyList<QuoteTheme> Themes, int Withheld)
{
    public static readonly QuoteSection Empty = new([], 0);
}

/// <summary>
/// The quotes a report may show: from interviews that count (completed or reviewed) within the
/// summary's filters (mode, sector, period of the interview's response) whose interviewee consented to being quoted, read at report time so a withdrawn consent takes them out at once. A
/// sector's quotes are shown only when the sector has at least the minimum group of counted
/// interviews, for the same reason its numbers would be hidden; the rest are counted as withheld.
/// </summary>
public static class QuoteReport
{
    private sealed record Row(long Id, string Theme, string Sector, string Question, string Text);

    public static async Task<QuoteSection> BuildAsync(IDbConnection connection, IDbTransaction? transaction, SummaryRequest request, SurveyDefinition definition,
        int minGroupSize, string lang)
    {
        if (request.Mode == SummaryModes.Web) return QuoteSection.Empty;
        // The summary's own filters (mode, sector, period) on the response each counted interview has.
        var p = new DynamicParameters();
        p.Add("Q", request.QuestionnaireId);
        var counted = string.Join(" AND ", SummaryBuilder.Filters(request, "r", p)) + " AND i.status IN ('completed', 'reviewed')";
        var sizes = (await connection.QueryAsync<(string Sector, long N)>($"""
            SELECT i.interviewee_sector, COUNT(*) FROM interviews i JOIN responses r ON r.id = i.response_id
            WHERE {counted}
            GROUP BY i.interviewee_sector
            """, p, transaction)).ToDictionary(r => r.Sector, r => r.N);
        var rows = (await connection.QueryAsync<Row>($"""
            SELECT q.id AS Id, t.name AS Theme, i.interviewee_sector AS Sector, q.question AS Question, q.text AS Text
            FROM interview_quotes q
            JOIN interviews i ON i.id = q.interview_id
            JOIN responses r ON r.id = i.response_id
            JOIN interview_quote_themes qt ON qt.quote_id = q.id
            JOIN themes t ON t.id = qt.theme_id
            WHERE {counted} AND i.quote_consent
            ORDER BY lower(t.name), q.id
            """, p, transaction)).ToList();
        bool Shown(Row r) => sizes.GetValueOrDefault(r.Sector) >= minGroupSize;
        var withheld = rows.Where(r => !Shown(r)).Select(r => r.Id).Distinct().Count();
        var titles = definition.Questions.ToDictionary(q => q.Name!, q => q.Label(lang));
        var order = Sectors.All.ToList();
        var themes = rows.Where(Shown)
            .GroupBy(r => r.Theme)
            .Select(t => new QuoteTheme(t.Key, t
                .GroupBy(r => r.Sector)
                .OrderBy(s => order.IndexOf(s.Key) is var i && i >= 0 ? i : int.MaxValue)
                .Select(s => new QuoteSector(s.Key, Sectors.Label(s.Key, lang),
                    s.Select(r => new QuoteItem(r.Question, titles.GetValueOrDefault(r.Question, r.Question), r.Text)).ToList()))
                .ToList()))
            .ToList();
        return new QuoteSection(themes, withheld);
    }
}
