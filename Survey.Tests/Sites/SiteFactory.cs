using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Survey.Tests.Sites;

/// <summary>
/// Hosts a site in the test process against its own real store (a SQLite file, or a PostgreSQL
/// database), with any further settings, and services replaced where a test needs it (a fake clock).
/// </summary>
public sealed class SiteFactory<TMarker>(TestDatabase db, Dictionary<string, string?>? settings = null,
    Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) : WebApplicationFactory<TMarker> where TMarker : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in db.Settings) builder.UseSetting(key, value);
        foreach (var (key, value) in settings ?? []) builder.UseSetting(key, value);
        builder.UseEnvironment("Production");
        if (services is not null) Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, services);
    }
}
