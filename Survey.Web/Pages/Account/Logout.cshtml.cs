using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Survey.Web.Pages.Account;

public sealed class LogoutModel(Survey.Web.Users.UserAccounts users) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    /// <summary>Signing out changes the user's security stamp, so a copy of the cookie kept elsewhere stops working too.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (long.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) await users.SignOutEverywhereAsync(id);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Account/Login");
    }
}
