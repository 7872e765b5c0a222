using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Survey.Core;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Reports.Pdf;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;
using UglyToad.PdfPig.Tokens;

namespace Survey.Tests.Reports;

/// <summary>The PDF as a report a ministry can publish: cover, executive summary, method, outline, metadata, one date format.</summary>
public class ReportPdfTests
{
    internal const string Definition = """
        { "title": "Rapport", "pages": [ { "name": "p1", "elements": [
          { "type": "radiogroup", "name": "path", "title": "Vejen", "choices": ["a", "b", "c"] },
          { "type": "boolean", "name": "moved", "title": "Skiftet" },
          { "type": "rating", "name": "share", "title": "Deling", "rateMin": 1, "rateMax": 5 },
          { "type": "text", "name": "years", "title": "År", "inputType": "number" },
          { "type": "ranking", "name": "order", "title": "Orden", "choices": ["x", "y", "z"] },
          { "type": "matrix", "name": "m", "title": "Enighed", "columns": [1, 2, 3, 4, 5], "rows": ["r1", "r2"] },
          { "type": "comment", "name": "why", "title": "Hvorfor" } ] } ] }
        """;

    /// <summary>
    /// Per sector answers that follow its leaders' numbers, so each sector differs in a known way; the
    /// region's three leaders are fewer than the minimum of five (and private, the next smallest, is hidden with it).
    /// </summary>
    internal static async Task<(TestDatabase Db, long Id, List<(string Sector, JsonObject Answers)> Raw)> SeedAsync(int idle = 0)
    {
        var db = new TestDatabase();
        var seen = new Dictionary<string, int>();
        var bias = new Dictionary<string, int> { [Sectors.State] = 0, [Sectors.Municipality] = 1, [Sectors.Private] = 2, [Sectors.Region] = 0 };
        var (id, raw) = await KnownAnswers.SeedAsync(db, Definition,
            [(Sectors.State, 30), (Sectors.Municipality, 25), (Sectors.Private, 20), (Sectors.Region, 3)],
            sector =>
            {
                var i = seen[sector] = seen.GetValueOrDefault(sector) + 1;
                var b = bias[sector];
                string[] order = (i + b) % 3 == 0 ? ["y", "x", "z"] : ["x", "z", "y"];
                return new JsonObject
                {
                    ["path"] = (i % (3 + b)) switch { 0 => "a", 1 => "b", _ => "c" },
                    ["moved"] = i % (2 + b) == 0,
                    ["share"] = 1 + (i * (b + 1)) % 5,
                    ["years"] = i % 17 + 3 * b,
                    ["order"] = new JsonArray(order.Select(o => (JsonNode)o).ToArray()),
                    ["m"] = new JsonObject { ["r1"] = 1 + (i + b) % 5, ["r2"] = 1 + (i * 2) % 5 },
                    ["why"] = $"fordi {i}",
                };
            }, idle);
        return (db, id, raw);
    }

    private static string TextOf(PdfDocument document, int page) => string.Join(" ", document.GetPage(page).GetWords().Select(w => w.Text));

    private static async Task<byte[]> RenderAsync(TestDatabase db, long id, string lang = "da", ReportBranding? branding = null, string? by = ResponsesBy.Sector)
    {
        var builder = new SummaryBuilder(db.Database, new DefinitionCache(db.Database));
        var request = new SummaryRequest(id, By: by, Lang: lang);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(lang == "en" ? "en-GB" : "da-DK");
        try
        {
            var summary = (await builder.BuildAsync(request))!;
            var cross = (await builder.CrossTabAsync(new CrossTabRequest(request, "question:path", "sector"))).Value;
            return SummaryPdf.Render(summary, lang, DateTime.UtcNow, new SummaryPdfOptions(cross, false, await builder.MethodAsync(request), branding));
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous;
        }
    }

