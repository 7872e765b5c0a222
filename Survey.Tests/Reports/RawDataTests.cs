using System.Text;
using System.Text.Json.Nodes;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Responses;
using Survey.Tests.Respond;
using Survey.Web.Demo;

namespace Survey.Tests.Reports;

public class RawDataTests
{
    private static async Task<(TestDatabase Db, long Id, List<JsonObject> Answers)> SeedAsync(string anonymity, params JsonObject[] answers)
    {
        var db = new TestDatabase();
        var lifecycle = new QuestionnaireLifecycle(db.Database);
        var id = (await lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(Anonymity: anonymity), "test")).Value;
        await lifecycle.PublishAsync(id, "test");
        var ids = await new Contacts(db.Database).AddAsync(answers.Select((_, i) =>
            new ContactInput($"Navn {i}", $"n{i}@test.example", $"Org {i}", Sectors.Region, "Chef", new Dictionary<string, string> { ["landsdel"] = "Fyn" })).ToList(), "test");
        var invited = (await new Invitations(db.Database).CreateAsync(id, ids, "test")).Value!;
        var submissions = new Submissions(db.Database, new DefinitionCache(db.Database));
        for (var i = 0; i < answers.Length; i++) Assert.That((await submissions.SubmitAsync(invited[i].InvitationId, answers[i])).IsOk, Is.True);
        return (db, id, answers.ToList());
    }

    private static List<string[]> Parse(byte[] csv, char separator = ';')
    {
        var text = Encoding.UTF8.GetString(csv).TrimStart('\uFEFF');
        var result = CsvHelper.CsvReader.FromText(text, new CsvHelper.CsvReaderOptions { Separator = separator, HasHeader = false });
        var rows = new List<string[]>();
        while (result.Read()) rows.Add(Enumerable.Range(0, result.FieldCount).Select(result.GetString).ToArray());
        return rows;
    }

    [Test]
    public async Task Each_response_is_one_row_with_a_column_per_question_option_and_matrix_row()
    {
        var a = DemoAnswers.Complete(1);
        var b = DemoAnswers.Complete(2);
        var (db, id, raw) = await SeedAsync(Anonymity.Confidential, a, b);
        using var _ = db;
        var csv = (await new RawData(db.Database, new DefinitionCache(db.Database)).ResponsesCsvAsync(id, RawDataView.Full, danishExcel: true, "da"))!;
        var rows = Parse(csv);
        var header = rows[0].ToList();
        string Cell(int row, string column) => rows[row][header.IndexOf(column)];
        Assert.Multiple(() =>
        {
            Assert.That(csv.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "a BOM for Danish Excel");
            Assert.That(rows, Has.Count.EqualTo(3));
            Assert.That(header, Does.Contain("landsdel").And.Contain("mode").And.Contain("version").And.Contain("submitted_at"));
            Assert.That(header, Does.Not.Contain("email"), "no contact fields unless an admin asks");
            Assert.That(Cell(1, "current_sector"), Is.EqualTo(raw[0]["current_sector"]!.GetValue<string>()));
            Assert.That(Cell(1, "years_as_leader"), Is.EqualTo(raw[0]["years_as_leader"]!.ToJsonString()));
            Assert.That(Cell(1, "sectors_led.state"), Is.EqualTo(raw[0]["sectors_led"]!.AsArray().Any(v => v!.GetValue<string>() == "state") ? "1" : "0"));
            Assert.That(Cell(1, "knowledge_sharing.private"), Is.EqualTo(raw[0]["knowledge_sharing"]!["private"]!.GetValue<string>()));
            Assert.That(Cell(1, "barriers.pay"), Is.EqualTo(raw[0]["barriers"]!["pay"]!.ToJsonString()));
            Assert.That(Cell(2, "changed_sector"), Is.EqualTo(raw[1]["changed_sector"]!.GetValue<bool>() ? "1" : "0"));
            Assert.That(Cell(1, "landsdel"), Is.EqualTo("Fyn"));
        });
    }

    [Test]
    public async Task Cells_that_a_spreadsheet_would_run_as_formulas_are_made_harmless()
    {
        var a = DemoAnswers.Complete(3);
        a["recommendation"] = "=HYPERLINK(\"http://evil.example\";\"klik\")";
        var (db, id, _) = await SeedAsync(Anonymity.Confidential, a);
        using var _db = db;
        var rows = Parse((await new RawData(db.Database, new DefinitionCache(db.Database)).ResponsesCsvAsync(id, RawDataView.Full, true, "da"))!);
        var cell = rows[1][rows[0].ToList().IndexOf("recommendation")];
        Assert.That(cell, Does.Not.StartWith("="));
        Assert.That(cell, Does.Contain("HYPERLINK"));
    }

    [Test]
    public async Task Admins_get_contact_fields_but_never_for_an_anonymous_questionnaire()
    {
        var (named, namedId, _) = await SeedAsync(Anonymity.Confidential, DemoAnswers.Complete(4));
        var (anonymous, anonymousId, _) = await SeedAsync(Anonymity.Anonymous, DemoAnswers.Complete(5));
        using var _1 = named;
        using var _2 = anonymous;
        var withContacts = Parse((await new RawData(named.Database, new DefinitionCache(named.Database)).ResponsesCsvAsync(namedId, RawDataView.FullWithContacts, true, "da"))!);
        var withoutContacts = Parse((await new RawData(anonymous.Database, new DefinitionCache(anonymous.Database)).ResponsesCsvAsync(anonymousId, RawDataView.FullWithContacts, true, "da"))!);
        Assert.Multiple(() =>
        {
            Assert.That(withContacts[1][withContacts[0].ToList().IndexOf("email")], Is.EqualTo("n0@test.example"));
            Assert.That(withoutContacts[0], Does.Not.Contain("email").And.Not.Contain("name"));
        });
    }

    [Test]
    public async Task The_codebook_explains_every_column_and_value()
    {
        var (db, id, _) = await SeedAsync(Anonymity.Confidential, DemoAnswers.Complete(6));
        using var _db = db;
        var rows = Parse((await new RawData(db.Database, new DefinitionCache(db.Database)).CodebookCsvAsync(id, RawDataView.Full, false, "en"))!, ',');
        Assert.Multiple(() =>
        {
            Assert.That(rows[0], Is.EqualTo(new[] { "column", "type", "question", "value", "label" }));
            Assert.That(rows.Any(r => r[0] == "management_level" && r[3] == "top" && r[4] == "Top executive"), Is.True);
            Assert.That(rows.Any(r => r[0] == "barriers.pay" && r[2].Contains("Pay and terms")), Is.True);
            Assert.That(rows.Any(r => r[0] == "barriers.pay" && r[3] == "5" && r[4] == "5 Strongly agree"), Is.True);
        });
    }
}

