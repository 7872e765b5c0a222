using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Survey.Tests.Sites;

/// <summary>Hosts a site in the test process against its own real SQLite file.</summary>
public sealed class SiteFactory<TMarker>(string databasePath) : WebApplicationFactory<TMarker> where TMarker : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Survey", databasePath);
        builder.UseEnvironment("Production");
    }
}
