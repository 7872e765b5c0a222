using System.Text.Json.Nodes;
using Survey.Core;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;

namespace Survey.Tests.Reports;

public class CrossTabTests
{
    private const string Definition = """
        { "pages": [ { "name": "p1", "elements": [
          { "type": "radiogroup", "name": "path", "choices": ["a", "b", "c"] },
          { "type": "boolean", "name": "moved" },
          { "type": "rating", "name": "share", "rateMin": 1, "rateMax": 5 },
          { "type": "comment", "name": "why" } ] } ] }
        """;

    /// <summary>Per sector a fixed cycle of answers, so that the table is known; region has three leaders, fewer than the minimum of five.</summary>
    private static async Task<(TestDatabase Db, long Id, List<(string Sector, JsonObject Answers)> Raw)> SeedAsync()
    {
        var db = new TestDatabase();
        var cycles = new Dictionary<string, string[]>
        {
            [Sectors.State] = ["a", "b", "c"],
            [Sectors.Municipality] = ["a", "a", "a", "b", "c"],
            [Sectors.Private] = ["c", "c", "b", "a"],
            [Sectors.Region] = ["a"],
        };
        var seen = new Dictionary<string, int>();
        var (id, raw) = await KnownAnswers.SeedAsync(db, Definition,
            [(Sectors.State, 30), (Sectors.Municipality, 25), (Sectors.Private, 20), (Sectors.Region, 3)],
            sector =>
            {
                var i = seen[sector] = seen.GetValueOrDefault(sector) + 1;
                return new JsonObject { ["path"] = cycles[sector][i % cycles[sector].Length], ["moved"] = i % 2 == 0, ["share"] = 1 + i % 5 };
            });
        return (db, id, raw);
    }

    private static Task<Outcome<CrossTabulation>> CrossAsync(TestDatabase db, long id, string? rows, string? cols, string? sector = null) =>
        new SummaryBuilder(db.Database, new DefinitionCache(db.Database)).CrossTabAsync(new CrossTabRequest(new SummaryRequest(id, Sector: sector), rows, cols));

    /// <summary>The rule worked out here from the totals: below five hidden, and when that is one alone, the next smallest too.</summary>
    private static HashSet<string> Hidden(Dictionary<string, long> totals)
    {
        var hidden = totals.Where(t => t.Value is > 0 and < 5).Select(t => t.Key).ToHashSet();
        if (hidden.Count == 1) hidden.Add(totals.Where(t => t.Value > 0 && !hidden.Contains(t.Key)).MinBy(t => t.Value).Key);
        return hidden;
    }