public class ProtectedRawDataTests
{
    private static List<string[]> Parse(byte[] csv)
    {
        var text = Encoding.UTF8.GetString(csv).TrimStart('\uFEFF');
        var result = CsvHelper.CsvReader.FromText(text, new CsvHelper.CsvReaderOptions { Separator = ';', HasHeader = false });
        var rows = new List<string[]>();
        while (result.Read()) rows.Add(Enumerable.Range(0, result.FieldCount).Select(result.GetString).ToArray());
        return rows;
    }

    [Test]
    public async Task The_taskforce_file_has_no_combination_of_sector_background_and_mode_held_by_fewer_than_the_minimum()
    {
        await using var site = new Survey.Tests.BackOffice.BackOfficeSite();
        var demo = await DemoSeeder.Over(site.Db.Database).SeedAsync(responses: 120);
        // A rare background value, held by one person only, as in a real contact list.
        await using (var c = await site.Db.Database.OpenAsync())
        {
            var first = await Dapper.SqlMapper.QuerySingleAsync<(long Id, string Background)>(c,
                "SELECT id, background FROM responses WHERE id = (SELECT MIN(id) FROM responses WHERE questionnaire_id = @Id)", new { Id = demo.QuestionnaireId });
            var background = System.Text.Json.Nodes.JsonNode.Parse(first.Background)!.AsObject();
            background["landsdel"] = "Bornholm";
            await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE responses SET background = @Background WHERE id = @Id",
                new { first.Id, Background = background.ToJsonString() });
        }
        using var taskforce = site.Api(await site.ApiKeyAsync(Survey.Web.Users.Roles.Taskforce));
        using var secretariat = site.Api(await site.ApiKeyAsync(Survey.Web.Users.Roles.Secretariat));
        var url = $"/api/v1/admin/questionnaires/{demo.QuestionnaireId}/responses.csv";
        var protectedRows = Parse(await taskforce.GetByteArrayAsync(url));
        var fullRows = Parse(await secretariat.GetByteArrayAsync(url));
        var codebook = Parse(await taskforce.GetByteArrayAsync($"/api/v1/admin/questionnaires/{demo.QuestionnaireId}/codebook.csv"));

