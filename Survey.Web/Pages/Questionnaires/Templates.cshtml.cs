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

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!MessageKinds.All.Contains(Input.Kind) || Input.Language is not ("da" or "en")) return BadRequest();
        var saved = await templates.SaveAsync(id, new MessageTemplate(Input.Kind, Input.Language, Input.Subject, Input.Body), User.Actor());
        if (saved.IsOk)
        {
            TempData["Status"] = WebText.Format("Saved");
            return RedirectToPage(new { id });
        }
        foreach (var message in saved.Errors!.SelectMany(e => e.Value)) ModelState.AddModelError(string.Empty, message);
        await LoadAsync(id);
        return Page();
    }
}
