using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Questionnaires;
using Survey.Web.Access;

namespace Survey.Web.Pages.Questionnaires;

/// <summary>A new questionnaire or guide: from a title (one starter page) or from SurveyJS JSON.</summary>
public sealed class CreateModel(QuestionnaireLifecycle lifecycle, Microsoft.Extensions.Options.IOptions<Survey.Core.SurveyOptions> options) : PageModel
{
    public sealed class InputModel
    {
        public string TitleDa { get; set; } = "";
        public string TitleEn { get; set; } = "";
        public string Mode { get; set; } = Modes.Survey;
        public string? DefinitionJson { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        string json;
        if (!string.IsNullOrWhiteSpace(Input.DefinitionJson))
        {
            json = Input.DefinitionJson;
        }
        else if (string.IsNullOrWhiteSpace(Input.TitleDa))
        {
            ModelState.AddModelError("Input.TitleDa", WebText.Format("QTitleRequired"));
            return Page();
        }
        else
        {
            json = Starter(Input.TitleDa.Trim(), string.IsNullOrWhiteSpace(Input.TitleEn) ? Input.TitleDa.Trim() : Input.TitleEn.Trim());
        }
        var created = await lifecycle.CreateAsync(json, new QuestionnaireSettings(Mode: Input.Mode, MinGroupSize: options.Value.MinGroupSize), User.Actor());
        if (!created.IsOk)
        {
            foreach (var (path, messages) in created.Errors ?? new Dictionary<string, string[]>())
                foreach (var message in messages)
                    ModelState.AddModelError(path.StartsWith('$') ? "Input.Definition" : "Input." + path, path.StartsWith('$') ? $"{path}: {message}" : message);
            return Page();
        }
        TempData["Status"] = WithWarnings(WebText.Format("QCreated"), json);
        return RedirectToPage("Details", new { id = created.Value });
    }

    /// <summary>The status line, with what the import kept without effect or read under a newer name, by JSON path.</summary>
    public static string WithWarnings(string status, string json)
    {
        var warnings = DefinitionImport.Import(json).WarningsByPath();
        return warnings.Count == 0 ? status
            : status + " " + WebText.Format("QImportWarnings", string.Join("; ", warnings.Select(w => $"{w.Key}: {string.Join(" ", w.Value)}")));
    }

    /// <summary>One page with one question, to be shaped in the editor.</summary>
    private static string Starter(string da, string en) => new JsonObject
    {
        ["title"] = new JsonObject { ["da"] = da, ["en"] = en },
        ["locale"] = "da",
        ["pages"] = new JsonArray(new JsonObject
        {
            ["name"] = "page1",
            ["title"] = new JsonObject { ["da"] = "Side 1", ["en"] = "Page 1" },
            ["elements"] = new JsonArray(new JsonObject
            {
                ["type"] = "comment",
                ["name"] = "question1",
                ["title"] = new JsonObject { ["da"] = "Første spørgsmål", ["en"] = "First question" },
            }),
        }),
    }.ToJsonString();
}
