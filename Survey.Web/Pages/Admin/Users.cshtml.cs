using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Web.Access;
using Survey.Web.Users;

namespace Survey.Web.Pages.Admin;

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

    public string? NewPassword { get; private set; }

    /// <summary>Whose password NewPassword is: the user just created, or the one whose password was reset.</summary>
    public string? PasswordFor { get; private set; }

    public bool WasReset { get; private set; }

    public async Task OnGetAsync() => Users = await accounts.ListAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var created = await accounts.CreateAsync(Input.Email, Input.Role, User.Actor());
        if (created.IsOk) (NewPassword, PasswordFor) = (created.Value, Input.Email.Trim()); // shown on this response only
        else ModelState.AddOutcome(created);
        Users = await accounts.ListAsync();
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
        Users = await accounts.ListAsync();
        return Page();
    }
}
