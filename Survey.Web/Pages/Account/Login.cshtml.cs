using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Web.Access;
using Survey.Web.Users;

namespace Survey.Web.Pages.Account;

[AllowAnonymous]
public sealed class LoginModel(UserAccounts users) : PageModel
{
    public sealed class InputModel
    {
        public string Email { get; set; } = "";
        public string Password { get; set; } = "";
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(i => i.Email).NotEmpty().WithMessage(_ => WebText.Format("EmailRequired"));
            RuleFor(i => i.Password).NotEmpty().WithMessage(_ => WebText.Format("PasswordRequired"));
        }
    }

    private static readonly InputValidator Validator = new();

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var validation = Validator.Validate(Input);
        if (!validation.IsValid)
        {
            ModelState.AddFailures(validation);
            return Page();
        }
        var (result, user) = await users.SignInAsync(Input.Email, Input.Password);
        switch (result)
        {
            case SignInOutcome.LockedOut:
                ModelState.AddModelError("Input.Password", WebText.Format("LoginLocked", (int)UserAccounts.LockoutPeriod.TotalMinutes));
                return Page();
            case SignInOutcome.Invalid:
                ModelState.AddModelError("Input.Password", WebText.Format("LoginInvalid"));
                return Page();
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(UserAccounts.SessionClaims(user!, DateTime.UtcNow), CookieAuthenticationDefaults.AuthenticationScheme));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
