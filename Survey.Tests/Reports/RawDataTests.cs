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
        var csv = (await new RawData(db.Database, new DefinitionCache(db.Database)).ResponsesCsvAsync(id, mayIdentify: false, danishExcel: true, "da"))!;
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
        var rows = Parse((await new RawData(db.Database, new DefinitionCache(db.Database)).ResponsesCsvAsync(id, false, true, "da"))!);
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
        var withContacts = Parse((await new RawData(named.Database, new DefinitionCache(named.Database)).ResponsesCsvAsync(namedId, true, true, "da"))!);
        var withoutContacts = Parse((await new RawData(anonymous.Database, new DefinitionCache(anonymous.Database)).ResponsesCsvAsync(anonymousId, true, true, "da"))!);
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
        var rows = Parse((await new RawData(db.Database, new DefinitionCache(db.Database)).CodebookCsvAsync(id, false, "en"))!, ',');
        Assert.Multiple(() =>
        {
            Assert.That(rows[0], Is.EqualTo(new[] { "column", "type", "question", "value", "label" }));
            Assert.That(rows.Any(r => r[0] == "management_level" && r[3] == "top" && r[4] == "Top executive"), Is.True);
            Assert.That(rows.Any(r => r[0] == "barriers.pay" && r[2].Contains("Pay and terms")), Is.True);
            Assert.That(rows.Any(r => r[0] == "barriers.pay" && r[3] == "5" && r[4] == "5 Strongly agree"), Is.True);
        });
    }
}
