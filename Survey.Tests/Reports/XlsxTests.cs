using System.Globalization;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Spreadsheet;
using Survey.Core.Participants;
using Survey.Tests.BackOffice;
using Survey.Web.Users;
using SheetCell = DocumentFormat.OpenXml.Spreadsheet.Cell;

namespace Survey.Tests.Reports;

/// <summary>summary.xlsx and responses.xlsx, opened with the Open XML SDK and compared with summary.json and the CSV files.</summary>
public class XlsxTests
{
    private const string Definition = """
        { "title": "Excel", "pages": [ { "name": "p1", "elements": [
          { "type": "radiogroup", "name": "path", "title": "Vejen", "choices": ["a", "b"] },
          { "type": "rating", "name": "share", "rateMin": 1, "rateMax": 5 },
          { "type": "text", "name": "years", "inputType": "number" },
          { "type": "comment", "name": "why" } ] } ] }
        """;

    private static async Task<(BackOfficeSite Site, long Id)> SeedAsync()
    {
        var site = new BackOfficeSite();
        var seen = 0;
        var (id, _) = await KnownAnswers.SeedAsync(site.Db, Definition, [(Sectors.State, 12), (Sectors.Municipality, 11), (Sectors.Region, 3)], _ =>
        {
            seen++;
            return new JsonObject { ["path"] = seen % 3 == 0 ? "a" : "b", ["share"] = 1 + seen % 5, ["years"] = seen + 0.5, ["why"] = seen == 1 ? "=1+1" : $"svar {seen}" };
        });
        return (site, id);
    }

