using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Questionnaires;
using Survey.Web.Access;
using Survey.Web.Questionnaires;

namespace Survey.Web.Pages.Questionnaires;

/// <summary>An editable list; Kinds, where given, adds a choice of kind per row (a matrixdropdown column's cellType); ValueLabel names the first column.</summary>
public sealed record ItemRowsView(string List, string Legend, List<ItemRow> Items, bool HasError, IReadOnlyList<string>? Kinds = null, string? ValueLabel = null);

/// <summary>
/// Edits one element of the draft. List buttons (add, move, remove a choice) change the form only;
/// Save writes the whole definition through the importer, whose errors come back next to the fields.
/// </summary>
public sealed partial class EditQuestionModel(QuestionnaireLifecycle lifecycle, ScalePresets presets) : PageModel
{
    [BindProperty]
    public QuestionForm Input { get; set; } = new();

    [BindProperty]
    public string? Action { get; set; }

    [BindProperty]
    public string? BuildQuestion { get; set; }

    [BindProperty]
    public string? BuildOperator { get; set; }

    [BindProperty]
    public string? BuildValue { get; set; }

    /// <summary>The scale chosen to fill a list with ("preset:LIST"), and the name to save a list under ("save-preset:LIST").</summary>
    [BindProperty] public string? PresetKey { get; set; }
    [BindProperty] public string? PresetName { get; set; }

    public IReadOnlyList<ScalePreset> Presets { get; private set; } = [];

    /// <summary>A note shown above the form after a list button (a scale saved).</summary>
    public string? Notice { get; private set; }

    /// <summary>A value typed instead of picked (several for "any of", separated by commas).</summary>
    [BindProperty]
    public string? BuildValueText { get; set; }

