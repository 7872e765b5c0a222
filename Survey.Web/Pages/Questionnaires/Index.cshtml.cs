using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Questionnaires;
using Survey.Web.Access;

namespace Survey.Web.Pages.Questionnaires;

public sealed class IndexModel(QuestionnaireLifecycle lifecycle) : PageModel
{
    public sealed record Row(long Id, string Title, string Mode, string Status, int? Version, bool Changed);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        Rows = (await lifecycle.ListAsync())
            .Select(q => new Row(q.Id, SurveyDefinition.Parse(q.DraftDefinition).Title?.Get(lang) ?? $"#{q.Id}", q.Mode, q.Status, q.CurrentVersion, q.DraftChanged))
            .ToList();
    }

    public async Task<IActionResult> OnPostCopyAsync(long id)
    {
        var copied = await lifecycle.CopyAsync(id, User.Actor());
        if (!copied.IsOk) return NotFound();
        TempData["Status"] = WebText.Format("QCopied");
        return RedirectToPage("Details", new { id = copied.Value });
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id)
    {
        var deleted = await lifecycle.DeleteDraftAsync(id, User.Actor());
        if (deleted.IsOk)
        {
            TempData["Status"] = WebText.Format("QDeleted");
            return RedirectToPage();
        }
        ModelState.AddOutcome(deleted);
        await LoadAsync();
        return Page();
    }
}
