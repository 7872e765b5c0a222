using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Survey.Tests.Questionnaires.Expressions;
using Survey.Web.Demo;

namespace Survey.Tests.Sites;

/// <summary>
/// The release as a server gets it: publish.sh's tarball unpacked into an empty folder and each site
/// started with only <c>dotnet &lt;dll&gt;</c> from a data folder elsewhere, as the systemd units do;
/// and start.sh, which runs that release and stops both sites on SIGTERM.
/// </summary>
[NonParallelizable]
public class ReleaseTests
{
    private static readonly SemaphoreSlim Publishing = new(1, 1);
    private static string? _tarball;

    /// <summary>publish.sh, once per test run (and only when a source changed since its last release).</summary>
    internal static async Task<string> TarballAsync()
    {
        await Publishing.WaitAsync();
        try
        {
            if (_tarball is not null) return _tarball;
            var (code, output) = await RunAsync(Path.Combine(ExpressionVectorTests.RepositoryRoot(), "publish.sh"), ["--if-changed"], ExpressionVectorTests.RepositoryRoot());
            Assert.That(code, Is.Zero, output);
            var dist = Path.Combine(ExpressionVectorTests.RepositoryRoot(), "dist");
            _tarball = Directory.GetFiles(dist, "survey-*.tar.gz").OrderByDescending(File.GetLastWriteTimeUtc).First();
            return _tarball;
        }
        finally
        {
            Publishing.Release();
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, string folder, Dictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env ?? []) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }

