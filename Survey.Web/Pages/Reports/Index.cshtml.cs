using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Data;

namespace Survey.Web.Pages.Reports;

/// <summary>The taskforce's way in: every questionnaire and interview guide that has a published version, with its summary.</summary>
public sealed class IndexModel(SurveyDatabase database) : PageModel
{
    public IReadOnlyList<Pages.IndexModel.Row> Questionnaires { get; private set; } = [];

    public async Task OnGetAsync() =>
        Questionnaires = (await Pages.IndexModel.LoadAsync(database)).Where(q => q.Version is not null).ToList();
}
