using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Survey.Web.Questionnaires;

public static class DraftRevisions
{
    /// <summary>
    /// An editor form saved from an older revision of the draft: the page again (409) with the
    /// reason at the top and what the person typed still in the form. The page has set its Revision
    /// to the current one, and it is taken from the model rather than the posted form, so saving
    /// again puts the typed values into the draft as it is now.
    /// </summary>
    public static IActionResult StaleDraft(this PageModel page, string reason)
    {
        page.ModelState.AddModelError(string.Empty, reason);
        page.ModelState.Remove("Revision");
        page.Response.StatusCode = StatusCodes.Status409Conflict;
        return page.Page();
    }
}
