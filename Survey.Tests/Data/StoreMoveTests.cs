using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Survey.Core.Data;
using Survey.Tests.Sites;
using Survey.Web;
using Survey.Web.Demo;
using Survey.Web.Users;

namespace Survey.Tests.Data;

/// <summary>migrate-store: an existing SQLite database moved into an empty PostgreSQL one, every row, checked.</summary>
public class StoreMoveTests
{
    [Test]
    public async Task The_demo_moved_into_postgresql_has_every_row_and_the_same_summary_and_a_second_move_is_refused()
    {
        TestDatabase.RequirePostgres("a PostgreSQL database to move into");
        using var source = new TestDatabase(store: SqliteDatabase.Name);
        await DemoSeeder.Over(source.Database).SeedAsync(responses: 80);
        var users = new UserAccounts(source.Database);
        await users.CreateAsync("taskforce@test.example", Roles.Taskforce, "test");
        var key = (await users.CreateApiKeyAsync("taskforce@test.example", "test")).Value!;
        var questionnaireId = await Scalar<long>(source, "SELECT MIN(id) FROM questionnaires WHERE mode = 'survey'");
        // A kept draft version and a scale of the secretariat's own move too.
        var lifecycle = new Survey.Core.Questionnaires.QuestionnaireLifecycle(source.Database);
        var row = (await lifecycle.GetAsync(questionnaireId))!;
        await lifecycle.UpdateDraftAsync(questionnaireId, row.DraftDefinition, "test", row.DraftRevision);
        await new Survey.Web.Questionnaires.ScalePresets(source.Database).SaveAsync("Lav/høj",
            [new() { Value = "low", Da = "Lav" }, new() { Value = "high", Da = "Høj" }], "test");
        var before = await ReportsAsync(source, key, questionnaireId);
        var counts = await CountsAsync(source);

        using var target = new TestDatabase(migrate: false);
        var (code, lines, error) = CommandLineTests.RunWith(null, [.. source.Arguments, "migrate-store", "--to", target.ConnectionString]);
        var again = CommandLineTests.RunWith(null, [.. source.Arguments, "migrate-store", "--to", target.ConnectionString]);
        var after = await ReportsAsync(target, key, questionnaireId);

        Assert.Multiple(async () =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(lines.Where(l => l.Contains("kontrolsum", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(counts.Count), string.Join("\n", lines));
            Assert.That(await CountsAsync(target), Is.EqualTo(counts), "every table has the file's rows");
            Assert.That(counts["responses"], Is.GreaterThanOrEqualTo(80));
            // PostgreSQL keeps times to the microsecond, SQLite's text to a tenth of one; JSON leaves out
            // trailing zeros of the fraction, so both are compared at the microsecond with those left out.
            Assert.That(Microseconds(after.Summary), Is.EqualTo(Microseconds(before.Summary)),
                "the same numbers on PostgreSQL as on SQLite, read through the moved API key");
            Assert.That(after.Csv, Is.EqualTo(before.Csv), "the same raw data");
            Assert.That(again.ExitCode, Is.Not.Zero);
            Assert.That(again.Error, Does.Contain("ikke tomt"));
            // New rows go on after the highest id moved.
            await using var c = await target.Database.OpenAsync();
            Assert.That(await c.ExecuteScalarAsync<long>(
                "INSERT INTO themes (name, created_at) VALUES ('ny', @at) RETURNING id", new { at = DateTime.UtcNow }),
                Is.GreaterThan(await Scalar<long>(source, "SELECT COALESCE(MAX(id), 0) FROM themes")));
        });
    }

    [Test]
    public void Moving_a_postgresql_store_or_into_a_server_that_cannot_be_reached_says_why()
    {
        using var sqlite = new TestDatabase(store: SqliteDatabase.Name);
        var unreachable = CommandLineTests.RunWith(null,
            [.. sqlite.Arguments, "migrate-store", "--to", "Host=127.0.0.1;Port=1;Database=survey;Username=survey;Timeout=3"]);
        var noString = CommandLineTests.RunWith(null, [.. sqlite.Arguments, "migrate-store", "--to", "Database=survey"]);
        Assert.Multiple(() =>
        {
            Assert.That(unreachable.ExitCode, Is.EqualTo(1));
            Assert.That(unreachable.Error, Does.Contain("cannot be opened"));
            Assert.That(noString.ExitCode, Is.EqualTo(1));
            Assert.That(noString.Error, Does.Contain("names no Host"));
        });
        if (!TestDatabase.OnPostgres) return;
        using var postgres = new TestDatabase();
        var fromPostgres = CommandLineTests.RunWith(null, [.. postgres.Arguments, "migrate-store", "--to", postgres.ConnectionString]);
        Assert.That(fromPostgres.Error, Does.Contain("kopierer den indbyggede SQLite-database"));
    }

    private static async Task<T> Scalar<T>(TestDatabase db, string sql)
    {
        await using var c = await db.Database.OpenAsync();
        return (await c.ExecuteScalarAsync<T>(sql))!;
    }

    private static async Task<Dictionary<string, long>> CountsAsync(TestDatabase db)
    {
        string[] tables = ["questionnaires", "questionnaire_versions", "contacts", "invitations", "invitation_tokens", "message_templates", "responses",
            "response_summaries", "summary_keys", "previews", "users", "api_keys", "audit_log", "themes", "interviews", "interview_quotes",
            "interview_quote_themes", "interview_history", "login_failures", "data_protection_keys",
            "scheduled_mailings", "mailing_deliveries", "draft_versions", "scale_presets"];
        await using var c = await db.Database.OpenAsync();
        var counts = new Dictionary<string, long>();
        foreach (var t in tables) counts[t] = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {t}");
        return counts;
    }

    /// <summary>The summary (by sector) and the raw data through the back office's API on this store.</summary>
    private static async Task<(string Summary, string Csv)> ReportsAsync(TestDatabase db, string key, long questionnaireId)
    {
        await using var site = new SiteFactory<WebMarker>(db);
        using var client = site.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var summary = JsonNode.Parse(await client.GetStringAsync($"/api/v1/admin/questionnaires/{questionnaireId}/summary.json?by=sector"))!;
        var csv = await client.GetStringAsync($"/api/v1/admin/questionnaires/{questionnaireId}/responses.csv");
        return (summary.ToJsonString(), csv);
    }

    private static string Microseconds(string json) =>
        Regex.Replace(json, @"\.(\d{1,7})Z", m => ("." + m.Groups[1].Value[..Math.Min(6, m.Groups[1].Value.Length)]).TrimEnd('0').TrimEnd('.') + "Z");
}
