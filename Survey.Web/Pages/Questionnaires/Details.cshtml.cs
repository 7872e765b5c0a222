using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Web.Access;
using Survey.Web.Participants;

namespace Survey.Web.Pages.Questionnaires;

/// <summary>One questionnaire: progress, settings, publish and close, and its SurveyJS JSON in and out.</summary>
public sealed class DetailsModel(QuestionnaireLifecycle lifecycle, Monitoring monitoring, IConfiguration configuration) : PageModel
{
    public sealed class InputModel
    {
        public string Mode { get; set; } = Modes.Survey;
        public string Anonymity { get; set; } = Survey.Core.Questionnaires.Anonymity.Confidential;
        public int MinGroupSize { get; set; } = QuestionnaireSettings.DefaultMinGroupSize;
        public bool OpenLink { get; set; }
        public DateOnly? OpensAt { get; set; }
        public DateOnly? ClosesAt { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public string? DefinitionJson { get; set; }

    public QuestionnaireRow? Row { get; private set; }
    public string Title { get; private set; } = "";
    public string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
    public ProgressRow? Total { get; private set; }
    public IReadOnlyList<ProgressRow> BySector { get; private set; } = [];
    public string OpenLinkUrl => $"{InvitationsApi.PublicBaseUrl(configuration)}/o/{Row!.PublicKey}";

    private async Task<bool> LoadAsync(long id, bool keepInput = false)
    {
        Row = await lifecycle.GetAsync(id);
        if (Row is null) return false;
        Title = SurveyDefinition.Parse(Row.DraftDefinition).Title?.Get(Lang) ?? $"#{id}";
        (Total, BySector) = await monitoring.ProgressAsync(id);
        if (!keepInput)
        {
            Input = new InputModel
            {
                Mode = Row.Mode, Anonymity = Row.Anonymity, MinGroupSize = Row.MinGroupSize, OpenLink = Row.OpenLink,
                OpensAt = Row.OpensAt is { } o ? DateOnly.FromDateTime(Survey.Core.Times.ToCopenhagen(o)) : null,
                ClosesAt = Row.ClosesAt is { } c ? DateOnly.FromDateTime(Survey.Core.Times.ToCopenhagen(c)) : null,
            };
        }
        DefinitionJson ??= JsonSerializer.Serialize(SurveyDefinition.Parse(Row.DraftDefinition).ToJson(), new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPublishAsync(long id)
    {
        var published = await lifecycle.PublishAsync(id, User.Actor());
        if (published.Kind == Survey.Core.OutcomeKind.NotFound) return NotFound();
        if (published.IsOk)
        {
            TempData["Status"] = WebText.Format("QPublished", published.Value);
            return RedirectToPage(new { id });
        }
        ModelState.AddOutcome(published, "Definition");
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostCloseAsync(long id)
    {
        var closed = await lifecycle.CloseAsync(id, User.Actor());
        if (closed.IsOk)
        {
            TempData["Status"] = WebText.Format("QClosed");
            return RedirectToPage(new { id });
        }
        ModelState.AddOutcome(closed);
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostSettingsAsync(long id)
    {
        static DateTime? Utc(DateOnly? d) => d is { } day
            ? Survey.Core.Times.FromCopenhagen(day)
            : null;
        var settings = new QuestionnaireSettings(Input.Mode, Input.Anonymity, Input.MinGroupSize, Input.OpenLink, Utc(Input.OpensAt), Utc(Input.ClosesAt));
        var saved = await lifecycle.UpdateSettingsAsync(id, settings, User.Actor());
        if (saved.Kind == Survey.Core.OutcomeKind.NotFound) return NotFound();
        if (saved.IsOk)
        {
            TempData["Status"] = WebText.Format("Saved");
            return RedirectToPage(new { id });
        }
        ModelState.AddOutcome(saved);
        return await LoadAsync(id, keepInput: true) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostImportAsync(long id)
    {
        var updated = await lifecycle.UpdateDraftAsync(id, DefinitionJson ?? "", User.Actor());
        if (updated.Kind == Survey.Core.OutcomeKind.NotFound) return NotFound();
        if (updated.IsOk)
        {
            TempData["Status"] = CreateModel.WithWarnings(WebText.Format("QDefinitionSaved"), DefinitionJson ?? "");
            return RedirectToPage(new { id });
        }
        if (updated.Errors is { } errors)
        {
            foreach (var (path, messages) in errors)
                foreach (var message in messages) ModelState.AddModelError("Definition", $"{path}: {message}");
        }
        else ModelState.AddModelError("Definition", updated.Reason!);
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnGetExportAsync(long id)
    {
        var row = await lifecycle.GetAsync(id);
        if (row is null) return NotFound();
        var json = JsonSerializer.Serialize(SurveyDefinition.Parse(row.DraftDefinition).ToJson(),
            new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return File(Encoding.UTF8.GetBytes(json), "application/json", $"questionnaire-{id}.json");
    }
}
