using System.Text;
using System.Text.Json.Nodes;
using Survey.Core;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Responses;

namespace Survey.Tests.Reports;

/// <summary>
/// Questions of parts in the summaries and the raw data: a multipletext item, a matrixdropdown cell
/// and a repeating group's question each summarised as the small question it is (a repeating group's
/// over all its rows, with its row count as a number), under the small-group rules; the expected
/// numbers are worked out here from the raw answers.
/// </summary>
public class PartsSummaryTests
{
    private const string Definition = """
        { "pages": [ { "name": "p1", "elements": [
          { "type": "multipletext", "name": "post", "title": "Stilling", "items": [
            { "name": "employer", "title": "Arbejdsgiver" }, { "name": "years", "title": "År", "inputType": "number" } ] },
          { "type": "matrixdropdown", "name": "grid", "title": "Net", "rows": [ { "value": "now", "text": "Nu" } ], "choices": ["a", "b"],
            "columns": [ { "name": "pick", "title": "Valg" }, { "name": "areas", "title": "Områder", "cellType": "checkbox", "choices": ["hr", "it"] } ] },
          { "type": "paneldynamic", "name": "career", "title": "Karriere", "maxPanelCount": 3, "templateElements": [
            { "type": "radiogroup", "name": "sector", "title": "Sektor", "choices": ["state", "private"] },
            { "type": "text", "name": "years", "title": "År", "inputType": "number" },
            { "type": "comment", "name": "why", "title": "Hvorfor" } ] }
        ] } ] }
        """;

    private static readonly (string Sector, int Count)[] Groups = [(Sectors.State, 10), (Sectors.Private, 7), (Sectors.Region, 2)];

    private TestDatabase _db = null!;
    private long _id;
    private readonly List<(string Sector, JsonObject Answers)> _raw = [];

    [OneTimeSetUp]
    public async Task Seed()
    {
        _db = new TestDatabase();
        var random = new Random(5);
        (_id, var raw) = await KnownAnswers.SeedAsync(_db, Definition, Groups, _ =>
        {
            var rows = new JsonArray(Enumerable.Range(0, random.Next(0, 4)).Select(_ => (JsonNode)new JsonObject
            {
                ["sector"] = random.Next(2) == 0 ? "state" : "private", ["years"] = random.Next(1, 20), ["why"] = "Fordi " + random.Next(100),
            }).ToArray());
            var answers = new JsonObject
            {
                ["post"] = new JsonObject { ["employer"] = "KL " + random.Next(9), ["years"] = random.Next(1, 30) },
                ["grid"] = new JsonObject { ["now"] = new JsonObject { ["pick"] = random.Next(2) == 0 ? "a" : "b", ["areas"] = new JsonArray("hr") } },
            };
            if (rows.Count > 0) answers["career"] = rows;
            return answers;
        });
        _raw.AddRange(raw);
    }

    [OneTimeTearDown]
    public void Cleanup() => _db.Dispose();

    private Task<QuestionnaireSummary?> Build(string lang = "da") =>
        new SummaryBuilder(_db.Database, new DefinitionCache(_db.Database)).BuildAsync(new SummaryRequest(_id, ResponsesBy.Sector, SummaryModes.Both, Lang: lang));

    private IEnumerable<JsonObject> Rows(string? sector = null) =>
        _raw.Where(r => sector is null || r.Sector == sector).SelectMany(r => r.Answers["career"]?.AsArray().Select(x => x!.AsObject()) ?? []);

    [Test]
    public async Task Each_part_is_a_question_of_the_summary_named_by_its_path()
    {
        var s = (await Build())!;
        Assert.That(s.Questions.Select(q => q.Name), Is.EqualTo(new[]
        {
            "post.employer", "post.years", "grid.now.pick", "grid.now.areas", "career", "career.sector", "career.years", "career.why",
        }));
        Assert.That(s.Questions.Select(q => q.Title).ToList(), Has.Member("Net: Nu, Valg").And.Member("Karriere: antal rækker").And.Member("Karriere: Sektor"));
    }