    /// <summary>Every sheet by name, each as its cells by reference: (text, or the number's invariant text; whether a number; style index).</summary>
    private static Dictionary<string, Dictionary<string, (string Value, bool Number, uint Style)>> Read(byte[] xlsx, out SpreadsheetDocument document)
    {
        document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var result = new Dictionary<string, Dictionary<string, (string, bool, uint)>>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            result[sheet.Name!] = part.Worksheet.Descendants<SheetCell>().ToDictionary(c => c.CellReference!.Value!,
                c => c.DataType?.Value == CellValues.InlineString
                    ? (c.InlineString!.InnerText, false, c.StyleIndex?.Value ?? 0)
                    : (c.CellValue!.Text, true, c.StyleIndex?.Value ?? 0));
        }
        return result;
    }

    [Test]
    public async Task Summary_xlsx_has_a_cover_and_a_sheet_per_question_with_the_numbers_of_summary_json_as_numbers_and_hidden_groups_as_dashes()
    {
        var (site, id) = await SeedAsync();
        await using var _ = site;
        using var api = site.Api(await site.ApiKeyAsync(Roles.Taskforce));
        var json = JsonNode.Parse(await api.GetStringAsync($"/api/v1/admin/questionnaires/{id}/summary.json?by=sector"))!;
        var response = await api.GetAsync($"/api/v1/admin/questionnaires/{id}/summary.xlsx?by=sector");
        var sheets = Read(await response.Content.ReadAsByteArrayAsync(), out var document);
        using var __ = document;
        var path = sheets["1 path"];
        var groups = json["groups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()).ToList();
        var a = json["questions"]![0]!["options"]!.AsArray().Single(o => o!["value"]!.GetValue<string>() == "a")!;
        string Column(int i) => ((char)('A' + i)).ToString();
        var pathPart = (WorksheetPart)document.WorkbookPart!.GetPartById(document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "1 path").Id!);
        var pane = pathPart.Worksheet.Descendants<Pane>().Single();
        var formats = document.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"), Is.Empty, "valid Office Open XML");
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
            Assert.That(sheets.Keys, Is.EqualTo(new[] { "Forside", "1 path", "2 share", "3 years", "4 why" }));
            Assert.That(sheets["Forside"]["A1"].Value, Is.EqualTo("Excel"));
            Assert.That(sheets["Forside"].Values.Select(v => v.Value), Has.Some.Contains("skjult, fordi gruppen har færre end 5"), "the footnote on the cover");
            Assert.That(path["A1"].Value, Is.EqualTo("1. Vejen"));
            Assert.That(path["A3"].Value, Is.EqualTo("a"));
            Assert.That(path["B3"], Is.EqualTo((a["total"]!["count"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), true, 2u)), "a count, as a whole number");
            Assert.That(double.Parse(path["C3"].Value, CultureInfo.InvariantCulture), Is.EqualTo(a["total"]!["percent"]!.GetValue<double>()));
            Assert.That(formats[(int)path["C3"].Style].NumberFormatId!.Value, Is.EqualTo(164u), "a percent to one decimal");
            for (var g = 0; g < groups.Count; g++)
            {
                var cell = a["groups"]![groups[g]];
                var count = path[Column(3 + 2 * g) + "3"];
                if (cell is null) Assert.That(count.Value, Is.EqualTo("–"), $"{groups[g]} hidden");
                else Assert.That(count.Value, Is.EqualTo(cell["count"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture)), groups[g]);
            }
            Assert.That(groups, Has.Member(Sectors.Region));
            Assert.That(path[Column(3 + 2 * groups.IndexOf(Sectors.Region)) + "3"].Value, Is.EqualTo("–"), "three in the region: hidden");
            Assert.That((pane.VerticalSplit?.Value, pane.State?.Value), Is.EqualTo((2.0, PaneStateValues.Frozen)), "the question and the headings stay in view");
            Assert.That(pathPart.Worksheet.Descendants<Column>().Select(c => c.Width!.Value), Is.All.GreaterThan(6), "every column given a width");
        });
    }

    [Test]
    public async Task Responses_xlsx_holds_exactly_the_csv_of_the_same_reader_with_numbers_as_numbers_and_the_codebook()
    {
        var (site, id) = await SeedAsync();
        await using var _ = site;
        foreach (var role in new[] { Roles.Taskforce, Roles.Admin })
        {
            using var api = site.Api(await site.ApiKeyAsync(role));
            // The CSV defuses text that starts like a formula with an apostrophe; the workbook keeps the text as it is, in a text cell.
            var csv = (await api.GetStringAsync($"/api/v1/admin/questionnaires/{id}/responses.csv?format=comma")).TrimEnd().Split('\n')
                .Select(l => ParseCsv(l).Select(v => v.StartsWith("'=", StringComparison.Ordinal) ? v[1..] : v).ToList()).ToList();
            var codebook = (await api.GetStringAsync($"/api/v1/admin/questionnaires/{id}/codebook.csv?format=comma")).TrimEnd().Split('\n').Select(ParseCsv).ToList();
            var sheets = Read(await api.GetByteArrayAsync($"/api/v1/admin/questionnaires/{id}/responses.xlsx"), out var document);
            using var __ = document;
            List<List<string>> Grid(Dictionary<string, (string Value, bool Number, uint Style)> sheet, int rows, int columns) =>
                Enumerable.Range(1, rows).Select(r => Enumerable.Range(0, columns).Select(c => sheet.TryGetValue($"{(char)('A' + c)}{r}", out var v) ? v.Value : "").ToList()).ToList();
            var raw = sheets["Besvarelser"];
            Assert.Multiple(() =>
            {
                Assert.That(new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"), Is.Empty, "valid Office Open XML");
                Assert.That(Grid(raw, csv.Count, csv[0].Count), Is.EqualTo(csv), $"{role}: the same cells as responses.csv");
                Assert.That(Grid(sheets["Kodebog"], codebook.Count, codebook[0].Count), Is.EqualTo(codebook), $"{role}: the codebook");
                var years = csv[0].IndexOf("years");
                Assert.That(raw[$"{(char)('A' + years)}2"].Number, Is.True, "a number question's answers are numbers");
                var formula = raw.Values.Where(v => v.Value == "=1+1").ToList();
                if (role == Roles.Admin) Assert.That(formula.Select(v => v.Number), Is.EqualTo(new[] { false }), "text that looks like a formula stays text");
            });
        }
    }

    /// <summary>A line of a comma CSV as CsvHelper writes it (fields quoted where they hold a comma or quote).</summary>
    private static List<string> ParseCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (ch != '\r') field.Append(ch);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
