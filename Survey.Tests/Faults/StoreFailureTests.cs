using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Tests.Respond;
using Survey.Tests.Sites;

namespace Survey.Tests.Faults;

/// <summary>The database file vanishing under a running site: nothing may be acknowledged that was not stored.</summary>
public class StoreFailureTests
{
    [Test]
    public async Task When_the_database_file_vanishes_health_stays_up_readiness_fails_and_no_submit_is_acknowledged()
    {
        TestDatabase.RequireSqlite("a file that vanishes (PostgreSQL going away: When_the_postgresql_database_stops_taking_connections_...)");
        await using var site = await PublicSite.StartAsync();
        var tokens = await site.InviteManyAsync(3);
        using var http = site.CreateClient();
        var before = await http.GetAsync("/readyz");
        var first = await http.PostAsJsonAsync($"/api/v1/respond/{tokens[0]}/submit", new JsonObject { ["answers"] = DemoAnswers.Complete(1) });
        // The third leader has answered every page and is on the review page, about to submit.
        var draft = await http.PutAsJsonAsync($"/api/v1/respond/{tokens[2]}/answers", new JsonObject { ["answers"] = DemoAnswers.Complete(3) });
        Assert.That(draft.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        foreach (var file in new[] { "", "-wal", "-shm" }) File.Delete(site.Db.FilePath + file);

        var health = await http.GetAsync("/healthz");
        var ready = await http.GetAsync("/readyz");
        var api = await http.PostAsJsonAsync($"/api/v1/respond/{tokens[1]}/submit", new JsonObject { ["answers"] = DemoAnswers.Complete(2) });
        var apiBody = JsonNode.Parse(await api.Content.ReadAsStringAsync());
        var page = await http.PostAsync($"/s/{tokens[2]}/submit", new FormUrlEncodedContent([]));
        var pageText = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the process still runs");
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "a submit that reached no file is not acknowledged");
            Assert.That(apiBody?["status"]?.GetValue<int>(), Is.EqualTo(503), "problem details");
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(pageText, Does.Contain("Dine svar står stadig i din browser"));
            Assert.That(File.Exists(site.Db.FilePath), Is.False, "no empty database was made in its place");
        });
    }

    [Test]
    public async Task Readiness_fails_for_a_database_replaced_by_another_file()
    {
        await using var site = await PublicSite.StartAsync();
        using var http = site.CreateClient();
        await using (var c = await site.Db.Database.OpenAsync())
        {
            await c.ExecuteAsync("UPDATE store_identity SET id = 'another'");
        }
        var ready = await http.GetAsync("/readyz");
        Assert.Multiple(async () =>
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await ready.Content.ReadAsStringAsync(), Does.Contain("not the one opened at start"));
        });
    }

    [Test]
    public async Task When_the_postgresql_database_stops_taking_connections_readiness_fails_and_no_submit_is_acknowledged()
    {
        TestDatabase.RequirePostgres("a database server that goes away");
        await using var site = await PublicSite.StartAsync();
        var tokens = await site.InviteManyAsync(2);
        using var http = site.CreateClient();
        var first = await http.PostAsJsonAsync($"/api/v1/respond/{tokens[0]}/submit", new JsonObject { ["answers"] = DemoAnswers.Complete(1) });
        var name = new Npgsql.NpgsqlConnectionStringBuilder(site.Db.ConnectionString).Database!;
        async Task AsServerAdminAsync(string sql)
        {
            await using var admin = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Pooling = false }.ConnectionString);
            await admin.OpenAsync();
            await admin.ExecuteAsync(sql, new { name });
        }
        // As when the database is taken down for maintenance: no new connections, and the open ones ended.
        await AsServerAdminAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS false");
        await AsServerAdminAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name");
        try
        {
            var health = await http.GetAsync("/healthz");
            var ready = await http.GetAsync("/readyz");
            var api = await http.PostAsJsonAsync($"/api/v1/respond/{tokens[1]}/submit", new JsonObject { ["answers"] = DemoAnswers.Complete(2) });
            var body = JsonNode.Parse(await api.Content.ReadAsStringAsync());
            Assert.Multiple(() =>
            {
                Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
                Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the process still runs");
                Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "a submit that reached no database is not acknowledged");
                Assert.That(body?["status"]?.GetValue<int>(), Is.EqualTo(503), "problem details");
            });
        }
        finally
        {
            await AsServerAdminAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS true");
        }
        // Back again, the same site takes the submit as the leader's page tries again (a pooled connection the
        // server ended may fail one more request with 503 before the pool has let it go).
        using var again = site.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5 && !statuses.Contains(HttpStatusCode.Created); attempt++)
            statuses.Add((await again.PostAsJsonAsync($"/api/v1/respond/{tokens[1]}/submit", new JsonObject { ["answers"] = DemoAnswers.Complete(2) })).StatusCode);
        Assert.That(statuses, Has.Member(HttpStatusCode.Created).And.All.AnyOf(HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable),
            "the site recovers without a restart, and says 503 until then");
    }
}
