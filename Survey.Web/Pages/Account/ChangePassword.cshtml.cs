using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
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
        // Every session of the user has ended with the change; this one goes on with a cookie carrying the new stamp.
        var user = await users.GetAsync(userId);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(
            new ClaimsIdentity(UserAccounts.SessionClaims(user!, DateTime.UtcNow), CookieAuthenticationDefaults.AuthenticationScheme)));
        TempData["Status"] = WebText.Format("PasswordChanged");
        return RedirectToPage("/Index");
    }
}
