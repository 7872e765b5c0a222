using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Responses;
using Survey.Tests.Questionnaires.Expressions;
using Survey.Web.Demo;

namespace Survey.Tests.Data;

/// <summary>
/// 0009 replaced the summary tables of one row per value (response_values, response_background) by
/// one row per response. A database of the earlier release is made here as that release left it:
/// the tables of migrations 0001–0008, filled with the rows its writer wrote.
/// </summary>
public class SummaryRowsMigrationTests
{
    private const string Compact = "0009_compact_summary_rows.sql";

    [Test]
    public async Task A_database_with_one_summary_row_per_value_moves_to_one_per_response_with_every_count_and_summary_the_same()
    {
        using var db = new TestDatabase();
        await DemoSeeder.Over(db.Database).SeedAsync(responses: 120);
        var definitions = new DefinitionCache(db.Database);
        await using var c = await db.Database.OpenAsync();
        var id = await c.ExecuteScalarAsync<long>("SELECT MIN(id) FROM questionnaires WHERE mode = 'survey'");
        string[] breakdowns = ["sector", ResponsesBy.Nobody, ResponsesBy.Background("landsdel"), ResponsesBy.Question("changed_sector")];
        async Task<List<string>> SummariesAsync()
        {
            var builder = new SummaryBuilder(db.Database, new DefinitionCache(db.Database));
            var summaries = new List<string>();
            foreach (var by in breakdowns) summaries.Add(JsonSerializer.Serialize(await builder.BuildAsync(new SummaryRequest(id, by))));
            return summaries;
        }
        var before = await SummariesAsync();
        var responses = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses");

        // Back to the earlier release's schema, with the rows its writer wrote for each stored response.
        await c.ExecuteAsync($"DROP TABLE response_summaries; DROP TABLE summary_keys; DELETE FROM schema_migrations WHERE name = '{Compact}'");
        var script = await File.ReadAllTextAsync(Path.Combine(ExpressionVectorTests.RepositoryRoot(), "migrations", db.Store, "0001_create_core_tables.sql"));
        foreach (Match statement in Regex.Matches(script, @"CREATE (TABLE|INDEX \w+ ON) response_(values|background) \(.*?\);", RegexOptions.Singleline))
            await c.ExecuteAsync(statement.Value);
        var stored = (await c.QueryAsync<(long Id, long QuestionnaireId, int Version, string Answers, string Sector, string Background, string Mode, DateTime SubmittedAt)>(
            "SELECT id, questionnaire_id, version, answers, sector, background, mode, submitted_at FROM responses")).ToList();
        long valueRows = 0;
        foreach (var r in stored)
        {
            var definition = (await definitions.GetAsync(r.QuestionnaireId, r.Version))!;
            foreach (var v in ResponseValues.Explode(definition, JsonNode.Parse(r.Answers)!.AsObject()))
            {
                await c.ExecuteAsync("""
                    INSERT INTO response_values (response_id, questionnaire_id, question, item, value, number, sector, mode, submitted_at)
                    VALUES (@Id, @QuestionnaireId, @Question, @Item, @Value, @Number, @Sector, @Mode, @SubmittedAt)
                    """, new { r.Id, r.QuestionnaireId, v.Question, v.Item, v.Value, v.Number, r.Sector, r.Mode, r.SubmittedAt });
                valueRows++;
            }
            foreach (var (name, value) in ResponseValues.BackgroundRows(r.Sector, JsonSerializer.Deserialize<Dictionary<string, string>>(r.Background)!))
                await c.ExecuteAsync("INSERT INTO response_background (response_id, questionnaire_id, name, value) VALUES (@Id, @QuestionnaireId, @name, @value)",
                    new { r.Id, r.QuestionnaireId, name, value });
        }
        await c.ExecuteAsync("UPDATE responses SET values_pending = FALSE");
        Assert.That(valueRows, Is.GreaterThan(20 * responses), "the earlier release's rows, a few dozen per response");

        var applied = Migrator.Apply(db.Database);
        var tables = (await c.QueryAsync<string>(db.Store == SqliteDatabase.Name
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")).ToList();
        var pendingAfterMove = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses WHERE values_pending");
        var after = await SummariesAsync();
        // What a site does when it starts: the rest (the interview guide's) written too.
        while (await ResponseValues.WritePendingAsync(c, definitions, null) > 0)
        {
        }

        Assert.Multiple(async () =>
        {
            Assert.That(applied, Is.EqualTo(new[] { Compact }));
            Assert.That(tables, Has.None.EqualTo("response_values").And.None.EqualTo("response_background"));
            Assert.That(pendingAfterMove, Is.EqualTo(responses), "every response's row is written again from its answers");
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses"), Is.EqualTo(responses));
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM response_summaries"), Is.EqualTo(responses), "one row per response");
            for (var i = 0; i < breakdowns.Length; i++) Assert.That(after[i], Is.EqualTo(before[i]), $"the summary by {breakdowns[i]}");
        });
    }
}
