using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Interviews;
using Survey.Web.Access;

namespace Survey.Web.Pages.Interviews;

/// <summary>The secretariat keeps the list of themes that quotes are tagged with.</summary>
public sealed class ThemesModel(Themes themes) : PageModel
{
    public sealed class InputModel
    {
        public string? Name { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public IReadOnlyList<Theme> List { get; private set; } = [];

    public async Task OnGetAsync() => List = await themes.ListAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var added = await themes.AddAsync(Input.Name ?? "", User.Actor());
        if (!added.IsOk)
        {
            ModelState.AddModelError("Input.Name", added.Errors!.Values.SelectMany(m => m).First());
            List = await themes.ListAsync();
            return Page();
        }
        TempData["Status"] = WebText.Format("Saved");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(long themeId)
    {
        var deleted = await themes.DeleteAsync(themeId, User.Actor());
        if (deleted.Kind == Core.OutcomeKind.NotFound) return NotFound();
        if (!deleted.IsOk)
        {
            ModelState.AddOutcome(deleted);
            List = await themes.ListAsync();
            return Page();
        }
        TempData["Status"] = WebText.Format("IvThemeDeleted");
        return RedirectToPage();
    }
}
