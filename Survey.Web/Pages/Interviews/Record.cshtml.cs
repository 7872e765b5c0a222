using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Primitives;
using Survey.Core;
using Survey.Core.Interviews;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Core.Responses.Forms;
using Survey.Web.Access;

namespace Survey.Web.Pages.Interviews;

/// <summary>
/// One interview: the guide filled in by the interviewer (the leaders' own question fields, with the
/// interviewer's prompts and a note per question), its quotes, the review, and the history.
/// </summary>
public sealed class RecordModel(Core.Interviews.Interviews interviews, DefinitionCache definitions, Themes themes) : PageModel
{
    public sealed class InputModel
    {
        public string? HeldOn { get; set; }
        public string? Channel { get; set; }
        public bool QuoteConsent { get; set; }
    }

    public sealed class QuoteModel
    {
        public string? Question { get; set; }
        public string? Text { get; set; }
        public List<long> Themes { get; set; } = [];
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty] public QuoteModel NewQuote { get; set; } = new();

    public InterviewRecord Record { get; private set; } = null!;
    public SurveyDefinition Definition { get; private set; } = null!;
    public string Lang { get; } = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "da";
    public IReadOnlyList<(PageDefinition Page, IReadOnlyList<QuestionView> Views)> Pages { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Notes { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<Quote> Quotes { get; private set; } = [];
    public IReadOnlyList<Theme> ThemeList { get; private set; } = [];
    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];
    public bool MayReview { get; private set; }
    public bool MayErase { get; private set; }

    public static string NoteField(string question) => $"note[{question}]";

    /// <summary>Where the page returns to after a repeating group's row was added or removed.</summary>
    private string? RowAnchor { get; set; }

    /// <summary>
    /// A history line as a reader takes it: the field by its label (a question by its title, a note
    /// as the note to it) and the values as the record shows them (choice texts, Ja/Nej, statuses),
    /// not the stored names and JSON with its escapes.
    /// </summary>
    public (string Field, string? Old, string? New) Describe(HistoryEntry h)
    {
        var (field, key) = h.Field.IndexOf(':') is var colon and > 0 ? (h.Field[..colon], h.Field[(colon + 1)..]) : (h.Field, "");
        var question = Definition.QuestionNamed(key);
        Func<string?, string?> value = field switch
        {
            "answer" => v => AnswerText(question, v),
            "quoteConsent" => v => v is null ? null : CoreText.Format(v == "true" ? "FormYes" : "FormNo"),
            "status" => v => v is null ? null : WebText.Format("IvStatus_" + v),
            _ => v => v,
        };
        var label = field switch
        {
            "answer" => QuestionLabel(key),
            "note" => WebText.Format("IvNoteTo", QuestionLabel(key)),
            "heldOn" => WebText.Format("IvHeldOn"),
            "channel" => WebText.Format("IvChannel"),
            "quoteConsent" => WebText.Format("IvConsentShort"),
            "status" => WebText.Format("ColStatus"),
            "reviewComment" => WebText.Format("IvReviewComment"),
            _ => h.Field,
        };
        return (label, value(h.OldValue), value(h.NewValue));
    }

    /// <summary>A stored answer (JSON) as the review lines of its question, or as plain JSON text when the guide no longer has it.</summary>
    private string? AnswerText(ElementDefinition? question, string? json)
    {
        if (json is null) return null;
        JsonNode? node;
        try { node = JsonNode.Parse(json); }
        catch (System.Text.Json.JsonException) { return json; }
        if (node is null) return null;
        if (question is not null)
            return string.Join("; ", Survey.Core.Questionnaires.Types.QuestionTypes.Of(question).ReviewLines(question, node, Record.AnswerValues, Lang));
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public string QuestionLabel(string name) => Definition.QuestionNamed(name)?.Label(Lang) ?? name;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input = new InputModel { HeldOn = Record.HeldOn, Channel = Record.Channel, QuoteConsent = Record.QuoteConsent };
        Build(Record.AnswerValues, null, new Dictionary<string, string[]>());
        return Page();
    }

    /// <summary>Saves the record as the form has it: every button on the page sends the whole form, so nothing typed is lost.</summary>
    private async Task<(Outcome<InterviewRecord> Saved, JsonObject Answers, Dictionary<string, string> Notes)> SaveFormAsync(long id)
    {
        var answers = Definition.Pages.Aggregate(Record.AnswerValues, (draft, page) => FormAnswers.Merge(Definition, draft, page, Request.Form));
        // A repeating group's "Add another" or "Remove": the record is saved with its rows changed.
        RowAnchor = Survey.Core.Questionnaires.Types.PanelDynamicType.RowAction.Parse(Definition.AllElements, Request.Form[Survey.Core.Questionnaires.Types.PanelDynamicType.RowAction.Field])?.ApplyTo(Definition, answers);
        var notes = Definition.Questions.ToDictionary(q => q.Name!, q => Request.Form[NoteField(q.Name!)].ToString());
        var saved = await interviews.SaveAsync(id, new InterviewEdit(answers, notes, Input.HeldOn, Input.Channel, Input.QuoteConsent), User.InterviewActor());
        return (saved, answers, notes);
    }

    /// <summary>Whether the request carries the record form (a quote added or removed from a page that could edit it).</summary>
    private bool CarriesRecord => Request.HasFormContentType && Request.Form.ContainsKey("record");

    public async Task<IActionResult> OnPostSaveAsync(long id, string? complete)
    {
        if (!await LoadAsync(id)) return NotFound();
        var actor = User.InterviewActor();
        var (saved, answers, notes) = await SaveFormAsync(id);
        if (saved.Kind == OutcomeKind.NotFound) return NotFound();
        if (!saved.IsOk) return Invalid(answers, saved.Errors!, notes);
        if (complete is not null)
        {
            var completed = await interviews.CompleteAsync(id, actor);
            if (!completed.IsOk)
            {
                await LoadAsync(id);
                if (completed.Errors is null) ModelState.AddModelError(string.Empty, completed.Reason ?? "");
                return Invalid(answers, completed.Errors ?? new Dictionary<string, string[]>(), notes);
            }
            TempData["Status"] = WebText.Format("IvCompleted");
        }
        else
        {
            TempData["Status"] = WebText.Format("Saved");
        }
        return RowAnchor is null ? RedirectToPage(new { id }) : RedirectToPage(null, null, new { id }, RowAnchor);
    }

    public async Task<IActionResult> OnPostQuoteAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (CarriesRecord)
        {
            // What was typed in the record since the last save is saved first, then the quote added.
            var (saved, answers, notes) = await SaveFormAsync(id);
            if (saved.Kind == OutcomeKind.NotFound) return NotFound();
            if (!saved.IsOk) return Invalid(answers, saved.Errors!, notes);
            await LoadAsync(id);
        }
        var added = await interviews.AddQuoteAsync(id, new QuoteInput(NewQuote.Question ?? "", NewQuote.Text ?? "", NewQuote.Themes), User.InterviewActor());
        if (added.Kind == OutcomeKind.NotFound) return NotFound();
        if (!added.IsOk)
        {
            ModelState.AddOutcome(added, "NewQuote");
            Input = new InputModel { HeldOn = Record.HeldOn, Channel = Record.Channel, QuoteConsent = Record.QuoteConsent };
            Build(Record.AnswerValues, null, new Dictionary<string, string[]>());
            return Page();
        }
        TempData["Status"] = WebText.Format("IvQuoteAdded");
        return RedirectToPage(null, null, new { id }, "quotes");
    }

