using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Data;
using Survey.Core.Questionnaires;

namespace Survey.Web.Pages;

public sealed class IndexModel(SurveyDatabase database) : PageModel
{
    public sealed record Row(long Id, string Title, string Mode, string Status, long? Version, long Invited, long Completed);

    public IReadOnlyList<Row> Questionnaires { get; private set; } = [];

    public async Task OnGetAsync() => Questionnaires = await LoadAsync(database);

    /// <summary>Every questionnaire, newest first, with its invited and completed counts (the overview's and the results page's list).</summary>
    public static async Task<IReadOnlyList<Row>> LoadAsync(SurveyDatabase database)
    {
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(long Id, string Definition, string Mode, string Status, long? Version, long Invited, long Completed)>("""
            SELECT q.id, q.draft_definition, q.mode, q.status, q.current_version,
                   (SELECT COUNT(*) FROM invitations i WHERE i.questionnaire_id = q.id AND i.contact_id IS NOT NULL),
                   (SELECT COUNT(*) FROM responses r WHERE r.questionnaire_id = q.id)
            FROM questionnaires q ORDER BY q.id DESC
            """);
        return rows.Select(r => new Row(r.Id, SurveyDefinition.Parse(r.Definition).Title?.Get(lang) ?? $"#{r.Id}",
            r.Mode, r.Status, r.Version, r.Invited, r.Completed)).ToList();
    }
}
