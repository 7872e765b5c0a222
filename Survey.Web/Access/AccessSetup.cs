using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Survey.Core;
using Survey.Core.Data;
using Survey.Web.Users;

namespace Survey.Web.Access;

public static class AccessSetup
{
    /// <summary>
    /// People sign in with a cookie; scripts use an API key. The cookie's keys are kept in the
    /// database (Core/Data/DataProtectionKeys), so a restart or a second instance does not sign
    /// everybody out; keys an earlier version kept in a folder beside the database are taken over.
    /// </summary>
    public static IServiceCollection AddBackOfficeAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var protection = services.AddDataProtection().SetApplicationName("survey-back-office");
        var (certificate, wrong) = KeyCertificate.Load(configuration);
        if (certificate is not null) protection.ProtectKeysWithCertificate(certificate);
        // A certificate that cannot be used stops the site at start with the line saying why.
        services.AddCheckedOptions<KeyCertificate>(KeyCertificate.Section, _ => wrong is null ? [] : [wrong]);
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<SurveyDatabase>((o, database) =>
                o.XmlRepository = new DataProtectionKeys(database,
                    database.FilePath is { } file ? Path.Combine(Path.GetDirectoryName(file)!, "keys") : null));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/Account/Login";
                o.LogoutPath = "/Account/Logout";
                o.AccessDeniedPath = "/Account/Forbidden";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // Every request checks the session against the user's row: a changed security stamp
                // (sign-out, password, role, disabled) or a sign-in older than the absolute lifetime ends it.
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
                o.Cookie.Name = "survey.backoffice";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // The admin API answers 401/403 rather than redirecting a script to the login page.
                o.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);

        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.Roles)
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            // Every page needs a signed-in user unless it says otherwise (the login page).
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        return services;
    }

    /// <summary>However often a session is used, it ends this long after the sign-in.</summary>
    public static readonly TimeSpan AbsoluteSessionLifetime = TimeSpan.FromHours(12);

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var valid = false;
        if (long.TryParse(principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var id)
            && principal!.FindFirst(UserAccounts.StampClaim)?.Value is { } stamp
            && long.TryParse(principal.FindFirst(UserAccounts.SignedInClaim)?.Value, out var ticks)
            && ticks > 0 && ticks <= DateTime.MaxValue.Ticks
            && DateTime.UtcNow - new DateTime(ticks, DateTimeKind.Utc) < AbsoluteSessionLifetime)
        {
            var users = context.HttpContext.RequestServices.GetRequiredService<UserAccounts>();
            valid = await users.ValidateSessionAsync(id, stamp) is not null;
        }
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api")) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>An admin API group: API keys only, and the given policy.</summary>
    public static RouteGroupBuilder RequireApiKey(this RouteGroupBuilder group, string policy) =>
        group.RequireAuthorization(new AuthorizeAttribute { Policy = policy, AuthenticationSchemes = ApiKeyAuthentication.SchemeName });
}
