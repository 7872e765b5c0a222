using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Web.Access;

namespace Survey.Web.Pages.Contacts;

/// <summary>Erasing a person on request: what goes, a confirmation, then everything identifiable is deleted.</summary>
public sealed class EraseModel(Survey.Core.Participants.Contacts contacts) : PageModel
{
    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public Survey.Core.Participants.Contacts.ErasureCounts? Scope { get; private set; }
    public bool MustConfirm { get; private set; }

    [BindProperty]
    public bool Confirm { get; set; }

    private async Task<bool> LoadAsync(long id)
    {
        Id = id;
        var contact = await contacts.GetAsync(id);
        if (contact is null) return false;
        Name = contact.Name;
        Scope = await contacts.ErasureScopeAsync(id);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!Confirm)
        {
            MustConfirm = true;
            return await LoadAsync(id) ? Page() : NotFound();
        }
        var erased = await contacts.EraseAsync(id, User.Actor());
        if (!erased.IsOk) return NotFound();
        TempData["Status"] = WebText.Format("CErased", erased.Value!.Invitations, erased.Value.Responses);
        return RedirectToPage("Index");
    }
}
