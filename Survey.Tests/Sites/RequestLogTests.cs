using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bogus;
using Survey.Core.Participants;
using Survey.Web.Demo;

namespace Survey.Tests.Sites;

/// <summary>
/// The public site's log of a whole leader's journey (the link, its pages, a draft, the submit, the
/// receipt) has a line per request with the method, route template, status and duration, and never
/// the leader's token or e-mail address; plain by default, JSON by configuration.
/// </summary>
public class RequestLogTests
{
    private static async Task<(string Log, string Token)> JourneyAsync(params string[] settings)
    {
        await using var site = await PublicSite.StartAsync();
        var token = await site.InviteAsync();
        var port = SiteProcess.FreePort();
        var log = new StringBuilder();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Survey.Api.dll"), "--urls", $"http://127.0.0.1:{port}", .. site.Db.Arguments, .. settings])
        {
            WorkingDirectory = site.Db.Folder, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var api = Process.Start(info)!;
        api.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        api.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.That(await SiteProcess.WaitForHealthAsync(http, port), Is.EqualTo(HttpStatusCode.OK));
            var answers = DemoSeeder.SimulateAnswers(new Faker { Random = new Randomizer(3) }, Sectors.Municipality);
            Assert.That((await http.GetAsync($"/s/{token}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await http.GetAsync($"/s/{token}/p/about-you?lang=en")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await http.PutAsync($"/api/v1/respond/{token}/answers",
                new StringContent(new JsonObject { ["answers"] = answers.DeepClone() }.ToJsonString(), Encoding.UTF8, "application/json"))).IsSuccessStatusCode, Is.True);
            Assert.That((await http.PostAsync($"/api/v1/respond/{token}/submit",
                new StringContent(new JsonObject { ["answers"] = answers }.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await http.GetAsync($"/api/v1/respond/{token}")).StatusCode, Is.EqualTo(HttpStatusCode.Conflict).Or.EqualTo(HttpStatusCode.OK));
            Assert.That((await http.GetAsync($"/s/{new string('x', 22)}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
        finally
        {
            SiteProcess.Stop(api);
        }
        lock (log) return (log.ToString(), token);
    }

    [Test]
    public async Task A_leaders_journey_is_logged_a_line_per_request_by_route_template_without_the_token_or_an_address()
    {
        var (log, token) = await JourneyAsync();
        Assert.Multiple(() =>
        {
            Assert.That(log, Does.Contain("GET /s/{token} 200"));
            Assert.That(log, Does.Contain("GET /s/{token}/p/{page} 200"));
            Assert.That(log, Does.Contain("PUT /api/v1/respond/{token}/answers 204"));
            Assert.That(log, Does.Contain("POST /api/v1/respond/{token}/submit 201"));
            Assert.That(log, Does.Match(@"GET /s/\{token\} 404 [0-9.]+ ms"), "an unknown link too, with its duration");
            Assert.That(log, Does.Not.Contain(token), "the leader's token is never written");
            Assert.That(log, Does.Not.Contain(new string('x', 22)), "nor a token someone tried");
            Assert.That(log, Does.Not.Contain("@test.example"), "nor an e-mail address");
        });
    }

    [Test]
    public async Task With_json_output_each_request_is_one_json_object_with_its_fields()
    {
        var (log, token) = await JourneyAsync("--Logging:Console:FormatterName=json");
        var requests = log.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith('{') && l.Contains("\"Survey.Requests\"", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l)!["State"]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(requests.Select(r => $"{r["Method"]} {r["Route"]} {r["Status"]}"), Does.Contain("POST /api/v1/respond/{token}/submit 201"), log);
            Assert.That(requests.All(r => double.TryParse(r["DurationMs"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, out _)), Is.True);
            Assert.That(log, Does.Not.Contain(token));
        });
    }
}
