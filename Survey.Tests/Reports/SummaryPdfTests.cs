using System.Diagnostics;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Reports.Pdf;
using Survey.Core.Responses;
using Survey.Web.Demo;
using UglyToad.PdfPig;

namespace Survey.Tests.Reports;

public class SummaryPdfTests
{
    private static async Task<(TestDatabase Db, long Id)> DemoAsync(int responses)
    {
        var db = new TestDatabase();
        var lifecycle = new QuestionnaireLifecycle(db.Database);
        var seeded = await DemoSeeder.Over(db.Database).SeedAsync(responses);
        return (db, seeded.QuestionnaireId);
    }

    private static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Test]
    public async Task The_pdf_carries_the_summarys_numbers_as_selectable_text()
    {
        var (db, id) = await DemoAsync(60);
        using var _ = db;
        var summary = (await new SummaryBuilder(db.Database, new DefinitionCache(db.Database)).BuildAsync(new SummaryRequest(id)))!;
        var pdf = SummaryPdf.Render(summary, "da", DateTime.UtcNow);
        var text = TextOf(pdf);
        var level = summary.Questions.Single(q => q.Name == "management_level");
        var middle = level.Options.Single(o => o.Value == "middle");
        using var document = PdfDocument.Open(pdf);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("Ledere på tværs af sektorer"));
            Assert.That(text, Does.Contain("FORTROLIGT"));
            Assert.That(text, Does.Contain("Indhold"));
            Assert.That(text, Does.Contain($"Side 2 af {document.NumberOfPages}"));
            Assert.That(text, Does.Contain("Hvilket ledelsesniveau er du på?"));
            Assert.That(text, Does.Contain($"{middle.Total.Count} ({middle.Total.Percent!.Value.ToString("0.#", new System.Globalization.CultureInfo("da-DK"))} %)"), "the table shows the summary's count and share");
            Assert.That(text, Does.Contain("Bilag: fritekstsvar"));
        });
    }

    [Test]
    public async Task A_hidden_group_is_hidden_in_the_pdf_too()
    {
        var (db, id) = await DemoAsync(30);
        using var _ = db;
        var summary = (await new SummaryBuilder(db.Database, new DefinitionCache(db.Database)).BuildAsync(new SummaryRequest(id)))!;
        var hidden = summary.Groups.First(g => g.Suppressed);
        var shownCount = summary.Questions.Single(q => q.Name == "current_sector").Options.Single(o => o.Value == hidden.Key).Total.Count;
        var text = TextOf(SummaryPdf.Render(summary, "en", DateTime.UtcNow));
        // The question's table: one row per answer with the total, then a cell per group in the
        // summary's order; the hidden group's cell in every row must be the dash, not a number.
        var question = summary.Questions.Single(q => q.Name == "current_sector");
        var next = summary.Questions.SkipWhile(q => q != question).Skip(1).First();
        // The last mention of each title is its section, after the contents.
        var start = text.LastIndexOf(question.Title, StringComparison.Ordinal);
        var section = text[start..text.LastIndexOf(next.Title, StringComparison.Ordinal)];
        var column = 1 + summary.Groups.ToList().IndexOf(hidden);
        var rows = question.Options.Select(o =>
        {
            var row = System.Text.RegularExpressions.Regex.Match(section,
                System.Text.RegularExpressions.Regex.Escape(o.Label) + @"((?: (?:–|[\d.,]+ \([\d.,]+ %\)))+)");
            return System.Text.RegularExpressions.Regex.Matches(row.Groups[1].Value, @"–|[\d.,]+ \([\d.,]+ %\)").Select(m => m.Value).ToList();
        }).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(question.Options.Single(o => o.Value == hidden.Key).Groups[hidden.Key], Is.Null);
            Assert.That(text, Does.Contain("Page 2 of"), "English when asked for");
            Assert.That(rows.Select(r => r.Count), Is.All.EqualTo(1 + summary.Groups.Count), "every row of the table is read whole");
            Assert.That(rows.Select(r => r[column]), Is.All.EqualTo("–"), "the hidden group's cells are dashes in every row");
            Assert.That(rows.Select(r => r[0]), Has.Some.Not.EqualTo("–"), "shown cells carry numbers");
            Assert.That(shownCount, Is.Not.Null, "the total still counts everyone");
        });
    }

    /// <summary>A logo as an organisation would configure it: a PNG of 300 × 100 pixels.</summary>
    internal static byte[] Logo()
    {
        using var bitmap = new SkiaSharp.SKBitmap(300, 100);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(SkiaSharp.SKColors.White);
            using var paint = new SkiaSharp.SKPaint { Color = new SkiaSharp.SKColor(0x00, 0x59, 0xb3), IsAntialias = true };
            canvas.DrawCircle(50, 50, 40, paint);
            canvas.DrawRect(new SkiaSharp.SKRect(110, 30, 290, 70), paint);
        }
        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        return image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100).ToArray();
    }

    /// <summary>The demo with 2,000 responses as PDF and PNG pages in TestResults/pdf, for a person to look at.</summary>
    [Test, Explicit("Writes files for a person to look at; run by hand")]
    public async Task Demo_pdf_with_two_thousand_responses_for_review()
    {
        var (db, id) = await DemoAsync(2000);
        using var _ = db;
        var builder = new SummaryBuilder(db.Database, new DefinitionCache(db.Database));
        var summary = (await builder.BuildAsync(new SummaryRequest(id)))!;
        var cross = (await builder.CrossTabAsync(new CrossTabRequest(new SummaryRequest(id), "question:changed_sector", "sector"))).Value;
        var folder = Path.Combine(Survey.Tests.Questionnaires.Expressions.ExpressionVectorTests.RepositoryRoot(), "TestResults", "pdf");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "summary-demo.pdf");
        var method = await builder.MethodAsync(new SummaryRequest(id));
        var branding = new ReportBranding("Taskforce for ledelse på tværs af sektorer", Logo());
        await File.WriteAllBytesAsync(file, SummaryPdf.Render(summary, "da", DateTime.UtcNow, new SummaryPdfOptions(cross, Intervals: true, method, branding)));
        using var render = Process.Start("pdftoppm", ["-png", "-r", "60", file, Path.Combine(folder, "page")])!;
        await render.WaitForExitAsync();
        Assert.That(render.ExitCode, Is.Zero);
    }
}
