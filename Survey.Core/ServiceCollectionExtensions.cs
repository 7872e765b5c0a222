using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.StaticAssets.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
    /// The site's start options: its content root is the folder it was published to (where its
    /// wwwroot is) unless --contentRoot or ASPNETCORE_CONTENTROOT names another, so that a release
    /// started from any folder (systemd starts it in its data folder) still serves its files. A build's
    /// output has no wwwroot beside the assembly and keeps the usual content root.
    /// </summary>
    public static WebApplicationOptions SiteOptions(string[] args)
    {
        var given = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 };
        var published = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        return new WebApplicationOptions { Args = args, ContentRootPath = !given && published ? AppContext.BaseDirectory : null };
    }

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
        // A build's output (not a release) serves its static files from where the build left them (the
        // compressed copies stay under obj/) in every environment, not only in Development: otherwise
        // a browser asking for the compressed copy of a script gets an empty answer.
        if (File.Exists(Path.Combine(folder, builder.Environment.ApplicationName + ".staticwebassets.runtime.json")))
            builder.WebHost.UseStaticWebAssets();
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
        services.AddCheckedOptions<SurveyOptions>(SurveyOptions.Section, SiteSettings.Check);
        services.AddSurveyMetrics();
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
        // Pages and JSON answers are compressed (Brotli, else gzip), over HTTPS too: no page puts a secret
        // beside text an outsider can make it repeat, which is what makes compression over TLS unsafe
        // (BREACH). Static files come compressed at build time (MapStaticAssets) and are passed over.
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            // The site's own host name, whatever it is, once it is served over HTTPS.
            o.ExcludedHosts.Clear();
        });
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
    /// Migrates as <see cref="MigrateSurveyDatabase"/> does; when the configured store cannot be used,
    /// writes why in one line to <paramref name="error"/> and returns false, so that the site stops
    /// with that line (and exit code 2) rather than a stack trace.
    /// </summary>
    public static bool TryMigrateSurveyDatabase(this IServiceProvider services, TextWriter error)
    {
        try
        {
            services.MigrateSurveyDatabase();
            return true;
        }
        catch (StoreConfigurationException e)
        {
            error.WriteLine("Survey: " + e.Message);
            return false;
        }
    }

    /// <summary>
    /// The pipeline both sites open with: problem details for errors and bare status codes,
    /// Danish or English per request, the OpenAPI document and the health check.
    /// </summary>
    public static WebApplication UseSiteDefaults(this WebApplication app)
    {
        // Behind a TLS proxy the client's address (rate limits) and the scheme (Secure cookies, HSTS)
        // come from X-Forwarded-For/-Proto, taken only from the proxies configured in
        // Survey:ForwardedHeaders:KnownProxies (addresses) and :KnownNetworks (CIDR); nobody else can set them.
        var forwarded = ForwardedHeaders(app.Configuration);
        if (forwarded is not null) app.UseForwardedHeaders(forwarded);
        app.UseRequestLog();
        app.UseSurveyMetrics(app.Configuration);
        app.UseResponseCompression();
        // Over HTTPS, browsers are told to keep to HTTPS for a year; over plain HTTP it is not sent.
        app.UseHsts();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            // Pages, API answers and downloads hold answers or personal data: no browser or proxy
            // keeps a copy. Static files set their own (StaticFiles) before this runs.
            context.Response.OnStarting(() =>
            {
                if (!headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.CacheControl)) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
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
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode
                : StoreUnavailableException.Covers(e) ? StatusCodes.Status503ServiceUnavailable
                : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseRequestLocalization();
        // Both are public on purpose: scripts read the API description, monitors the health check.
        app.MapOpenApi().AllowAnonymous();
        app.MapHealth().AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The forwarded-headers settings from configuration, or null when no proxy is configured (then
    /// the headers are ignored; ASP.NET Core's default of trusting loopback is not kept).
    /// </summary>
    public static ForwardedHeadersOptions? ForwardedHeaders(IConfiguration configuration)
    {
        var section = configuration.GetSection("Survey:ForwardedHeaders");
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? SplitList(section["KnownProxies"]);
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? SplitList(section["KnownNetworks"]);
        if (proxies.Length == 0 && networks.Length == 0) return null;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost,
            ForwardLimit = 1,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            if (!System.Net.IPAddress.TryParse(proxy, out var address))
                throw new InvalidOperationException($"Survey:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
            options.KnownProxies.Add(address);
        }
        foreach (var network in networks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out var parsed))
                throw new InvalidOperationException($"Survey:ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR form (10.0.0.0/8).");
            options.KnownIPNetworks.Add(parsed);
        }
        return options;
    }

    private static string[] SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Lets the components of these endpoints name static files by their fingerprinted names
    /// (<c>@Assets["css/respond.css"]</c>), as Razor Pages' WithStaticAssets does for pages: the
    /// components are rendered by endpoints of their own (RazorComponentResult), which the framework
    /// does not give the collection. Needs MapStaticAssets first.
    /// </summary>
    public static TBuilder WithStaticAssetNames<TBuilder>(this TBuilder builder, IEndpointRouteBuilder app) where TBuilder : IEndpointConventionBuilder
    {
        var assets = StaticAssetsEndpointDataSourceHelper.ResolveStaticAssetDescriptors(app, null)
            .Where(d => d.Properties.Any(p => p.Name == "fingerprint") && !d.Selectors.Any())
            .Select(d => new ResourceAsset("/" + d.Route, [.. d.Properties.Select(p => new ResourceAssetProperty(p.Name, p.Value))]))
            .ToList();
        var collection = new ResourceAssetCollection(assets);
        builder.Add(endpoint => endpoint.Metadata.Add(collection));
        return builder;
    }

    private sealed class ApiAcceptLanguageProvider : AcceptLanguageHeaderRequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            httpContext.Request.Path.StartsWithSegments("/api")
                ? base.DetermineProviderCultureResult(httpContext)
                : Task.FromResult<ProviderCultureResult?>(null);
    }

    /// <summary>
    /// GET /healthz: 200 while the process runs (for restarting a hung process); GET /readyz: 200 when
    /// the store is the one opened at start, migrated and writable, 503 with the reason otherwise (for
    /// a load balancer to stop sending leaders to a site that cannot store their answers).
    /// </summary>
    public static IEndpointConventionBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Health");
        group.MapGet("/healthz", () => TypedResults.Text("ok")).WithName("Health").WithSummary("200 while the process runs");
        group.MapGet("/readyz", async Task<Results<ContentHttpResult, ProblemHttpResult>> (SurveyDatabase database, CancellationToken ct) =>
            await database.NotReadyBecauseAsync(ct) is { } reason
                ? TypedResults.Problem(title: "Not ready", detail: reason, statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Text("ready"))
            .WithName("Ready").WithSummary("200 when the store is reachable, migrated and writable; 503 with the reason otherwise")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }
}