    [Test]
    public async Task A_repeating_group_counts_its_rows_as_a_number_and_its_questions_over_all_rows_with_small_groups_hidden()
    {
        var s = (await Build())!;
        var count = s.Questions.Single(q => q.Name == "career");
        var sector = s.Questions.Single(q => q.Name == "career.sector");
        var years = s.Questions.Single(q => q.Name == "career.years");
        var answeredGroups = _raw.Where(r => r.Answers["career"] is not null).ToList();
        var counts = answeredGroups.Select(r => (double)r.Answers["career"]!.AsArray().Count).ToList();
        var stateRows = Rows(Sectors.State).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(count.HasStatistics, Is.True);
            Assert.That((count.CountsRows, sector.CountsRows, years.CountsRows), Is.EqualTo((false, true, true)), "a group's questions count rows, its row count leaders");
            Assert.That(s.Questions.Single(q => q.Name == "post.years").CountsRows, Is.False);
            Assert.That(s.Footnotes, Has.Some.Contains("tælles pr. række"), "the summary says its group questions count rows");
            Assert.That(count.Stats!.N, Is.EqualTo(answeredGroups.Count));
            Assert.That(count.Stats.Mean, Is.EqualTo(Math.Round(counts.Average(), 2)));
            Assert.That(sector.Answered, Is.EqualTo(Rows().Count()), "over all rows");
            Assert.That(sector.Options.Single(o => o.Value == "state").Total.Count, Is.EqualTo(Rows().Count(r => r["sector"]!.GetValue<string>() == "state")));
            Assert.That(sector.Options.Single(o => o.Value == "state").Groups[Sectors.State]!.Count,
                Is.EqualTo(stateRows.Count(r => r["sector"]!.GetValue<string>() == "state")));
            Assert.That(sector.AnsweredByGroup[Sectors.Region], Is.Null, "two leaders in the region: hidden");
            Assert.That(years.Stats!.Mean, Is.EqualTo(Math.Round(Rows().Average(r => (double)r["years"]!.GetValue<int>()), 2)));
        });
    }

    [Test]
    public async Task A_sector_of_two_leaders_is_hidden_though_their_rows_are_more_than_the_minimum()
    {
        using var db = new TestDatabase();
        var (id, _) = await KnownAnswers.SeedAsync(db, Definition, [(Sectors.State, 6), (Sectors.Municipality, 7), (Sectors.Region, 2)], sector =>
        {
            var count = sector == Sectors.Region ? 3 : 1;
            return new JsonObject
            {
                ["career"] = new JsonArray(Enumerable.Range(0, count).Select(_ => (JsonNode)new JsonObject { ["sector"] = "state", ["years"] = 2 }).ToArray()),
            };
        });
        var s = (await new SummaryBuilder(db.Database, new DefinitionCache(db.Database)).BuildAsync(new SummaryRequest(id, ResponsesBy.Sector)))!;
        var sector = s.Questions.Single(q => q.Name == "career.sector");
        var years = s.Questions.Single(q => q.Name == "career.years");
        Assert.Multiple(() =>
        {
            Assert.That(sector.Answered, Is.EqualTo(6 + 7 + 2 * 3), "rows");
            Assert.That(sector.AnsweredByGroup[Sectors.Region], Is.Null, "6 rows, but 2 leaders: hidden");
            Assert.That(years.StatsByGroup[Sectors.Region], Is.Null);
            Assert.That(sector.AnsweredByGroup[Sectors.Municipality], Is.EqualTo(7));
        });
    }

    [Test]
    public async Task A_multipletext_item_and_a_matrixdropdown_cell_are_summarised_as_their_own_types()
    {
        var s = (await Build())!;
        var years = s.Questions.Single(q => q.Name == "post.years");
        var employer = s.Questions.Single(q => q.Name == "post.employer");
        var pick = s.Questions.Single(q => q.Name == "grid.now.pick");
        var areas = s.Questions.Single(q => q.Name == "grid.now.areas");
        Assert.Multiple(() =>
        {
            Assert.That(years.Stats!.Mean, Is.EqualTo(Math.Round(_raw.Average(r => (double)r.Answers["post"]!["years"]!.GetValue<int>()), 2)));
            Assert.That(employer.TextCount, Is.EqualTo(_raw.Count), "free text, listed under the texts' rule");
            Assert.That(pick.Options.Select(o => o.Value), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(pick.Options.Single(o => o.Value == "a").Total.Count, Is.EqualTo(_raw.Count(r => r.Answers["grid"]!["now"]!["pick"]!.GetValue<string>() == "a")));
            Assert.That(areas.Answered, Is.EqualTo(_raw.Count), "a checkbox cell counts respondents, not ticks");
            Assert.That(areas.Options.Single(o => o.Value == "hr").Total.Percent, Is.EqualTo(100));
        });
    }

    [Test]
    public async Task The_group_has_its_own_long_file_with_a_line_per_row_and_the_taskforce_gets_it_protected()
    {
        var raw = new RawData(_db.Database, new DefinitionCache(_db.Database));
        var full = Encoding.UTF8.GetString((await raw.GroupRowsCsvAsync(_id, "career", RawDataView.Full, danishExcel: false, "da"))!).TrimStart('\uFEFF');
        var taskforce = Encoding.UTF8.GetString((await raw.GroupRowsCsvAsync(_id, "career", RawDataView.Protected, danishExcel: false, "da"))!).TrimStart('\uFEFF');
        var lines = full.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var protectedLines = taskforce.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var wide = Encoding.UTF8.GetString((await raw.ResponsesCsvAsync(_id, RawDataView.Full, danishExcel: false, "da"))!).TrimStart('\uFEFF');
        Assert.Multiple(async () =>
        {
            Assert.That(lines[0], Is.EqualTo("reference,panel,sector,years,why"));
            Assert.That(lines, Has.Length.EqualTo(1 + Rows().Count()));
            Assert.That(protectedLines[0], Does.StartWith("response_row,panel,"));
            // The private sector has 7 leaders, fewer than twice the minimum: its free text is left out for the taskforce.
            Assert.That(protectedLines.Count(l => l.EndsWith(",", StringComparison.Ordinal)), Is.EqualTo(Rows(Sectors.Private).Count() + Rows(Sectors.Region).Count()));
            Assert.That(wide.Split("\r\n")[0], Does.Contain("career.rows,career.1.sector,career.1.years,career.1.why,career.2.sector").And.Contain("career.3.why"));
            Assert.That(wide.Split("\r\n")[0], Does.Not.Contain("career.4."));
            Assert.That(await raw.GroupRowsCsvAsync(_id, "post", RawDataView.Full, danishExcel: false, "da"), Is.Null, "not a repeating group");
        });
    }
}