    [Test]
    public async Task Every_section_has_a_bookmark_on_its_page_and_the_document_its_title_author_subject_and_language()
    {
        var (db, id, _) = await SeedAsync();
        using var _ = db;
        var pdf = await RenderAsync(db, id, branding: new ReportBranding("Taskforcen for ledere", SummaryPdfTests.Logo()));
        using var document = PdfDocument.Open(pdf);
        Assert.That(document.TryGetBookmarks(out var bookmarks), Is.True, "the PDF has an outline");
        var top = bookmarks!.Roots.Cast<DocumentBookmarkNode>().ToList();
        string[] questions = ["Vejen", "Skiftet", "Deling", "År", "Orden", "Enighed", "Hvorfor"];
        var lang = document.Structure.Catalog.CatalogDictionary.Data["Lang"];
        Assert.Multiple(() =>
        {
            Assert.That(top.Select(b => b.Title), Is.EqualTo(new[]
            {
                "Indhold", "Sammenfatning", "Metode", "Spørgsmålene", "Krydstabel: Vejen efter Sektor", "Bilag: fritekstsvar",
            }));
            var inQuestions = top[3].Children.Cast<DocumentBookmarkNode>().ToList();
            Assert.That(inQuestions.Select(b => b.Title), Is.EqualTo(questions.Select((q, i) => $"{i + 1}. {q}")));
            Assert.That(top[3].PageNumber, Is.EqualTo(inQuestions[0].PageNumber), "the questions start with the first");
            foreach (var b in top.Where(b => b.Title != "Spørgsmålene").Concat(inQuestions))
                Assert.That(TextOf(document, b.PageNumber), Does.Contain(b.Title), $"\"{b.Title}\" points at its page");
            Assert.That(document.Information.Title, Is.EqualTo("Rapport"));
            Assert.That(document.Information.Author, Is.EqualTo("Taskforcen for ledere"));
            Assert.That(document.Information.Subject, Does.StartWith("Sammenfatning af besvarelser, "));
            Assert.That(lang, Is.InstanceOf<StringToken>().And.Property("Data").EqualTo("da-DK"));
            Assert.That(document.GetPage(1).GetImages().Count(), Is.EqualTo(1), "the logo on the cover");
            Assert.That(TextOf(document, 1), Does.Contain("Taskforcen for ledere"));
        });

        using var english = PdfDocument.Open(await RenderAsync(db, id, "en"));
        Assert.That(english.Structure.Catalog.CatalogDictionary.Data["Lang"], Is.InstanceOf<StringToken>().And.Property("Data").EqualTo("en-GB"));
        Assert.That(english.TryGetBookmarks(out var englishBookmarks) && englishBookmarks.Roots.Any(b => b.Title == "Executive summary"), Is.True);
    }