        var header = protectedRows[0].ToList();
        var quasi = new[] { "sector", "mode" }.Concat(header.Where(h => h == "landsdel")).Select(h => header.IndexOf(h)).ToList();
        var combinations = protectedRows.Skip(1).GroupBy(r => string.Join("|", quasi.Select(i => r[i]))).ToDictionary(g => g.Key, g => g.Count());
        var fullHeader = fullRows[0].ToList();
        var fullQuasi = new[] { "sector", "mode", "landsdel" }.Select(h => fullHeader.IndexOf(h)).ToList();
        var fullRare = fullRows.Skip(1).GroupBy(r => string.Join("|", fullQuasi.Select(i => r[i]))).Count(g => g.Count() < 5);
        var time = header.IndexOf("submitted_at");
        Assert.Multiple(() =>
        {
            Assert.That(fullRare, Is.GreaterThan(0), "the full file does have rare combinations, so the test means something");
            Assert.That(protectedRows, Has.Count.EqualTo(fullRows.Count), "every response is still a row");
            Assert.That(combinations.Where(c => c.Value < 5), Is.Empty, "every combination is held by at least the minimum of 5");
            Assert.That(protectedRows.Skip(1).Select(r => r[header.IndexOf("landsdel")]), Has.None.EqualTo("Bornholm"));
            Assert.That(protectedRows.Skip(1).Select(r => r[time]), Has.All.Match(@"^\d{4}-\d{2}-\d{2}$"), "times to the day");
            Assert.That(fullRows.Skip(1).Select(r => r[fullHeader.IndexOf("submitted_at")]), Has.All.Match(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"));
            Assert.That(header, Does.Not.Contain("reference"), "receipt numbers stay with the secretariat");
            Assert.That(codebook[1][2], Does.Contain("taskforce").Or.Contain("taskforcen"), "the codebook says which file it is");
        });
    }

    [Test]
    public async Task Free_text_in_the_taskforce_file_follows_the_summaries_rule()
    {
        using var db = new TestDatabase();
        var lifecycle = new QuestionnaireLifecycle(db.Database);
        var id = (await lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(MinGroupSize: 3), "test")).Value;
        await lifecycle.PublishAsync(id, "test");
        // Six in the state (twice the minimum of three: their texts are shown), three in a region (not).
        var ids = await new Contacts(db.Database).AddAsync(Enumerable.Range(0, 9).Select(i =>
            new ContactInput($"N{i}", $"n{i}@test.example", "Org", i < 6 ? Sectors.State : Sectors.Region, "Chef")).ToList(), "test");
        var invited = (await new Invitations(db.Database).CreateAsync(id, ids, "test")).Value!;
        var submissions = new Submissions(db.Database, new DefinitionCache(db.Database));
        for (var i = 0; i < 9; i++)
        {
            var answers = DemoAnswers.Complete(i);
            answers["recommendation"] = $"tekst {i}";
            Assert.That((await submissions.SubmitAsync(invited[i].InvitationId, answers)).IsOk, Is.True);
        }
        var raw = new RawData(db.Database, new DefinitionCache(db.Database));
        var rows = Parse((await raw.ResponsesCsvAsync(id, RawDataView.Protected, true, "da"))!);
        var column = rows[0].ToList().IndexOf("recommendation");
        var texts = rows.Skip(1).Select(r => r[column]).Where(t => t.Length > 0).ToList();
        var full = Parse((await raw.ResponsesCsvAsync(id, RawDataView.Full, true, "da"))!).Skip(1).Select(r => r[column]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(texts, Is.EquivalentTo(Enumerable.Range(0, 6).Select(i => $"tekst {i}")));
            Assert.That(full, Is.EquivalentTo(Enumerable.Range(0, 9).Select(i => $"tekst {i}")));
        });
    }

    [Test]
    public void Local_suppression_blanks_the_rarest_cells_until_every_combination_is_common_enough()
    {
        var rows = new List<string[]>
        {
            new[] { "state", "web", "Fyn" }, new[] { "state", "web", "Fyn" }, new[] { "state", "web", "Fyn" },
            new[] { "state", "web", "Sjælland" }, new[] { "region", "interview", "Fyn" }, new[] { "state", "web", "Fyn" },
        };
        LocalSuppression.Apply(rows, 3);
        var counts = rows.GroupBy(r => string.Join("|", r)).Select(g => g.Count()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(counts, Has.All.GreaterThanOrEqualTo(3));
            Assert.That(rows.Count(r => r.SequenceEqual(new[] { "state", "web", "Fyn" })), Is.GreaterThanOrEqualTo(2), "common rows are not blanked wholesale");
        });
    }
}
