using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Survey.Tests.Sites;

/// <summary>Hosts a site in the test process against its own real store (a SQLite file, or a PostgreSQL database), with any further settings.</summary>
public sealed class SiteFactory<TMarker>(TestDatabase db, Dictionary<string, string?>? settings = null) : WebApplicationFactory<TMarker> where TMarker : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in db.Settings) builder.UseSetting(key, value);
        foreach (var (key, value) in settings ?? []) builder.UseSetting(key, value);
        builder.UseEnvironment("Production");
    }
}
