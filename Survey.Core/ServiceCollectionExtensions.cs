using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.DependencyInjection;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;

namespace Survey.Core;

public static class ServiceCollectionExtensions
{
    public static readonly CultureInfo[] Cultures = [new("da"), new("en")];

    /// <summary>
    /// Sets the site's request body limit, and reads its appsettings.json from beside its assembly as the lowest-priority source, so
    /// the defaults (listening address, logging) hold whatever folder the site is started from;
    /// appsettings in the content root, environment variables and the command line still override them.
    /// </summary>
    public static WebApplicationBuilder UseSiteDefaults(this WebApplicationBuilder builder, long maxRequestBytes)
    {
        // Bodies above the site's limit (Survey:MaxRequestBytes) are refused with 413 before they are read.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Survey:MaxRequestBytes", maxRequestBytes));
        var folder = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(folder, "appsettings.json")) && Path.GetFullPath(folder).TrimEnd('/') != Path.GetFullPath(builder.Environment.ContentRootPath).TrimEnd('/'))
        {
            builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
            {
                FileProvider = new PhysicalFileProvider(folder),
                Path = "appsettings.json",
                Optional = true,
            });
        }
        return builder;
    }

    /// <summary>What both sites share: the database (from ConnectionStrings:Survey) and the feature services over it.</summary>
    public static IServiceCollection AddSurveyCore(this IServiceCollection services)
    {
        services.AddSingleton(sp => SurveyDatabase.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<QuestionnaireLifecycle>();
        services.AddSingleton<Contacts>();
        services.AddSingleton<Invitations>();
        services.AddSingleton<Submissions>();
        services.AddSingleton<DefinitionCache>();
        services.AddSingleton<RespondentSessions>();
        services.AddSingleton<Monitoring>();
        services.AddSingleton<Previews>();
        services.AddSingleton<Reports.SummaryBuilder>();
        services.AddSingleton<Reports.RawData>();
        services.AddSingleton<Interviews.Interviews>();
        services.AddSingleton<Interviews.Themes>();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Danish letters are written as themselves in pages, not as character references.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("da");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Pages are Danish unless the visible switch (?lang=en) says otherwise; scripts calling
            // the JSON API may ask for English messages with Accept-Language.
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
                new ApiAcceptLanguageProvider(),
            ];
        });
        return services;
    }

    /// <summary>Brings the schema up to date before the site takes requests; safe when the other site starts at the same moment.</summary>
    public static IServiceProvider MigrateSurveyDatabase(this IServiceProvider services)
    {
        Migrator.Apply(services.GetRequiredService<SurveyDatabase>());
        return services;
    }

    /// <summary>
    /// The pipeline both sites open with: problem details for errors and bare status codes,
    /// Danish or English per request, the OpenAPI document and the health check.
    /// </summary>
    public static WebApplication UseSiteDefaults(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // Addresses carry personal tokens: never send them on to another site.
            headers["Referrer-Policy"] = "no-referrer";
            await next();
        });
        // A body read by hand that breaks a server limit (too large, cut off) is the client's error, with its own status.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseRequestLocalization();
        // Both are public on purpose: scripts read the API description, monitors the health check.
        app.MapOpenApi().AllowAnonymous();
        app.MapHealth().AllowAnonymous();
        return app;
    }

    private sealed class ApiAcceptLanguageProvider : AcceptLanguageHeaderRequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            httpContext.Request.Path.StartsWithSegments("/api")
                ? base.DetermineProviderCultureResult(httpContext)
                : Task.FromResult<ProviderCultureResult?>(null);
    }

    /// <summary>GET /healthz: 200 when the site runs and its database answers.</summary>
    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", async (SurveyDatabase database, CancellationToken ct) =>
        {
            await using var connection = await database.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return TypedResults.Text("ok");
        }).WithName("Health").WithSummary("Liveness and database check").ExcludeFromDescription();
}