    public async Task<IActionResult> OnPostRemoveQuoteAsync(long id, long quoteId)
    {
        if (CarriesRecord)
        {
            if (!await LoadAsync(id)) return NotFound();
            var (saved, answers, notes) = await SaveFormAsync(id);
            if (saved.Kind == OutcomeKind.NotFound) return NotFound();
            if (!saved.IsOk) return Invalid(answers, saved.Errors!, notes);
        }
        var removed = await interviews.RemoveQuoteAsync(id, quoteId, User.InterviewActor());
        if (!removed.IsOk) return NotFound();
        TempData["Status"] = WebText.Format("IvQuoteRemoved");
        return RedirectToPage(null, null, new { id }, "quotes");
    }

    public async Task<IActionResult> OnPostReviewAsync(long id, string decision, string? comment)
    {
        if (!await LoadAsync(id)) return NotFound();
        var reviewed = await interviews.ReviewAsync(id, decision == "approve", comment, User.InterviewActor());
        if (reviewed.Kind == OutcomeKind.NotFound) return NotFound();
        if (!reviewed.IsOk)
        {
            if (reviewed.Errors is not null) ModelState.AddOutcome(reviewed, "Review");
            else ModelState.AddModelError(string.Empty, reviewed.Reason ?? "");
            Input = new InputModel { HeldOn = Record.HeldOn, Channel = Record.Channel, QuoteConsent = Record.QuoteConsent };
            Build(Record.AnswerValues, null, new Dictionary<string, string[]>());
            return Page();
        }
        TempData["Status"] = WebText.Format(decision == "approve" ? "IvReviewed" : "IvReturned");
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostEraseAsync(long id, string? confirm)
    {
        if (confirm != "yes")
        {
            if (!await LoadAsync(id)) return NotFound();
            ModelState.AddModelError("erase-confirm", WebText.Format("IvEraseUnconfirmed"));
            Input = new InputModel { HeldOn = Record.HeldOn, Channel = Record.Channel, QuoteConsent = Record.QuoteConsent };
            Build(Record.AnswerValues, null, new Dictionary<string, string[]>());
            return Page();
        }
        var erased = await interviews.EraseAsync(id, User.InterviewActor());
        if (!erased.IsOk) return NotFound();
        TempData["Status"] = WebText.Format("IvErased");
        return RedirectToPage("Index");
    }

    private IActionResult Invalid(JsonObject answers, IDictionary<string, string[]> errors, IReadOnlyDictionary<string, string> notes)
    {
        var questionErrors = new Dictionary<string, string[]>();
        foreach (var (field, messages) in errors)
        {
            if (Definition.Questions.Any(q => q.Name == AnswerValidator.QuestionOf(field))) questionErrors[field] = messages;
            else foreach (var m in messages) ModelState.AddModelError(field.StartsWith("notes.", StringComparison.Ordinal) ? string.Empty : ModelStateExtensions.FormField("Input", field), m);
        }
        Build(answers, Request.Form.ToDictionary(p => p.Key, p => p.Value), questionErrors);
        Notes = notes;
        // The error summary links to each question's first field, in the order of the guide.
        foreach (var (_, views) in Pages)
            foreach (var v in QuestionViews.WithRowFields(views).Where(v => v.Errors.Count > 0))
                foreach (var m in v.Errors) ModelState.AddModelError(v.FirstControlId, $"{v.ErrorLabel}: {m}");
        return Page();
    }

    private async Task<bool> LoadAsync(long id)
    {
        var actor = User.InterviewActor();
        var record = await interviews.GetAsync(id, actor);
        if (record is null) return false;
        Record = record;
        Definition = await definitions.GetAsync(record.QuestionnaireId, record.Version) ?? throw new InvalidOperationException("Guide version missing.");
        Notes = record.NoteValues;
        Quotes = await interviews.QuotesAsync(id, actor);
        ThemeList = await themes.ListAsync();
        History = await interviews.HistoryAsync(id, actor);
        MayReview = actor.SeesAll && record.Status == InterviewStatus.Completed && record.InterviewerId != actor.UserId;
        MayErase = actor.SeesAll;
        return true;
    }

    private void Build(JsonObject answers, IReadOnlyDictionary<string, StringValues>? posted, IReadOnlyDictionary<string, string[]> errors)
    {
        var check = AnswerValidator.Validate(Definition, answers, AnswerScope.Draft);
        var values = posted ?? FormAnswers.ToForm(Definition, answers);
        Pages = Definition.Pages.Select(p => (p, QuestionViews.Build(Definition, p.Elements, Lang, values, errors, check, seed: "interview-" + Record.Id))).ToList();
        ScriptState = QuestionViews.ScriptState(Pages.SelectMany(p => p.Views).ToList(), check.Answers);
    }

    /// <summary>The guide's questions and conditions for interview.js, which shows and hides them as the interviewer answers.</summary>
    public string ScriptState { get; private set; } = "{}";
}