    [Test]
    public async Task Counts_shares_chi_square_and_cramers_v_are_those_of_the_raw_answers_with_small_columns_hidden_in_pairs()
    {
        var (db, id, raw) = await SeedAsync();
        using var _ = db;
        var table = (await CrossAsync(db, id, "question:path", "sector")).Value!;

        // Independently: the counts from the answers sent, the hidden columns, the test on what is shown.
        var counts = raw.GroupBy(r => ((string)r.Answers["path"]!, r.Sector)).ToDictionary(g => g.Key, g => (long)g.Count());
        var sectors = raw.Select(r => r.Sector).Distinct().ToList();
        var hidden = Hidden(sectors.ToDictionary(s => s, s => (long)raw.Count(r => r.Sector == s)));
        var shown = sectors.Where(s => !hidden.Contains(s)).ToList();
        string[] paths = ["a", "b", "c"];
        var n = (double)paths.Sum(p => shown.Sum(s => counts.GetValueOrDefault((p, s))));
        double chi = 0;
        foreach (var p in paths)
            foreach (var s in shown)
            {
                var expected = shown.Sum(x => counts.GetValueOrDefault((p, x))) * (double)paths.Sum(x => counts.GetValueOrDefault((x, s))) / n;
                chi += Math.Pow(counts.GetValueOrDefault((p, s)) - expected, 2) / expected;
            }
        // With two degrees of freedom the chi-square distribution's upper tail is exactly exp(-x/2).
        var pValue = Math.Exp(-chi / 2);
        var v = Math.Sqrt(chi / (n * Math.Min(paths.Length - 1, shown.Count - 1)));

        var columnKeys = table.ColumnGroups.Select(g => g.Key).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(hidden, Is.EquivalentTo(new[] { Sectors.Region, Sectors.Private }), "region below five, private the next smallest");
            Assert.That(table.RowGroups.Select(g => g.Key), Is.EqualTo(paths), "in the question's order");
            Assert.That(table.ColumnGroups.Where(g => g.Hidden).Select(g => g.Key), Is.EquivalentTo(hidden));
            Assert.That(table.ColumnGroups.Where(g => g.Hidden).Select(g => g.Total), Is.All.Null);
            Assert.That(table.Total, Is.EqualTo(raw.Count));
            for (var r = 0; r < paths.Length; r++)
                for (var c = 0; c < columnKeys.Count; c++)
                {
                    var cell = table.Cells[r][c];
                    if (hidden.Contains(columnKeys[c]))
                    {
                        Assert.That(cell.Count, Is.Null, $"{paths[r]} × {columnKeys[c]} hidden");
                        continue;
                    }
                    var count = counts.GetValueOrDefault((paths[r], columnKeys[c]));
                    var rowTotal = raw.Count(x => (string)x.Answers["path"]! == paths[r]);
                    var columnTotal = raw.Count(x => x.Sector == columnKeys[c]);
                    Assert.That(cell.Count, Is.EqualTo(count), $"{paths[r]} × {columnKeys[c]}");
                    Assert.That(cell.RowPercent, Is.EqualTo(Math.Round(100.0 * count / rowTotal, 1)));
                    Assert.That(cell.ColumnPercent, Is.EqualTo(Math.Round(100.0 * count / columnTotal, 1)));
                }
            Assert.That(table.Test, Is.Not.Null);
            Assert.That(table.Test!.DegreesOfFreedom, Is.EqualTo(2));
            Assert.That(table.Test.N, Is.EqualTo((long)n));
            Assert.That(table.Test.ChiSquare, Is.EqualTo(chi).Within(0.0005));
            Assert.That(table.Test.PValue, Is.EqualTo(pValue).Within(1e-9));
            Assert.That(table.Test.CramersV, Is.EqualTo(v).Within(0.0005));
            Assert.That(table.RowsLabel, Is.EqualTo("path"));
            Assert.That(table.ColumnsLabel, Is.EqualTo("Sektor"));
        });
    }

    [Test]
    public async Task No_hidden_cell_follows_from_the_margins_and_the_cells_shown()
    {
        var (db, id, raw) = await SeedAsync();
        using var _ = db;
        // Sectors as rows this time, against a choice, a yes/no question and a rating.
        foreach (var (rows, cols) in new[] { ("sector", "question:path"), ("sector", "question:moved"), ("question:share", "sector") })
        {
            var table = (await CrossAsync(db, id, rows, cols)).Value!;
            var hiddenRows = table.RowGroups.Count(g => g.Hidden && RawTotal(raw, table, g.Key, rows) > 0);
            var hiddenColumns = table.ColumnGroups.Count(g => g.Hidden && RawTotal(raw, table, g.Key, cols) > 0);
            Assert.Multiple(() =>
            {
                Assert.That(hiddenRows, Is.Not.EqualTo(1), $"{rows} × {cols}: never one row hidden alone");
                Assert.That(hiddenColumns, Is.Not.EqualTo(1), $"{rows} × {cols}: never one column hidden alone");
                for (var r = 0; r < table.RowGroups.Count; r++)
                    for (var c = 0; c < table.ColumnGroups.Count; c++)
                        Assert.That(table.Cells[r][c].Count is null, Is.EqualTo(table.RowGroups[r].Hidden || table.ColumnGroups[c].Hidden),
                            $"{rows} × {cols}: a cell is hidden exactly where its row or column is");
            });
        }
        var stateOnly = (await CrossAsync(db, id, "question:path", "question:moved", sector: Sectors.Region)).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(stateOnly.Total, Is.Null, "three responses in scope: everything hidden");
            Assert.That(stateOnly.Cells.SelectMany(r => r).Select(c => c.Count), Is.All.Null);
            Assert.That(stateOnly.Test, Is.Null);
        });
    }

    private static long RawTotal(List<(string Sector, JsonObject Answers)> raw, CrossTabulation table, string key, string by) => by switch
    {
        "sector" => raw.Count(r => r.Sector == key),
        _ => raw.Count(r => r.Answers[by["question:".Length..]]!.ToJsonString().Trim('"') == key),
    };

    [Test]
    public async Task Crosstab_json_gives_the_table_to_the_taskforce_and_problem_details_for_what_it_cannot_tabulate()
    {
        await using var site = new Survey.Tests.BackOffice.BackOfficeSite();
        var seen = 0;
        var (id, raw) = await KnownAnswers.SeedAsync(site.Db, Definition, [(Sectors.State, 10), (Sectors.Municipality, 10)],
            _ => new JsonObject { ["path"] = ++seen % 2 == 0 ? "a" : "b", ["moved"] = seen % 4 < 2, ["share"] = 3 });
        using var api = site.Api(await site.ApiKeyAsync(Survey.Web.Users.Roles.Taskforce));
        var ok = await api.GetAsync($"/api/v1/admin/questionnaires/{id}/crosstab.json?rows=question:path&cols=question:moved&lang=en");
        var body = System.Text.Json.Nodes.JsonNode.Parse(await ok.Content.ReadAsStringAsync())!;
        var bad = await api.GetAsync($"/api/v1/admin/questionnaires/{id}/crosstab.json?rows=question:why&cols=sector");
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
        var missing = await api.GetAsync($"/api/v1/admin/questionnaires/{id + 99}/crosstab.json?rows=sector&cols=question:path");
        var yesA = raw.Count(r => (string)r.Answers["path"]! == "a" && (bool)r.Answers["moved"]!);
        Assert.Multiple(() =>
        {
            Assert.That(ok.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
            Assert.That(body["rows"]!.GetValue<string>(), Is.EqualTo("question:path"));
            Assert.That(body["columnGroups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()), Is.EqualTo(new[] { "true", "false" }));
            Assert.That(body["cells"]![0]![0]!["count"]!.GetValue<long>(), Is.EqualTo(yesA), "a × yes");
            Assert.That(body["test"]!["degreesOfFreedom"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(bad.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.UnprocessableEntity));
            Assert.That(problem["errors"]!["rows"], Is.Not.Null);
            Assert.That(missing.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task What_cannot_be_tabulated_is_refused_with_the_field_named()
    {
        var (db, id, _) = await SeedAsync();
        using var _ = db;
        var text = await CrossAsync(db, id, "question:why", "sector");
        var same = await CrossAsync(db, id, "question:path", "question:path");
        var unknown = await CrossAsync(db, id, "background:shoe_size", "question:nothing");
        var missing = await CrossAsync(db, id + 1000, "sector", "question:path");
        Assert.Multiple(() =>
        {
            Assert.That(text.Kind, Is.EqualTo(OutcomeKind.Invalid));
            Assert.That(text.Errors!.Keys, Is.EqualTo(new[] { "rows" }));
            Assert.That(same.Errors!.Keys, Is.EqualTo(new[] { "cols" }));
            Assert.That(unknown.Errors!.Keys, Is.EquivalentTo(new[] { "rows", "cols" }));
            Assert.That(missing.Kind, Is.EqualTo(OutcomeKind.NotFound));
        });
    }
}
