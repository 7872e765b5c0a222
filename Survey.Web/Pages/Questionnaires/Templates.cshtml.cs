using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Web.Access;
using Survey.Web.Participants;

namespace Survey.Web.Pages.Questionnaires;

public sealed class TemplatesModel(MessageTemplates templates) : PageModel
{
    public sealed class InputModel
    {
        public string Kind { get; set; } = MessageKinds.Invitation;
        public string Language { get; set; } = "da";
        public string Subject { get; set; } = "";
        public string Body { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public long Id { get; private set; }
    public List<MessageTemplate> Templates { get; } = [];

    private async Task LoadAsync(long id)
    {
        Id = id;
        foreach (var kind in MessageKinds.All)
            foreach (var language in new[] { "da", "en" })
                Templates.Add(await templates.GetAsync(id, kind, language));
    }

    public async Task OnGetAsync(long id) => await LoadAsync(id);

    /// <summary>The model-state key of a field, which the error summary turns into the field's id.</summary>
    public static string FieldKey(string field, string kind, string language) => $"{field}-{kind}-{language}";

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!MessageKinds.All.Contains(Input.Kind) || Input.Language is not ("da" or "en")) return BadRequest();
        var saved = await templates.SaveAsync(id, new MessageTemplate(Input.Kind, Input.Language, Input.Subject, Input.Body), User.Actor());
        if (saved.IsOk)
        {
            TempData["Status"] = WebText.Format("Saved");
            return RedirectToPage(new { id });
        }
        // The message goes next to the field (ids subject-{kind}-{language}, body-…), and what was typed stays in the form.
        foreach (var (field, messages) in saved.Errors!)
            foreach (var message in messages) ModelState.AddModelError(FieldKey(field == "Subject" ? "subject" : "body", Input.Kind, Input.Language), message);
        await LoadAsync(id);
        var posted = Templates.FindIndex(t => t.Kind == Input.Kind && t.Language == Input.Language);
        Templates[posted] = new MessageTemplate(Input.Kind, Input.Language, Input.Subject, Input.Body);
        return Page();
    }
}