    /// <summary>The earlier questions with their values, for the condition builder.</summary>
    public IReadOnlyList<ConditionSource> ConditionSources => ConditionBuilder.Sources(Definition!, EarlierQuestions, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    /// <summary>The element's name: the editor never addresses an element by a position that someone else may have changed.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Question { get; set; }

    /// <summary>The draft's revision the form was made from; a save from an older one is refused (someone else saved meanwhile).</summary>
    [BindProperty]
    public int? Revision { get; set; }

    /// <summary>The element's JSON path in the draft, under which the importer reports its errors.</summary>
    private string OwnPath { get; set; } = "";

    public long Id { get; private set; }
    public SurveyDefinition? Definition { get; private set; }
    public IReadOnlyList<(string Name, string Label)> EarlierQuestions { get; private set; } = [];

    /// <summary>Loads the draft and the element; the scales are listed only for a request that shows the form (not an autosave).</summary>
    private async Task<ElementDefinition?> LoadAsync(long id, bool showsForm = true)
    {
        Id = id;
        var row = await lifecycle.GetAsync(id);
        if (row is null) return null;
        Definition = SurveyDefinition.Parse(row.DraftDefinition);
        CurrentRevision = row.DraftRevision;
        if (showsForm) Presets = await presets.ListAsync();
        // Any element, one inside a panel or a repeating group too (addressed as group.question).
        if (DefinitionEditor.ElementAt(Definition, Question) is not { } element) return null;
        OwnPath = element.Path;
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        // A condition can only look at questions asked before this one; in a repeating group, also at the row's earlier questions.
        var group = element.Parent?.TemplateElements is not null ? element.Parent : null;
        EarlierQuestions = Definition.AllElements.TakeWhile(e => !ReferenceEquals(e, group ?? element))
            .Where(e => e.IsQuestion).Select(e => (e.Name!, e.Label(lang)))
            .Concat((group?.TemplateElements ?? []).TakeWhile(t => !ReferenceEquals(t, element)).Where(t => t.IsQuestion)
                .Select(t => ("panel." + t.Name, group!.Label(lang) + ": " + t.Label(lang))))
            .ToList();
        return element;
    }

    private int CurrentRevision { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var element = await LoadAsync(id);
        if (element is null) return NotFound();
        Input = QuestionForm.From(element);
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
        if (Action?.Split(':') is [var verb and ("preset" or "save-preset"), var listName] && Input.ListNamed(listName) is { } list)
        {
            ModelState.Clear();
            if (verb == "preset")
            {
                if (await presets.FindAsync(PresetKey) is { } preset)
                {
                    list.Clear();
                    list.AddRange(preset.Items.Select(i => new ItemRow { Value = i.Value, Da = i.Da, En = i.En }));
                }
                return Page();
            }
            var savedPreset = await presets.SaveAsync(PresetName, list, User.Actor());
            if (savedPreset.IsOk)
            {
                Presets = await presets.ListAsync();
                Notice = WebText.Format("EdPresetSaved", PresetName!.Trim());
                PresetName = null;
            }
            else ModelState.AddModelError("PresetName", savedPreset.Errors!.Values.First()[0]);
            return Page();
        }
        if (Action != "save")
        {
            Input.Apply(Action);
            ModelState.Clear();
            return Page();
        }
        var saved = await SaveDraftAsync(id, Changed());
        if (saved.IsOk)
        {
            TempData["Status"] = WebText.Format("EdQuestionSaved");
            return RedirectToPage("Edit", new { id });
        }
        if (saved.Kind == Survey.Core.OutcomeKind.Conflict)
        {
            Revision = CurrentRevision;
            return this.StaleDraft(saved.Reason!);
        }
        var own = OwnPath;
        foreach (var (path, messages) in saved.Errors ?? new Dictionary<string, string[]>())
        {
            var field = path.StartsWith(own + ".", StringComparison.Ordinal) ? FieldOf(path[(own.Length + 1)..]) : null;
            foreach (var message in messages)
                ModelState.AddModelError(field is null ? string.Empty : "Input." + field, field is null ? $"{path}: {message}" : message);
        }
        if (saved.Reason is { } reason) ModelState.AddModelError(string.Empty, reason);
        return Page();
    }

    /// <summary>
    /// The question saved as the draft from the editor's script while it is being edited: JSON
    /// {saved, revision, message}. The same revision check as Save (409 when someone else saved
    /// meanwhile); a form that does not make a valid definition yet is not saved, and says why.
    /// </summary>
    public async Task<IActionResult> OnPostAutosaveAsync(long id)
    {
        if (await LoadAsync(id, showsForm: false) is null) return NotFound();
        var changed = Changed();
        if (JsonNode.DeepEquals(changed, Definition!.ToJson()))
            return new JsonResult(new { saved = true, revision = CurrentRevision, message = WebText.Format("EdAutosaved", Core.Times.ShortLocal(DateTime.UtcNow)[11..]) });
        var saved = await SaveDraftAsync(id, changed);
        if (saved.IsOk)
            return new JsonResult(new { saved = true, revision = CurrentRevision + 1, message = WebText.Format("EdAutosaved", Core.Times.ShortLocal(DateTime.UtcNow)[11..]) });
        if (saved.Kind == Survey.Core.OutcomeKind.Conflict)
            return new JsonResult(new { saved = false, message = saved.Reason }) { StatusCode = StatusCodes.Status409Conflict };
        var first = saved.Errors?.SelectMany(e => e.Value).FirstOrDefault() ?? saved.Reason ?? "";
        return new JsonResult(new { saved = false, revision = CurrentRevision, message = WebText.Format("EdAutosaveNotYet", first) });
    }

    /// <summary>The draft with the form's element in place of the stored one.</summary>
    private JsonNode Changed() =>
        DefinitionEditor.ReplaceAt(Definition!, Question!, Input.MergeInto(DefinitionEditor.JsonAt(Definition!, Question!)!))!;

    /// <summary>Save and autosave alike: the whole draft through the importer, refused when made from an older revision.</summary>
    private Task<Survey.Core.Outcome<bool>> SaveDraftAsync(long id, JsonNode changed) =>
        lifecycle.UpdateDraftAsync(id, changed.ToJsonString(), User.Actor(), Revision);

    /// <summary>Which form field a JSON path inside the element belongs to.</summary>
    private static string? FieldOf(string property)
    {
        var head = PropertyHead().Match(property).Value;
        return head switch
        {
            "name" => "Name",
            "title" => "TitleDa",
            "description" => "HelpDa",
            "visibleIf" => "VisibleIf",
            "choices" => "Choices",
            "rows" => "Rows",
            "columns" => "Columns",
            "items" => "Items",
            "templateElements" => null,
            "panelCount" or "rowCount" => "PanelCount",
            "minPanelCount" or "minRowCount" => "MinPanelCount",
            "maxPanelCount" or "maxRowCount" => "MaxPanelCount",
            "rateMin" => "RateMin",
            "rateMax" => "RateMax",
            "min" => "Min",
            "max" => "Max",
            "maxLength" => "MaxLength",
            "inputType" => "InputType",
            "html" => "HtmlDa",
            "validators" => property.Contains("regex", StringComparison.Ordinal) ? "Pattern" : "MinLength",
            _ => null,
        };
    }

    [GeneratedRegex("^[A-Za-z]+")]
    private static partial Regex PropertyHead();

}
