using Microsoft.AspNetCore.Localization;
using Survey.Web.Access;

namespace Survey.Web.Pages;

public static class PagesSetup
{
    /// <summary>Razor Pages with the role of each area, and a remembered language choice.</summary>
    public static IServiceCollection AddBackOfficePages(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Questionnaires", Policies.Secretariat);
            o.Conventions.AuthorizeFolder("/Contacts", Policies.Secretariat);
            o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
            o.Conventions.AuthorizeFolder("/Reports", Policies.Reports);
            o.Conventions.AuthorizeFolder("/Interviews", Policies.Interviews);
            o.Conventions.AuthorizePage("/Interviews/Themes", Policies.Secretariat);
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/Forbidden");
        }).AddMvcOptions(o =>
        {
            // Validation is the validators' job (explicit, localized); MVC's own "field is required" would be English and double up.
            o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        });
        // The back office remembers the language a person picked, in a cookie.
        services.Configure<RequestLocalizationOptions>(o => o.RequestCultureProviders.Insert(1, new CookieRequestCultureProvider()));
        return services;
    }

    public static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl) && !url.Contains('\\');

    public static IEndpointRouteBuilder MapBackOfficePages(this IEndpointRouteBuilder app)
    {
        // Pages link the static files by their fingerprinted names (MapStaticAssets), kept by browsers for a year.
        app.MapRazorPages().WithStaticAssets();
        app.MapGet("/language", (string lang, string? returnUrl, HttpContext context) =>
        {
            var culture = lang == "en" ? "en" : "da";
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            // Only a path on this site; "/\\evil.example" and the like, which browsers read as another host, go home.
            return TypedResults.LocalRedirect(IsLocalPath(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
