using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Expressions;
using Survey.Web.Access;

namespace Survey.Web.Pages.Questionnaires;

/// <summary>A list of elements in the overview: a page's (with moves across pages) or a container's.</summary>
public sealed record EditorElementsView(EditModel Page, IReadOnlyList<ElementDefinition> Elements, int PageIndex, bool Nested);

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

    /// <summary>The page an element is moved to ("move-to:NAME"), by name.</summary>
    [BindProperty]
    public string? ToPage { get; set; }

    /// <summary>The draft's revision this page showed; sent back with each change.</summary>
    [BindProperty]
    public int? Revision { get; set; }

    private async Task<bool> LoadAsync(long id)
    {
        Id = id;
        var row = await lifecycle.GetAsync(id);
        if (row is null) return false;
        Definition = SurveyDefinition.Parse(row.DraftDefinition);
        Revision = row.DraftRevision;
        Title = Definition.Title?.Get(Lang) ?? $"#{id}";
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>
    /// One change to the draft, named by Op: "up:NAME", "down:NAME", "remove:NAME", "duplicate:NAME",
    /// "move-to:NAME" (with ToPage) and "type:NAME" (with Type) for an element,
    /// "add:PAGE", "page-up:PAGE", "page-down:PAGE", "page-remove:PAGE", "page-duplicate:PAGE" and "page-add" for pages,
    /// always by name. A name that is not in the draft, or a page that showed an older revision,
    /// changes nothing and says why.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(long id)
    {
        var shown = Revision;
        if (!await LoadAsync(id)) return NotFound();
        var colon = (Op ?? "").IndexOf(':');
        var (verb, name) = colon < 0 ? (Op ?? "", "") : (Op![..colon], Op[(colon + 1)..]);
        var def = Definition!;
        var element = DefinitionEditor.Locate(def, name);
        var page = DefinitionEditor.PageIndexOf(def, name);
        // An element inside a panel or a repeating group moves within it.
        var nested = element is null && DefinitionEditor.ElementAt(def, name) is not null;
        JsonObject? changed = verb switch
        {
            "add" when ElementTypes.All.Contains(Type) && page >= 0 => DefinitionEditor.AddElement(def, page, Type!),
            "add-in" when ElementTypes.All.Contains(Type) => DefinitionEditor.AddInto(def, name, Type!),
            "up" when nested => DefinitionEditor.MoveWithin(def, name, -1),
            "down" when nested => DefinitionEditor.MoveWithin(def, name, +1),
            "remove" => DefinitionEditor.RemoveAt(def, name),
            "up" when element is { } e => DefinitionEditor.MoveElement(def, e.Page, e.Index, -1),
            "down" when element is { } e => DefinitionEditor.MoveElement(def, e.Page, e.Index, +1),
            "page-add" => DefinitionEditor.AddPage(def),
            "page-up" when page >= 0 => DefinitionEditor.MovePage(def, page, -1),
            "page-down" when page >= 0 => DefinitionEditor.MovePage(def, page, +1),
            "page-remove" when page >= 0 => DefinitionEditor.RemovePage(def, page),
            "duplicate" => DefinitionEditor.Duplicate(def, name),
            "page-duplicate" when page >= 0 => DefinitionEditor.DuplicatePage(def, page),
            "move-to" when DefinitionEditor.PageIndexOf(def, ToPage) >= 0 => DefinitionEditor.MoveToPage(def, name, DefinitionEditor.PageIndexOf(def, ToPage)),
            "type" when Type is not null => DefinitionEditor.ChangeType(def, name, Type),
            _ => null,
        };
        if (changed is null)
        {
            ModelState.AddModelError(string.Empty, WebText.Format("EdUnknownOp"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var saved = await lifecycle.UpdateDraftAsync(id, changed.ToJsonString(), User.Actor(), shown ?? Revision);
        if (saved.IsOk) return RedirectToPage(new { id });
        if (saved.Kind == Survey.Core.OutcomeKind.Conflict) Response.StatusCode = StatusCodes.Status409Conflict;
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
        // Inside a repeating group (name is group.question) {panel.…} and {panelIndex} are the row's; the save checks them.
        var inRow = name?.Contains('.') == true;
        var unknown = tree!.Variables().Select(v => v.Name.Split('.', '[')[0])
            .Where(n => !(inRow && n.ToLowerInvariant() is "panel" or "panelindex"))
            .FirstOrDefault(n => Definition!.FindQuestion(n) is null || string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return unknown is null
            ? new JsonResult(new { ok = true, message = WebText.Format("EdConditionOk") })
            : new JsonResult(new { ok = false, message = WebText.Format("EdConditionUnknown", unknown) });
    }
}
