using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bogus;
using Survey.Core.Participants;
using Survey.Web.Demo;

namespace Survey.Tests.Sites;

/// <summary>/metrics in Prometheus's text format: the framework's and the runtime's measures and the project's own counters, for the configured addresses only.</summary>
public class MetricsTests
{
    [Test]
    public async Task Metrics_count_submits_and_requests_for_loopback_and_are_not_there_for_anyone_else()
    {
        await using var site = await PublicSite.StartAsync();
        var token = await site.InviteAsync();
        using var http = site.CreateClient();
        var answers = DemoSeeder.SimulateAnswers(new Faker { Random = new Randomizer(5) }, Sectors.Municipality);
        var submitted = await http.PostAsync($"/api/v1/respond/{token}/submit",
            new StringContent(new JsonObject { ["answers"] = answers }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var invalid = await http.PostAsync($"/api/v1/respond/{await site.InviteAsync()}/submit",
            new StringContent("""{"answers":{"years_as_leader":"many"}}""", Encoding.UTF8, "application/json"));
        Assert.That((int)invalid.StatusCode, Is.EqualTo(422).Or.EqualTo(400));

        var metrics = await http.GetAsync("/metrics");
        var text = await metrics.Content.ReadAsStringAsync();
        using var outsider = SiteProcess.ClientFrom("127.0.0.2", site.BaseAddress.Port);
        var refused = await outsider.GetAsync("/metrics");
        Assert.Multiple(() =>
        {
            Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(metrics.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(text, Does.Match(@"(?m)^survey_submits_total(\{[^}]*\})? 1( |$)"), text);
            Assert.That(text, Does.Match(@"(?m)^survey_validation_failures_total(\{[^}]*\})? 1( |$)"));
            Assert.That(text, Does.Contain("survey_writer_queue").And.Contain("survey_summary_rows_pending"));
            Assert.That(text, Does.Contain("http_server_request_duration_seconds_bucket"), "ASP.NET Core's request durations");
            Assert.That(text, Does.Contain("http_route=\"/api/v1/respond/{token}/submit\""), "by route template");
            Assert.That(text, Does.Contain("dotnet_gc_"), "the runtime's");
            Assert.That(text, Does.Not.Contain(token), "no token in any label");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an address that is not allowed finds nothing");
        });
    }

    [Test]
    public async Task Configured_addresses_are_let_in_and_loopback_is_then_not()
    {
        await using var site = await PublicSite.StartAsync(new() { ["Survey:Metrics:AllowedAddresses"] = "127.0.0.3" });
        using var allowed = SiteProcess.ClientFrom("127.0.0.3", site.BaseAddress.Port);
        using var local = site.CreateClient();
        Assert.Multiple(async () =>
        {
            Assert.That((await allowed.GetAsync("/metrics")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await local.GetAsync("/metrics")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }
}
