using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Survey.Web.Pages;

/// <summary>A page for a bare status code in the browser (404 and the like); the API keeps its problem details.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Heading { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    // A failed POST (a stale form, say) is re-executed as a POST.
    public void OnPost(int code) => Describe(code);

    private void Describe(int code) => Heading = code == StatusCodes.Status404NotFound
        ? WebText.Format("NotFoundHeading")
        : WebText.Format("StatusHeading", code);
}