    private static Process Start(string file, string[] args, string folder, Dictionary<string, string> env)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env) info.Environment[k] = v;
        var p = Process.Start(info)!;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    [Test]
    public async Task The_unpacked_release_serves_both_sites_started_with_only_dotnet_from_another_folder()
    {
        var tarball = await TarballAsync();
        var root = Directory.CreateTempSubdirectory("survey-release-").FullName;
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        try
        {
            var (untar, untarOutput) = await RunAsync("tar", ["-xzf", tarball, "-C", root], root);
            Assert.That(untar, Is.Zero, untarOutput);
            var release = Directory.GetDirectories(root, "survey-*").Single();
            Assert.Multiple(() =>
            {
                foreach (var part in new[] { "api/Survey.Api.dll", "web/Survey.Web.dll", "survey", "migrations/sqlite/0001_create_core_tables.sql",
                             "deploy/survey-api.service", "deploy/survey-web.service", "deploy/nginx-survey.conf", "deploy/survey.env", "README.md", "docs/DESIGN.md",
                             "api/wwwroot/lib/dkfds/css/dkfds.min.css.br", "web/wwwroot/lib/dkfds/css/dkfds.min.css.gz" })
                    Assert.That(Path.Combine(release, part), Does.Exist.Or.Matches<string>(p => Directory.Exists(p)), part);
                Assert.That(Directory.GetFiles(release, "*.woff", SearchOption.AllDirectories), Is.Empty, "only WOFF2 fonts");
            });
            var env = new Dictionary<string, string> { ["ConnectionStrings__Survey"] = Path.Combine(data, "survey.db") };

            // The command line from the release makes the first user and an API key.
            var (made, password) = await RunAsync(Path.Combine(release, "survey"), ["create-user", "--email", "it@release.example", "--role", "admin"], data, env);
            Assert.That(made, Is.Zero, password);
            var (keyed, keyOutput) = await RunAsync(Path.Combine(release, "survey"), ["create-api-key", "--email", "it@release.example"], data, env);
            Assert.That(keyed, Is.Zero, keyOutput);
            var key = keyOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Trim();

            var (apiPort, webPort) = (SiteProcess.FreePort(), SiteProcess.FreePort());
            using var api = Start("dotnet", [Path.Combine(release, "api/Survey.Api.dll"), "--urls", $"http://127.0.0.1:{apiPort}"], data, env);
            using var web = Start("dotnet", [Path.Combine(release, "web/Survey.Web.dll"), "--urls", $"http://127.0.0.1:{webPort}"], data, env);
            try
            {
                using var http = new HttpClient();
                Assert.That(await SiteProcess.WaitForHealthAsync(http, apiPort), Is.EqualTo(HttpStatusCode.OK));
                Assert.That(await SiteProcess.WaitForHealthAsync(http, webPort), Is.EqualTo(HttpStatusCode.OK));

                using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
                admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                var created = await admin.PostAsJsonAsync("/api/v1/admin/questionnaires", new JsonObject
                {
                    ["definition"] = JsonNode.Parse(DemoSeeder.ReadDefinition("leader-mobility.json")), ["mode"] = "survey",
                });
                Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
                var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
                (await admin.PostAsync($"/api/v1/admin/questionnaires/{id}/publish", null)).EnsureSuccessStatusCode();
                (await admin.PostAsJsonAsync("/api/v1/admin/contacts", new JsonArray(new JsonObject
                {
                    ["name"] = "Leder", ["email"] = "leder@release.example", ["organisation"] = "Release", ["sector"] = "state",
                }))).EnsureSuccessStatusCode();
                var invited = await admin.PostAsJsonAsync($"/api/v1/admin/questionnaires/{id}/invitations", new JsonObject { ["all"] = true });
                var token = (await invited.Content.ReadFromJsonAsync<JsonArray>())![0]!["token"]!.GetValue<string>();

                using var leader = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
                var page = await leader.GetAsync($"/s/{token}/p/about-you");
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                var links = await StaticAssetsTests.LinksOfAsync(leader, $"/s/{token}/p/about-you");
                Assert.That(links, Has.Some.Contains("/lib/dkfds/css/dkfds.min.").And.Some.Contains("/js/respond."));
                await StaticAssetsTests.AssertFingerprintedAsync(leader, links, published: true);
                var login = await StaticAssetsTests.LinksOfAsync(admin, "/Account/Login");
                Assert.That(login, Has.Some.Contains("/css/backoffice."));
                await StaticAssetsTests.AssertFingerprintedAsync(admin, login, published: true);
            }
            finally
            {
                SiteProcess.Stop(api);
                SiteProcess.Stop(web);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task StartSh_starts_both_sites_from_the_release_and_SIGTERM_stops_both_within_five_seconds()
    {
        await TarballAsync();
        var data = Directory.CreateTempSubdirectory("survey-start-").FullName;
        var (apiPort, webPort) = (SiteProcess.FreePort(), SiteProcess.FreePort());
        var repo = ExpressionVectorTests.RepositoryRoot();
        using var start = Start(Path.Combine(repo, "start.sh"), [], repo, new()
        {
            ["ConnectionStrings__Survey"] = Path.Combine(data, "survey.db"),
            ["SURVEY_API_URL"] = $"http://127.0.0.1:{apiPort}",
            ["SURVEY_WEB_URL"] = $"http://127.0.0.1:{webPort}",
        });
        try
        {
            using var http = new HttpClient();
            var started = Stopwatch.StartNew();
            Assert.That(await SiteProcess.WaitForHealthAsync(http, webPort), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await SiteProcess.WaitForHealthAsync(http, apiPort), Is.EqualTo(HttpStatusCode.OK));
            TestContext.Out.WriteLine($"start.sh with the release built and the demo loaded: both sites up in {started.Elapsed.TotalSeconds:0.0} s");

            Assert.That((await RunAsync("kill", ["-TERM", start.Id.ToString()], repo)).Code, Is.Zero);
            var stopping = Stopwatch.StartNew();
            while ((SiteProcess.Listening(apiPort) || SiteProcess.Listening(webPort)) && stopping.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(100);
            Assert.Multiple(() =>
            {
                Assert.That(SiteProcess.Listening(apiPort), Is.False, "the public site stopped");
                Assert.That(SiteProcess.Listening(webPort), Is.False, "the back office stopped");
            });
            Assert.That(start.WaitForExit(5000), Is.True, "start.sh itself ended");
        }
        finally
        {
            if (!start.HasExited) start.Kill(entireProcessTree: true);
            Directory.Delete(data, recursive: true);
        }
    }
}
