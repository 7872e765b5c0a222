using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Web.Users;

namespace Survey.Web.Pages.Account;

/// <summary>A user's own API keys: create one (shown once) and revoke any.</summary>
public sealed class ApiKeysModel(UserAccounts users) : PageModel
{
    public IReadOnlyList<ApiKeyInfo> Keys { get; private set; } = [];

    public string? NewKey { get; private set; }

    private long UserId => long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);

    public async Task OnGetAsync() => Keys = await users.ListApiKeysAsync(UserId);

    public async Task<IActionResult> OnPostCreateAsync()
    {
        // Shown on this response only, not after a redirect: the key must not travel through TempData's cookie.
        NewKey = (await users.CreateApiKeyAsync(User.Identity!.Name!, User.Identity.Name!)).Value;
        Keys = await users.ListApiKeysAsync(UserId);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long keyId)
    {
        if (await users.RevokeApiKeyAsync(UserId, keyId, User.Identity!.Name!)) TempData["Status"] = WebText.Format("ApiKeyRevokedStatus");
        return RedirectToPage();
    }
}
