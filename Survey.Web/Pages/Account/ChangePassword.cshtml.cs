using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Web.Access;
using Survey.Web.Users;

namespace Survey.Web.Pages.Account;

public sealed class ChangePasswordModel(UserAccounts users) : PageModel
{
    public sealed class InputModel
    {
        public string CurrentPassword { get; set; } = "";
        public string NewPassword { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var userId = long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);
        var changed = await users.ChangePasswordAsync(userId, Input.CurrentPassword, Input.NewPassword);
        if (!changed.IsOk)
        {
            ModelState.AddOutcome(changed);
            return Page();
        }
        TempData["Status"] = WebText.Format("PasswordChanged");
        return RedirectToPage("/Index");
    }
}