    [Test]
    public async Task Poppler_reads_every_page_of_the_updated_file_without_a_complaint()
    {
        var (db, id, _) = await SeedAsync();
        using var _ = db;
        var file = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, await RenderAsync(db, id, branding: new ReportBranding("Org", SummaryPdfTests.Logo())));
        try
        {
            var start = new ProcessStartInfo("pdftoppm", ["-r", "20", "-png", file, file + "-page"]) { RedirectStandardError = true };
            using var render = Process.Start(start)!;
            var complaints = await render.StandardError.ReadToEndAsync();
            await render.WaitForExitAsync();
            Assert.That(render.ExitCode, Is.Zero);
            Assert.That(complaints, Is.Empty, "a broken cross-reference or outline makes poppler say so");
        }
        finally
        {
            foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(file) + "*")) File.Delete(f);
        }
    }

    [Test]
    public async Task Every_date_in_the_report_is_written_one_way()
    {
        var (db, id, _) = await SeedAsync();
        using var _ = db;
        using var document = PdfDocument.Open(await RenderAsync(db, id));
        var text = string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        var today = DateOnly.FromDateTime(Times.ToCopenhagen(DateTime.UtcNow)).ToString("d. MMMM yyyy", new CultureInfo("da-DK"));
        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(text, @"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b").Select(m => m.Value), Is.Empty, "no numeric dates");
            Assert.That(text, Does.Contain($"{today} – {today}"), "the period on the cover");
            Assert.That(text, Does.Contain($"Besvarelserne er modtaget fra {today} til {today}."), "and on the method page");
        });
    }

    [Test]
    public async Task The_executive_summary_gives_the_three_largest_differences_worked_out_from_the_raw_answers()
    {
        var (db, id, raw) = await SeedAsync();
        using var _ = db;
        // Region (3) is below five and private, the next smallest, goes with it: state and municipality are shown.
        string[] shown = [Sectors.State, Sectors.Municipality];
        var tables = new List<(string Title, Func<JsonObject, string> Answer, string[] Values)>
        {
            ("Vejen", a => (string)a["path"]!, ["a", "b", "c"]),
            ("Skiftet", a => (bool)a["moved"]! ? "true" : "false", ["true", "false"]),
            ("Deling", a => ((int)a["share"]!).ToString(CultureInfo.InvariantCulture), ["1", "2", "3", "4", "5"]),
            ("Enighed – r1", a => ((int)a["m"]!["r1"]!).ToString(CultureInfo.InvariantCulture), ["1", "2", "3", "4", "5"]),
            ("Enighed – r2", a => ((int)a["m"]!["r2"]!).ToString(CultureInfo.InvariantCulture), ["1", "2", "3", "4", "5"]),
        };
        var expected = tables.Select(t =>
        {
            var counts = shown.Select(s => t.Values.Select(v => (double)raw.Count(r => r.Sector == s && t.Answer(r.Answers) == v)).ToArray()).ToArray();
            var percents = counts.Select(row => row.Select(c => Math.Round(c * 100 / row.Sum(), 1)).ToArray()).ToArray();
            var points = t.Values.Select((_, j) => Math.Round(Math.Abs(percents[0][j] - percents[1][j]), 1)).ToArray();
            var n = counts.Sum(r => r.Sum());
            double chi = 0;
            var columns = Enumerable.Range(0, t.Values.Length).Where(j => counts.Sum(r => r[j]) > 0).ToList();
            foreach (var row in counts)
                foreach (var j in columns)
                {
                    var e = row.Sum() * counts.Sum(r => r[j]) / n;
                    chi += (row[j] - e) * (row[j] - e) / e;
                }
            return (t.Title, Points: points.Max(), Chi: chi, Df: columns.Count - 1);
        }).OrderByDescending(e => e.Points).Take(3).ToList();

        var summary = (await new SummaryBuilder(db.Database, new DefinitionCache(db.Database)).BuildAsync(new SummaryRequest(id)))!;
        var found = Findings.Largest(summary, 3);
        using var document = PdfDocument.Open(await RenderAsync(db, id));
        var page = TextOf(document, 3);
        Assert.Multiple(() =>
        {
            Assert.That(found.Select(f => f.Question), Is.EqualTo(expected.Select(e => e.Title)));
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.That(found[i].Points, Is.EqualTo(expected[i].Points).Within(0.11), expected[i].Title);
                Assert.That(found[i].Test.ChiSquare, Is.EqualTo(expected[i].Chi).Within(0.001), expected[i].Title);
                Assert.That(found[i].Test.DegreesOfFreedom, Is.EqualTo(expected[i].Df));
                Assert.That(page, Does.Contain($"{i + 1}. {expected[i].Title}"));
                Assert.That(page, Does.Contain("χ² = " + found[i].Test.ChiSquare.ToString("0.##", new CultureInfo("da-DK"))));
                Assert.That(page, Does.Contain($"en forskel på {found[i].Points.ToString("0.#", new CultureInfo("da-DK"))} procentpoint"));
            }
            Assert.That(page, Does.Contain("78 har svaret ud af 78 inviterede"));
        });
        using var none = PdfDocument.Open(await RenderAsync(db, id, by: ResponsesBy.Nobody));
        Assert.That(TextOf(none, 3), Does.Contain("Sammenfatningen er ikke opdelt"));
    }

    [Test]
    public async Task The_method_page_says_how_many_were_invited_and_reminded_and_when_with_every_mailing()
    {
        var (db, id, raw) = await SeedAsync(idle: 4);
        using var _ = db;
        DateTime first = new(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc), second = new(2026, 11, 3, 8, 0, 0, DateTimeKind.Utc), reminder = new(2026, 11, 9, 8, 0, 0, DateTimeKind.Utc);
        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE invitations SET sent_at = CASE WHEN id % 2 = 0 THEN @first ELSE @second END WHERE questionnaire_id = @id", new { first, second, id });
            await connection.ExecuteAsync("UPDATE invitations SET reminders = 2, reminded_at = @reminder WHERE questionnaire_id = @id AND id % 5 = 0", new { reminder, id });
            await AuditLog.WriteAsync(connection, null, "test", "send-invitations", "questionnaire", id, after: new { sent = 40, failed = 0 });
            await AuditLog.WriteAsync(connection, null, "test", "send-invitations", "questionnaire", id, after: new { sent = 54, failed = 1 });
            await AuditLog.WriteAsync(connection, null, "test", "send-reminders", "questionnaire", id, after: new { sent = 0, failed = 0 });
            await AuditLog.WriteAsync(connection, null, "test", "send-invitations", "questionnaire", id + 1, after: new { sent = 7, failed = 0 });
        }
        long invited, reminded;
        await using (var connection = await db.Database.OpenAsync())
        {
            invited = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM invitations WHERE questionnaire_id = @id", new { id });
            reminded = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM invitations WHERE questionnaire_id = @id AND id % 5 = 0", new { id });
        }
        var method = (await new SummaryBuilder(db.Database, new DefinitionCache(db.Database)).MethodAsync(new SummaryRequest(id)))!;
        using var document = PdfDocument.Open(await RenderAsync(db, id));
        var page = TextOf(document, 4);
        var today = DateOnly.FromDateTime(Times.ToCopenhagen(DateTime.UtcNow));
        Assert.Multiple(() =>
        {
            Assert.That(invited, Is.EqualTo(raw.Count + 4 * 4));
            Assert.That(method.Invited, Is.EqualTo(invited));
            Assert.That(method.Sent, Is.EqualTo(invited));
            Assert.That(method.Reminded, Is.EqualTo(reminded));
            Assert.That(method.Reminders, Is.EqualTo(2 * reminded));
            Assert.That(method.Mailings, Is.EqualTo(new[] { new Mailing(today, false, 94) }), "one day's invitations summed; an empty reminder round and another questionnaire's left out");
            Assert.That(page, Does.Contain($"{invited} ledere blev inviteret med et personligt link. {invited} invitationer blev sendt pr. e-mail eller udleveret som link fra 2. november 2026 til 3. november 2026."));
            Assert.That(page, Does.Contain($"{2 * reminded} påmindelser blev sendt til {reminded} ledere, der ikke havde svaret; den seneste 9. november 2026."));
            Assert.That(page, Does.Contain($"{raw.Count} besvarelser af spørgeskemaet på nettet og 0 interviews."));
            Assert.That(page, Does.Contain("Besvarelserne er fortrolige"));
            Assert.That(page, Does.Contain("Wilsons interval").And.Contain("Cramérs V").And.Contain("Datoer er i dansk tid."));
        });
    }

    [Test]
    public async Task A_long_title_is_wrapped_in_the_contents_and_ends_in_an_ellipsis_where_it_is_shortened()
    {
        using var db = new TestDatabase();
        var words = string.Join(" ", Enumerable.Range(1, 60).Select(i => $"ord{i}"));
        var definition = $$"""{ "title": "Lang", "pages": [ { "name": "p1", "elements": [ { "type": "boolean", "name": "b", "title": "{{words}}" } ] } ] }""";
        var (id, _) = await KnownAnswers.SeedAsync(db, definition, [(Sectors.State, 6)], _ => new JsonObject { ["b"] = true });
        using var document = PdfDocument.Open(await RenderAsync(db, id));
        // The page numbers aside: PdfPig reads the words by where they are.
        var contents = document.GetPage(2).GetWords().Select(w => w.Text).Where(w => !Regex.IsMatch(w, @"^\d+$")).ToList();
        var at = contents.IndexOf("1.");
        var entry = contents.Skip(at + 1).TakeWhile(w => !w.EndsWith('…')).ToList();
        var last = contents[at + 1 + entry.Count];
        Assert.Multiple(() =>
        {
            Assert.That(entry, Has.Count.GreaterThan(12), "more than one line of the title");
            Assert.That(entry, Is.EqualTo(words.Split(' ').Take(entry.Count)), "whole words, in order");
            Assert.That(last, Does.EndWith("…"));
            Assert.That(words.Split(' ')[entry.Count], Does.StartWith(last.TrimEnd('…')), "the shortened word is the next one");
        });
    }
}
