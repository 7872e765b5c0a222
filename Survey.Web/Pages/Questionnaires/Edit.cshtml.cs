using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Expressions;
using Survey.Web.Access;

namespace Survey.Web.Pages.Questionnaires;

/// <summary>The editor's overview: pages and their elements, to add, move, remove and open for editing.</summary>
public sealed class EditModel(QuestionnaireLifecycle lifecycle) : PageModel
{
    public long Id { get; private set; }
    public string Title { get; private set; } = "";
    public SurveyDefinition? Definition { get; private set; }
    public string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    [BindProperty]
    public string? Op { get; set; }

    [BindProperty]
    public string? Type { get; set; }

    private async Task<bool> LoadAsync(long id)
    {
        Id = id;
        var row = await lifecycle.GetAsync(id);
        if (row is null) return false;
        Definition = SurveyDefinition.Parse(row.DraftDefinition);
        Title = Definition.Title?.Get(Lang) ?? $"#{id}";
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var parts = (Op ?? "").Split(':');
        int Arg(int i) => parts.Length > i && int.TryParse(parts[i], out var n) ? n : -1;
        var def = Definition!;
        JsonObject? changed = parts[0] switch
        {
            "add" when ElementTypes.All.Contains(Type) && Arg(1) >= 0 && Arg(1) < def.Pages.Count => DefinitionEditor.AddElement(def, Arg(1), Type!),
            "up" => DefinitionEditor.MoveElement(def, Arg(1), Arg(2), -1),
            "down" => DefinitionEditor.MoveElement(def, Arg(1), Arg(2), +1),
            "remove" => DefinitionEditor.RemoveElement(def, Arg(1), Arg(2)),
            "page-add" => DefinitionEditor.AddPage(def),
            "page-up" => DefinitionEditor.MovePage(def, Arg(1), -1),
            "page-down" => DefinitionEditor.MovePage(def, Arg(1), +1),
            "page-remove" => DefinitionEditor.RemovePage(def, Arg(1)),
            _ => null,
        };
        if (changed is null) return BadRequest();
        var saved = await lifecycle.UpdateDraftAsync(id, changed.ToJsonString(), User.Actor());
        if (saved.IsOk) return RedirectToPage(new { id });
        // The change would break the definition (an emptied page, a condition on a removed question): say why, keep the draft.
        foreach (var (path, messages) in saved.Errors ?? new Dictionary<string, string[]>())
            foreach (var message in messages) ModelState.AddModelError(string.Empty, $"{path}: {message}");
        if (saved.Reason is { } reason) ModelState.AddModelError(string.Empty, reason);
        return Page();
    }

    /// <summary>Checks a condition as it is typed: JSON {ok, message} for the editor's script.</summary>
    public async Task<IActionResult> OnGetCheckAsync(long id, string? expression, string? name)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (string.IsNullOrWhiteSpace(expression)) return new JsonResult(new { ok = true, message = "" });
        if (!ExpressionParser.TryParse(expression, out var tree, out var error))
            return new JsonResult(new { ok = false, message = error!.Message });
        var unknown = tree!.Variables().Select(v => v.Name.Split('.')[0])
            .FirstOrDefault(n => Definition!.FindQuestion(n) is null || string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return unknown is null
            ? new JsonResult(new { ok = true, message = WebText.Format("EdConditionOk") })
            : new JsonResult(new { ok = false, message = WebText.Format("EdConditionUnknown", unknown) });
    }
}
