using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Questionnaires;
using Survey.Web.Access;
using Survey.Web.Questionnaires;

namespace Survey.Web.Pages.Questionnaires;

/// <summary>The draft's last versions, each with what it holds that the draft does not (and the reverse), to restore one.</summary>
public sealed class HistoryModel(QuestionnaireLifecycle lifecycle) : PageModel
{
    public sealed record Line(DraftVersion Version, int Pages, int Questions, IReadOnlyList<string> Missing, IReadOnlyList<string> Extra);

    public long Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
    public IReadOnlyList<Line> Lines { get; private set; } = [];

    [BindProperty] public int? Revision { get; set; }

    private async Task<bool> LoadAsync(long id)
    {
        Id = id;
        var row = await lifecycle.GetAsync(id);
        if (row is null) return false;
        var draft = SurveyDefinition.Parse(row.DraftDefinition);
        Revision = row.DraftRevision;
        Title = draft.Title?.Get(Lang) ?? $"#{id}";
        var now = draft.Questions.ToDictionary(q => q.Name!, q => q.Label(Lang), StringComparer.Ordinal);
        Lines = (await lifecycle.VersionsAsync(id)).Select(v =>
        {
            var then = SurveyDefinition.Parse(v.Definition);
            var questions = then.Questions.ToDictionary(q => q.Name!, q => q.Label(Lang), StringComparer.Ordinal);
            return new Line(v, then.Pages.Count, questions.Count,
                questions.Where(q => !now.ContainsKey(q.Key)).Select(q => q.Value).ToList(),
                now.Where(q => !questions.ContainsKey(q.Key)).Select(q => q.Value).ToList());
        }).ToList();
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, int restore)
    {
        var shown = Revision;
        var restored = await lifecycle.RestoreAsync(id, restore, User.Actor(), shown);
        if (!await LoadAsync(id)) return NotFound();
        if (restored.IsOk)
        {
            TempData["Status"] = WebText.Format("EdRestored", restore);
            return RedirectToPage("Edit", new { id });
        }
        if (restored.Kind == Core.OutcomeKind.Conflict) return this.StaleDraft(restored.Reason!);
        ModelState.AddOutcome(restored);
        return Page();
    }
}
