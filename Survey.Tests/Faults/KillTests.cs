using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Tests.Respond;
using Survey.Tests.Sites;
using Survey.Web.Demo;

namespace Survey.Tests.Faults;

/// <summary>Survey.Api killed with SIGKILL in the middle of a burst of submits, then started again.</summary>
public class KillTests
{
    [Test]
    public async Task Every_acknowledged_response_survives_a_kill_nothing_is_half_written_and_retries_end_with_one_each()
    {
        using var db = new TestDatabase();
        var lifecycle = new QuestionnaireLifecycle(db.Database);
        var questionnaire = (await lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test")).Value;
        await lifecycle.PublishAsync(questionnaire, "test");
        var contactIds = await new Contacts(db.Database).AddAsync(Enumerable.Range(0, 300)
            .Select(i => new ContactInput($"Leder {i}", $"leder{i}@test.example", "", Sectors.All[i % 5], "")).ToList(), "test");
        var tokens = (await new Invitations(db.Database).CreateAsync(questionnaire, contactIds, "test")).Value!.Select(t => t.Token).ToList();
        var answers = tokens.Select((_, i) => DemoAnswers.Complete(5000 + i, Sectors.All[i % 5])).ToList();
        var definition = (await new DefinitionCache(db.Database).GetAsync(questionnaire, 1))!;

        var port = SiteProcess.FreePort();
        var api = SiteProcess.Start("Survey.Api.dll", db, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Assert.That(await SiteProcess.WaitForHealthAsync(http, port), Is.EqualTo(HttpStatusCode.OK));

        // The burst: 16 clients submit; once 60 are acknowledged the process is killed (SIGKILL) mid-stream.
        var acknowledged = new ConcurrentDictionary<int, long>();
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, tokens.Count));
        var killed = 0;
        async Task<HttpResponseMessage> Submit(int i) =>
            await http.PostAsJsonAsync($"/api/v1/respond/{tokens[i]}/submit", new JsonObject { ["answers"] = answers[i].DeepClone() });
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var i))
            {
                try
                {
                    using var response = await Submit(i);
                    if (response.StatusCode == HttpStatusCode.Created)
                        acknowledged[i] = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["responseId"]!.GetValue<long>();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The process is gone: this client never heard back.
                }
                if (acknowledged.Count >= 60 && Interlocked.Exchange(ref killed, 1) == 0) api.Kill(entireProcessTree: true);
            }
        })));
        api.WaitForExit();
        Assert.That(acknowledged.Count, Is.LessThan(tokens.Count), "the kill came in the middle of the burst");

        // What the kill left: every acknowledged response whole, and no response without its rows.
        await using (var c = await db.Database.OpenAsync())
        {
            var stored = (await c.QueryAsync<(long Id, string Answers)>("SELECT id, answers FROM responses")).ToDictionary(r => r.Id, r => r.Answers);
            Assert.Multiple(async () =>
            {
                foreach (var (i, id) in acknowledged)
                {
                    Assert.That(stored.ContainsKey(id), Is.True, $"acknowledged response {id} is missing");
                    if (stored.TryGetValue(id, out var json))
                        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(json), AnswerValidator.Validate(definition, answers[i], AnswerScope.Submit).Answers), Is.True);
                }
                // The summary rows follow a response (migrations/sqlite/0003): a response has them, or is marked as still to get them.
                Assert.That(await c.ExecuteScalarAsync<long>(ResponsesWithoutRows + " AND NOT values_pending"), Is.Zero, "a response neither with its rows nor marked pending");
                Assert.That(await c.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM invitations i WHERE (i.status = 'completed') <> EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id)"), Is.Zero,
                    "an invitation marked completed without its response, or the other way round");
                if (!TestDatabase.OnPostgres) Assert.That(await c.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
            });
        }

        // As if the kill had come before any summary rows were written: the restarted site must write them all itself.
        await using (var c = await db.Database.OpenAsync())
            await c.ExecuteAsync("DELETE FROM response_summaries; UPDATE responses SET values_pending = TRUE");

        // Started again, every client that did not hear back retries: each ends with exactly one response.
        api = SiteProcess.Start("Survey.Api.dll", db, port);
        try
        {
            Assert.That(await SiteProcess.WaitForHealthAsync(http, port), Is.EqualTo(HttpStatusCode.OK));
            // Before any submit reaches it, the restarted site writes the rows the kill left pending.
            await using (var restarted = await db.Database.OpenAsync()) await AssertEveryResponseGetsItsRowsAsync(restarted, "after the restart");
            var retries = Enumerable.Range(0, tokens.Count).Where(i => !acknowledged.ContainsKey(i)).ToList();
            var statuses = new ConcurrentBag<HttpStatusCode>();
            await Parallel.ForEachAsync(retries, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                using var response = await Submit(i);
                statuses.Add(response.StatusCode);
            });
            await using var c = await db.Database.OpenAsync();
            Assert.Multiple(async () =>
            {
                Assert.That(statuses, Is.All.AnyOf(HttpStatusCode.Created, HttpStatusCode.Conflict), "a retry is stored, or told it was already stored");
                Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses"), Is.EqualTo(tokens.Count));
                Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT invitation_id) FROM responses"), Is.EqualTo(tokens.Count));
            });

            await AssertEveryResponseGetsItsRowsAsync(c, "after the retries");
        }
        finally
        {
            SiteProcess.Stop(api);
        }
    }

    private static async Task AssertEveryResponseGetsItsRowsAsync(System.Data.Common.DbConnection c, string when)
    {
        const string pending = "SELECT COUNT(*) FROM responses WHERE values_pending";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await c.ExecuteScalarAsync<long>(pending) > 0 && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        Assert.Multiple(async () =>
        {
            Assert.That(await c.ExecuteScalarAsync<long>(pending), Is.Zero, "rows still pending " + when);
            Assert.That(await c.ExecuteScalarAsync<long>(ResponsesWithoutRows), Is.Zero, "a response without its rows " + when);
        });
    }

    private const string ResponsesWithoutRows =
        "SELECT COUNT(*) FROM responses r WHERE NOT EXISTS (SELECT 1 FROM response_summaries s WHERE s.response_id = r.id)";
}
