using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Questionnaires;
using Survey.Web.Access;
using Survey.Web.Questionnaires;

namespace Survey.Web.Pages.Questionnaires;

/// <summary>A page's name, titles, introduction and show-if condition.</summary>
public sealed class EditPageModel(QuestionnaireLifecycle lifecycle) : PageModel
{
    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? TitleDa { get; set; }
        public string? TitleEn { get; set; }
        public string? DescriptionDa { get; set; }
        public string? DescriptionEn { get; set; }
        public string? VisibleIf { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>The page's name (not "page": Razor Pages uses that route value for the page itself).</summary>
    [BindProperty(SupportsGet = true)]
    public string? PageName { get; set; }

    [BindProperty] public string? Action { get; set; }
    [BindProperty] public string? BuildQuestion { get; set; }
    [BindProperty] public string? BuildOperator { get; set; }
    [BindProperty] public string? BuildValue { get; set; }
    [BindProperty] public string? BuildValueText { get; set; }

    /// <summary>The questions of the pages before this one, with their values: what a page's condition may look at.</summary>
    public IReadOnlyList<ConditionSource> ConditionSources { get; private set; } = [];

    /// <summary>The draft's revision the form was made from.</summary>
    [BindProperty]
    public int? Revision { get; set; }

    private int PageIndex { get; set; }
    private int CurrentRevision { get; set; }

    public long Id { get; private set; }
    private SurveyDefinition? _definition;

    private async Task<PageDefinition?> LoadAsync(long id)
    {
        Id = id;
        var row = await lifecycle.GetAsync(id);
        if (row is null) return null;
        _definition = SurveyDefinition.Parse(row.DraftDefinition);
        CurrentRevision = row.DraftRevision;
        PageIndex = DefinitionEditor.PageIndexOf(_definition, PageName);
        var lang = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        ConditionSources = ConditionBuilder.Sources(_definition,
            _definition.Pages.Take(Math.Max(0, PageIndex)).SelectMany(p => p.AllElements).Where(e => e.IsQuestion).Select(e => (e.Name!, e.Label(lang))), lang);
        return PageIndex >= 0 ? _definition.Pages[PageIndex] : null;
    }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var page = await LoadAsync(id);
        if (page is null) return NotFound();
        static string? Get(LocalizedText? t, string lang) => t is null ? null : t.IsMap ? t.Map.GetValueOrDefault(lang) ?? (lang == "da" ? t.Map.GetValueOrDefault("default") : null) : lang == "da" ? t.Get(null) : null;
        Input = new InputModel
        {
            Name = page.Name, TitleDa = Get(page.Title, "da"), TitleEn = Get(page.Title, "en"),
            DescriptionDa = Get(page.Description, "da"), DescriptionEn = Get(page.Description, "en"), VisibleIf = page.VisibleIf,
        };
        Revision = CurrentRevision;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (await LoadAsync(id) is null) return NotFound();
        Revision ??= CurrentRevision;
        if (Action == "build")
        {
            Input.VisibleIf = ConditionBuilder.Compose(Input.VisibleIf, BuildQuestion, BuildOperator, string.IsNullOrWhiteSpace(BuildValueText) ? BuildValue : BuildValueText);
            ModelState.Clear();
            return Page();
        }
        var page = new JsonObject { ["name"] = (Input.Name ?? "").Trim() };
        void Text(string key, string? da, string? en)
        {
            var map = new JsonObject();
            if (!string.IsNullOrWhiteSpace(da)) map["da"] = da.Trim();
            if (!string.IsNullOrWhiteSpace(en)) map["en"] = en.Trim();
            if (map.Count > 0) page[key] = map;
        }
        Text("title", Input.TitleDa, Input.TitleEn);
        Text("description", Input.DescriptionDa, Input.DescriptionEn);
        if (!string.IsNullOrWhiteSpace(Input.VisibleIf)) page["visibleIf"] = Input.VisibleIf.Trim();
        var saved = await lifecycle.UpdateDraftAsync(id, DefinitionEditor.ReplacePage(_definition!, PageIndex, page).ToJsonString(), User.Actor(), Revision);
        if (saved.IsOk) return RedirectToPage("Edit", new { id });
        if (saved.Kind == Survey.Core.OutcomeKind.Conflict)
        {
            Revision = CurrentRevision;
            return this.StaleDraft(saved.Reason!);
        }
        var own = $"$.pages[{PageIndex}].";
        foreach (var (path, messages) in saved.Errors ?? new Dictionary<string, string[]>())
        {
            var field = path == own + "name" ? "Input.Name" : path == own + "visibleIf" ? "Input.VisibleIf" : string.Empty;
            foreach (var message in messages) ModelState.AddModelError(field, field.Length == 0 ? $"{path}: {message}" : message);
        }
        if (saved.Reason is { } reason) ModelState.AddModelError(string.Empty, reason);
        return Page();
    }
}
