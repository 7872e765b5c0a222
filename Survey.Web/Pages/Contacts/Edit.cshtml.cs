using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Participants;
using Survey.Web.Access;

namespace Survey.Web.Pages.Contacts;

public sealed class EditModel(Survey.Core.Participants.Contacts contacts) : PageModel
{
    public sealed class InputModel
    {
        public string Name { get; set; } = "";
        public string Email { get; set; } = "";
        public string Organisation { get; set; } = "";
        public string Sector { get; set; } = "";
        public string Title { get; set; } = "";
        /// <summary>Background variables, one "name = value" a line.</summary>
        public string Background { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public long? Id { get; private set; }
    public bool IsNew => Id is null;
    public string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public string Value(string field) => field switch
    {
        "Name" => Input.Name,
        "Email" => Input.Email,
        "Organisation" => Input.Organisation,
        _ => Input.Title,
    };

    public async Task<IActionResult> OnGetAsync(long? id)
    {
        Id = id;
        if (id is null)
        {
            Input = new InputModel { Sector = Sectors.Municipality };
            return Page();
        }
        var contact = await contacts.GetAsync(id.Value);
        if (contact is null) return NotFound();
        Input = new InputModel
        {
            Name = contact.Name, Email = contact.Email, Organisation = contact.Organisation, Sector = contact.Sector, Title = contact.Title,
            Background = string.Join("\n", contact.BackgroundValues.Select(p => $"{p.Key} = {p.Value}")),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id)
    {
        Id = id;
        // Empty form fields bind as null.
        var background = (Input.Background ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim().Length > 0)
            .GroupBy(parts => parts[0].Trim())
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim());
        var input = new ContactInput((Input.Name ?? "").Trim(), (Input.Email ?? "").Trim(), (Input.Organisation ?? "").Trim(),
            Input.Sector ?? "", (Input.Title ?? "").Trim(), background);
        var updated = id is { } existing
            ? await contacts.UpdateAsync(existing, input, User.Actor())
            : (await contacts.AddOneAsync(input, User.Actor())) is var added && added.IsOk ? Survey.Core.Outcome<bool>.Ok(true) : Survey.Core.Outcome<bool>.Invalid(added.Errors!);
        if (updated.Kind == Survey.Core.OutcomeKind.NotFound) return NotFound();
        if (!updated.IsOk)
        {
            foreach (var (field, messages) in updated.Errors!)
                foreach (var message in messages) ModelState.AddModelError(ModelStateExtensions.FormField("Input", field), message);
            return Page();
        }
        TempData["Status"] = WebText.Format("Saved");
        return RedirectToPage("Index");
    }
}
