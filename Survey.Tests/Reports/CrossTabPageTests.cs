using System.Net;
using System.Text.Json.Nodes;
using Survey.Core.Participants;
using Survey.Tests.BackOffice;
using Survey.Web.Users;
using UglyToad.PdfPig;

namespace Survey.Tests.Reports;

/// <summary>The cross-tabulation and the intervals where the taskforce meets them: the results menu, the summary page, the PDF and the CSV of tables.</summary>
public class CrossTabPageTests
{
    private const string Definition = """
        { "title": "Kryds", "pages": [ { "name": "p1", "elements": [
          { "type": "radiogroup", "name": "path", "choices": ["a", "b"] },
          { "type": "rating", "name": "share", "rateMin": 1, "rateMax": 5 },
          { "type": "comment", "name": "why" } ] } ] }
        """;

    private static async Task<(BackOfficeSite Site, long Id, HttpClient Taskforce)> SeedAsync()
    {
        var site = new BackOfficeSite();
        var seen = 0;
        var (id, _) = await KnownAnswers.SeedAsync(site.Db, Definition, [(Sectors.State, 12), (Sectors.Municipality, 10), (Sectors.Private, 8), (Sectors.Region, 2)],
            _ => new JsonObject { ["path"] = ++seen % 3 == 0 ? "a" : "b", ["share"] = 1 + seen % 5 });
        return (site, id, await site.SignedInAsync(Roles.Taskforce));
    }

    [Test]
    public async Task The_taskforce_reaches_the_summaries_from_its_own_menu_entry()
    {
        var (site, id, taskforce) = await SeedAsync();
        await using var _ = site;
        var overview = await taskforce.GetStringAsync("/");
        var results = await taskforce.GetStringAsync("/Reports");
        using var interviewer = await site.SignedInAsync(Roles.Interviewer);
        Assert.Multiple(async () =>
        {
            Assert.That(overview, Does.Contain("href=\"/Reports\""));
            Assert.That(results, Does.Contain($"href=\"/Reports/Summary/{id}\"").And.Contain("Kryds"));
            Assert.That((await interviewer.GetAsync("/Reports")).StatusCode, Is.Not.EqualTo(HttpStatusCode.OK), "not for interviewers");
            Assert.That(await interviewer.GetStringAsync("/"), Does.Not.Contain("href=\"/Reports\""));
        });
    }

    [Test]
    public async Task The_summary_page_shows_a_chosen_cross_tabulation_with_its_test_and_says_what_is_wrong_with_a_bad_choice()
    {
        var (site, id, taskforce) = await SeedAsync();
        await using var _ = site;
        var page = await taskforce.GetStringAsync($"/Reports/Summary/{id}?rows=question:path&cols=sector");
        var bad = await taskforce.GetStringAsync($"/Reports/Summary/{id}?rows=question:why&cols=sector");
        var withIntervals = await taskforce.GetStringAsync($"/Reports/Summary/{id}?ci=true");
        var without = await taskforce.GetStringAsync($"/Reports/Summary/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("id=\"crosstab-caption\"").And.Contain("path efter Sektor"));
            Assert.That(page, Does.Contain("frihedsgrader 1"), "a and b against the state and municipalities; region (2) hidden, and private (8) with it");
            Assert.That(page, Does.Contain("<option value=\"question:path\" selected=\"selected\">"));
            Assert.That(bad, Does.Contain("form-error-message").And.Contain("Vælg et enkeltvalgsspørgsmål"), "the message next to the field");
            Assert.That(bad, Does.Not.Contain("id=\"crosstab-caption\""));
            Assert.That(withIntervals, Does.Match(@"<span class=""bo-muted"">\[\d+(,\d)?–\d+(,\d)?\]</span>"), "shares with their intervals on request");
            Assert.That(withIntervals, Does.Contain("95 %-interval"), "means with theirs");
            Assert.That(without, Does.Not.Match(@"\[\d+(,\d)?–\d+(,\d)?\]"));
        });
    }

    [Test]
    public async Task The_pdf_appends_the_cross_tabulation_and_the_csv_of_tables_its_cells()
    {
        var (site, id, taskforce) = await SeedAsync();
        await using var _ = site;
        using var api = site.Api(await site.ApiKeyAsync(Roles.Taskforce));
        var table = JsonNode.Parse(await api.GetStringAsync($"/api/v1/admin/questionnaires/{id}/crosstab.json?rows=question:path&cols=sector"))!;
        var pdf = await api.GetByteArrayAsync($"/api/v1/admin/questionnaires/{id}/summary.pdf?rows=question:path&cols=sector&ci=true");
        var plain = await api.GetByteArrayAsync($"/api/v1/admin/questionnaires/{id}/summary.pdf");
        var csv = (await api.GetStringAsync($"/api/v1/admin/questionnaires/{id}/summary.csv?rows=question:path&cols=sector&format=comma")).Split('\n');
        var badPdf = await api.GetAsync($"/api/v1/admin/questionnaires/{id}/summary.pdf?rows=question:why&cols=sector");
        static string Text(byte[] bytes)
        {
            using var document = PdfDocument.Open(bytes);
            return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        }
        var text = Text(pdf);
        var chi = table["test"]!["chiSquare"]!.GetValue<double>();
        var aState = table["cells"]![0]![table["columnGroups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()).ToList().IndexOf(Sectors.State)]!;
        Assert.Multiple(async () =>
        {
            Assert.That(text, Does.Contain("Krydstabel: path efter Sektor"));
            Assert.That(text, Does.Contain("χ² = " + chi.ToString("0.##", new System.Globalization.CultureInfo("da-DK"))));
            Assert.That(text, Does.Match(@"\[\d+(,\d)?–\d+(,\d)?\]"), "the intervals asked for");
            Assert.That(Text(plain), Does.Not.Contain("Krydstabel").And.Not.Match(@"\[\d+(,\d)?–\d+(,\d)?\]"));
            Assert.That(csv[0].Trim(), Does.EndWith("percent_low,percent_high,mean_low,mean_high,column_percent"));
            Assert.That(csv.Where(l => l.StartsWith("crosstab:question:path*sector,", StringComparison.Ordinal)
                && l.Contains($",a,{Sectors.State},", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1));
            Assert.That(csv.Single(l => l.StartsWith("crosstab:question:path*sector,", StringComparison.Ordinal) && l.Contains($",a,{Sectors.State},", StringComparison.Ordinal)),
                Does.Contain($",{aState["count"]!.GetValue<long>()},"));
            Assert.That(badPdf.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(await badPdf.Content.ReadAsStringAsync(), Does.Contain("\"rows\""));
        });
    }
}
