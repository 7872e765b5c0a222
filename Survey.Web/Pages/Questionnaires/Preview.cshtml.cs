using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Questionnaires;
using Survey.Web.Participants;

namespace Survey.Web.Pages.Questionnaires;

/// <summary>
/// Opens the draft on the public site as a leader will see it (a short-lived preview link), so the
/// preview is made by the very pages leaders use, not by a look-alike.
/// </summary>
public sealed class PreviewModel(Previews previews, IConfiguration configuration) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, string? lang)
    {
        var token = await previews.CreateAsync(id);
        if (token is null) return NotFound();
        var url = $"{InvitationsApi.PublicBaseUrl(configuration)}/p/{token}" + (lang == "en" ? "?lang=en" : "");
        return Redirect(url);
    }
}
