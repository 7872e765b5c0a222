using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core;
using Survey.Web.Access;
using Survey.Web.Users;

namespace Survey.Web.Pages.Admin;

/// <summary>
/// An admin's view of every account: create, give a new password, change the role, disable and
/// enable, delete, and see and revoke API keys. Each change ends the user's sessions where it
/// should (UserAccounts) and the last active admin can be neither disabled, demoted nor deleted.
/// </summary>
public sealed class UsersModel(UserAccounts accounts) : PageModel
{
    public sealed class InputModel
    {
        public string Email { get; set; } = "";
        public string Role { get; set; } = Roles.Secretariat;
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<UserAccount> Users { get; private set; } = [];

    public ILookup<long, ApiKeyInfo> ApiKeys { get; private set; } = Array.Empty<ApiKeyInfo>().ToLookup(k => k.UserId);

    public string? NewPassword { get; private set; }

    /// <summary>Whose password NewPassword is: the user just created, or the one whose password was reset.</summary>
    public string? PasswordFor { get; private set; }

    public bool WasReset { get; private set; }

    [TempData]
    public string? Status { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        Users = await accounts.ListAsync();
        ApiKeys = await accounts.ListAllApiKeysAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var created = await accounts.CreateAsync(Input.Email, Input.Role, User.Actor());
        if (created.IsOk) (NewPassword, PasswordFor) = (created.Value, Input.Email.Trim()); // shown on this response only
        else ModelState.AddOutcome(created);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(long userId)
    {
        var reset = await accounts.ResetPasswordAsync(userId, User.Actor());
        if (!reset.IsOk) return NotFound();
        (PasswordFor, NewPassword) = reset.Value;
        WasReset = true;
        ModelState.Clear();
        Input = new InputModel();
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostRoleAsync(long userId, string? role) =>
        AfterAsync(accounts.SetRoleAsync(userId, role ?? "", User.Actor()), u => WebText.Format("UserRoleChanged", u.Email));

    public Task<IActionResult> OnPostDisableAsync(long userId) =>
        AfterAsync(accounts.SetDisabledAsync(userId, true, User.Actor()), u => WebText.Format("UserDisabledStatus", u.Email));

    public Task<IActionResult> OnPostEnableAsync(long userId) =>
        AfterAsync(accounts.SetDisabledAsync(userId, false, User.Actor()), u => WebText.Format("UserEnabledStatus", u.Email));

    public Task<IActionResult> OnPostDeleteAsync(long userId) =>
        AfterAsync(accounts.DeleteAsync(userId, User.Actor()), u => WebText.Format("UserDeletedStatus", u.Email));

    public async Task<IActionResult> OnPostRevokeKeysAsync(long userId)
    {
        var revoked = await accounts.RevokeAllApiKeysAsync(userId, User.Actor());
        if (revoked.Kind == OutcomeKind.NotFound) return NotFound();
        Status = WebText.Format("UserKeysRevoked", revoked.Value);
        return RedirectToPage();
    }

    /// <summary>Post-redirect-get with a status line, or the page again with the reason next to the list.</summary>
    private async Task<IActionResult> AfterAsync(Task<Outcome<UserAccount>> change, Func<UserAccount, string> status)
    {
        var outcome = await change;
        if (outcome.Kind == OutcomeKind.NotFound) return NotFound();
        if (outcome.IsOk)
        {
            Status = status(outcome.Value!);
            return RedirectToPage();
        }
        ModelState.AddOutcome(outcome, prefix: "Users");
        await LoadAsync();
        return Page();
    }
}
