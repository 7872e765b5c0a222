using System.Diagnostics;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Responses;
using Survey.Tests.Respond;
using Survey.Web.Demo;

namespace Survey.Tests.Responses;

/// <summary>
/// A submit stores the response, its answers and its summary row in one transaction, the row made
/// from the answers it validated. Rows can still be pending (a database moved by a migration, a store
/// moved from another): they are written from the stored answers alone. These tests hold that both
/// ways give the same rows, that nothing which reads them misses a response, and that rows left
/// pending are written when a site starts again.
/// </summary>
public class PendingValuesTests
{
    private const int Leaders = 12;

    private static async Task<(TestDatabase Db, long Id, SurveyDefinition Definition, List<JsonObject> Answers)> SubmitAsync()
    {
        var db = new TestDatabase();
        var lifecycle = new QuestionnaireLifecycle(db.Database);
        var id = (await lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test")).Value;
        await lifecycle.PublishAsync(id, "test");
        var contacts = await new Contacts(db.Database).AddAsync(Enumerable.Range(0, Leaders).Select(i => new ContactInput(
            $"Leder {i}", $"l{i}@test.example", "Org", Sectors.All[i % Sectors.All.Length], "Chef",
            new Dictionary<string, string> { ["landsdel"] = i % 2 == 0 ? "Fyn" : "Sjælland" })).ToList(), "test");
        var invited = (await new Invitations(db.Database).CreateAsync(id, contacts, "test")).Value!;
        var submissions = new Submissions(db.Database, new DefinitionCache(db.Database));
        var answers = Enumerable.Range(0, Leaders).Select(i => DemoAnswers.Complete(i, Sectors.All[i % Sectors.All.Length])).ToList();
        await Task.WhenAll(invited.Select((inv, i) => submissions.SubmitAsync(inv.InvitationId, (JsonObject)answers[i].DeepClone())));
        var definition = SurveyDefinition.Parse(DemoSeeder.ReadDefinition("leader-mobility.json"));
        return (db, id, definition, answers);
    }

    private static async Task<long> PendingAsync(TestDatabase db)
    {
        await using var c = await db.Database.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses WHERE values_pending");
    }

    private static async Task WaitUntilWrittenAsync(TestDatabase db)
    {
        var waited = Stopwatch.StartNew();
        while (await PendingAsync(db) > 0 && waited.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
    }

    /// <summary>What a site stopped between storing responses and writing their rows leaves behind.</summary>
    private static async Task ForgetRowsAsync(TestDatabase db)
    {
        await using var c = await db.Database.OpenAsync();
        await c.ExecuteAsync("DELETE FROM response_summaries; UPDATE responses SET values_pending = TRUE");
    }

    [Test]
    public async Task A_submit_stores_its_summary_row_with_it_the_same_row_the_stored_answers_give()
    {
        var (db, _, _, _) = await SubmitAsync();
        using var _db = db;
        // Acknowledged means stored with its row: nothing is left for later.
        Assert.That(await PendingAsync(db), Is.Zero);
        await using var c = await db.Database.OpenAsync();
        var rowsSql = "SELECT response_id, sector, mode, background, CAST(submitted_at AS TEXT), "
            + (db.Database.Store == "postgresql" ? "encode(codes, 'hex')" : "hex(codes)") + " FROM response_summaries ORDER BY response_id";
        var withSubmit = (await c.QueryAsync<(long, string, string, string, string, string)>(rowsSql)).ToList();
        Assert.That(withSubmit, Has.Count.EqualTo(Leaders));
        // The same responses' rows as the earlier path wrote them: from the stored answers, parsed again.
        await ForgetRowsAsync(db);
        while (await ResponseValues.WritePendingAsync(c, new DefinitionCache(db.Database), null) > 0)
        {
        }
        var fromStored = (await c.QueryAsync<(long, string, string, string, string, string)>(rowsSql)).ToList();
        Assert.That(withSubmit.Select(r => r.ToString().ToUpperInvariant()), Is.EqualTo(fromStored.Select(r => r.ToString().ToUpperInvariant())));
        Assert.That(withSubmit.Select(r => r.Item6).Distinct().Count(), Is.GreaterThan(1), "the demo's answers differ, and so do their codes");
    }

    [Test]
    public async Task Writers_in_several_processes_at_the_same_moment_write_each_response_s_rows_once()
    {
        var (db, _, definition, answers) = await SubmitAsync();
        using var _db = db;
        await WaitUntilWrittenAsync(db);
        await using var c = await db.Database.OpenAsync();
        var rows = await c.QueryAsync<(long, byte[])>("SELECT response_id, codes FROM response_summaries ORDER BY response_id");
        var keys = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM summary_keys");
        await ForgetRowsAsync(db);
        // Four writers (as in four site instances) start on the same pending responses at the same moment, in slices of five:
        // two as the background writer does (leaving to another what it holds), two as a summary does (waiting for it).
        using var start = new Barrier(4);
        var written = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            using var own = db.OpenAnother();
            await using var connection = await own.OpenAsync();
            var definitions = new DefinitionCache(own);
            start.SignalAndWait();
            var total = 0;
            for (int n; (n = await ResponseValues.WritePendingAsync(connection, definitions, null, limit: 5, skipTaken: w % 2 == 0)) > 0;) total += n;
            return total;
        })));
        Assert.Multiple(async () =>
        {
            Assert.That(written.Sum(), Is.EqualTo(Leaders), "each pending response written by one writer");
            Assert.That(await c.QueryAsync<(long, byte[])>("SELECT response_id, codes FROM response_summaries ORDER BY response_id"), Is.EqualTo(rows),
                "one row per response, with the same codes");
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM summary_keys"), Is.EqualTo(keys), "no key twice");
            Assert.That(await PendingAsync(db), Is.Zero);
        });
    }

    [Test]
    public async Task Rows_written_after_the_submit_are_exactly_the_rows_of_the_answers_sent()
    {
        var (db, _, definition, answers) = await SubmitAsync();
        using var _db = db;
        await WaitUntilWrittenAsync(db);
        await using var c = await db.Database.OpenAsync();
        var stored = (await c.QueryAsync<(long Id, string Answers, string Sector)>("SELECT id, answers, sector FROM responses")).ToList();
        Assert.That(stored, Has.Count.EqualTo(Leaders));
        Assert.Multiple(async () =>
        {
            foreach (var (id, json, sector) in stored)
            {
                var sent = answers.Single(a => JsonNode.DeepEquals(JsonNode.Parse(json), AnswerValidator.Validate(definition, a, AnswerScope.Submit).Answers));
                var values = ResponseValues.Explode(definition, AnswerValidator.Validate(definition, sent, AnswerScope.Submit).Answers).ToList();
                var expected = SummaryRowWriter.Entries(definition, values)
                    .Select(v => $"{v.Key.Question}|{v.Key.Item}|{v.Key.Value}|{v.Free ?? v.KeyNumber}").ToList();
                var stored = (await SummaryRowWriter.ReadAsync(c, id))!;
                Assert.That(stored.Values.Select(v => $"{v.Key.Question}|{v.Key.Item}|{v.Key.Value}|{v.Number}"), Is.EqualTo(expected), $"response {id}");
                Assert.That(values, Has.Count.EqualTo(expected.Count));
                Assert.That(stored.Sector, Is.EqualTo(sector));
                Assert.That(stored.Background.Keys, Is.EqualTo(new[] { "landsdel" }));
            }
        });
    }

    [Test]
    public async Task A_summary_and_the_exports_count_responses_whose_rows_are_still_pending()
    {
        var (db, id, _, _) = await SubmitAsync();
        using var _db = db;
        await WaitUntilWrittenAsync(db);
        await ForgetRowsAsync(db);
        var definitions = new DefinitionCache(db.Database);

        var names = await ResponseValues.BackgroundNamesAsync(db.Database, definitions, id);
        await ForgetRowsAsync(db);
        var summary = (await new SummaryBuilder(db.Database, definitions).BuildAsync(new SummaryRequest(id, ResponsesBy.Nobody)))!;
        Assert.Multiple(async () =>
        {
            Assert.That(names, Is.EqualTo(new[] { "landsdel" }));
            Assert.That(summary.Questions.First().Answered, Is.EqualTo(Leaders));
            Assert.That(await PendingAsync(db), Is.Zero);
        });
    }

    [Test]
    public async Task A_site_started_again_writes_the_rows_it_left_pending()
    {
        var (db, _, _, _) = await SubmitAsync();
        using var _db = db;
        await WaitUntilWrittenAsync(db);
        await ForgetRowsAsync(db);

        // The writer of a site just started: no submit arrives, yet the pending rows are written.
        _ = new Submissions(db.Database, new DefinitionCache(db.Database));
        await WaitUntilWrittenAsync(db);
        await using var c = await db.Database.OpenAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await PendingAsync(db), Is.Zero);
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM response_summaries"), Is.EqualTo(Leaders));
        });
    }
}
