using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Survey.Core.Interviews;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Reports.Pdf;
using UglyToad.PdfPig;
using Dapper;
using Survey.Core.Data;

namespace Survey.Tests.Interviews;

/// <summary>Which interview quotes reach the summary, its PDF and the quotes export.</summary>
public class QuoteReportTests
{
    private const string Guide = """
        {
          "title": "Guide",
          "pages": [ { "name": "p1", "elements": [
            { "type": "radiogroup", "name": "changed", "title": "Skiftet sektor?", "isRequired": true, "choices": ["yes", "no"] },
            { "type": "comment", "name": "story", "title": "Fortæl om skiftet" }
          ] } ]
        }
        """;

    private TestDatabase _db = null!;
    private Core.Interviews.Interviews _interviews = null!;
    private long _guide;
    private long _theme;
    private InterviewActor _anna = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = new TestDatabase();
        var lifecycle = new QuestionnaireLifecycle(_db.Database);
        _guide = (await lifecycle.CreateAsync(Guide, new QuestionnaireSettings(Mode: Modes.Interview, MinGroupSize: 3), "test")).Value;
        await lifecycle.PublishAsync(_guide, "test");
        _interviews = new Core.Interviews.Interviews(_db.Database, new DefinitionCache(_db.Database));
        _theme = (await new Themes(_db.Database).AddAsync("videndeling", "test")).Value;
        await using var c = await _db.Database.OpenAsync();
        var user = await c.ExecuteScalarAsync<long>("INSERT INTO users (email, role, password_hash, created_at) VALUES ('anna@test.example', 'interviewer', 'x', '2026-01-01') RETURNING id");
        _anna = new InterviewActor(user, "anna@test.example", false);
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private async Task<long> Interview(string sector, bool consent, string quote, bool complete = true)
    {
        var started = await _interviews.StartAsync(new InterviewStart(_guide, null, "Leder " + quote, "", sector, "2026-11-20", "", consent), _anna);
        Assert.That(started.IsOk, Is.True, started.Kind + string.Join(";", started.Errors?.Select(e => e.Key + ":" + e.Value[0]) ?? []));
        var id = started.Value;
        await _interviews.SaveAsync(id, new InterviewEdit(new JsonObject { ["changed"] = "yes" }, new Dictionary<string, string>(), "2026-11-20", "", consent), _anna);
        await _interviews.AddQuoteAsync(id, new QuoteInput("story", quote, [_theme]), _anna);
        if (complete) { var done = await _interviews.CompleteAsync(id, _anna); Assert.That(done.IsOk, Is.True, done.Reason + string.Join(";", done.Errors?.Select(e => e.Key + ":" + e.Value[0]) ?? [])); }
        return id;
    }

    private Task<QuestionnaireSummary?> Summary(string mode = SummaryModes.Both) =>
        new SummaryBuilder(_db.Database, new DefinitionCache(_db.Database)).BuildAsync(new SummaryRequest(_guide, Mode: mode));

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Test]
    public async Task A_quote_without_consent_never_reaches_a_summary_a_pdf_or_an_export()
    {
        await Interview("region", consent: true, "Netværket fulgte med.");
        await Interview("region", consent: true, "Sproget var anderledes.");
        await Interview("region", consent: false, "Hemmeligt citat.");
        await Interview("region", consent: true, "Kladdecitat.", complete: false);

        var summary = (await Summary())!;
        var everything = JsonSerializer.Serialize(summary) + PdfText(SummaryPdf.Render(summary, "da", DateTime.UtcNow))
            + Encoding.UTF8.GetString(SummaryCsv.WriteQuotes(summary, danishExcel: false));
        Assert.Multiple(() =>
        {
            Assert.That(summary.Quotes.Themes.Single().Sectors.Single().Quotes.Select(q => q.Text),
                Is.EqualTo(new[] { "Netværket fulgte med.", "Sproget var anderledes." }));
            Assert.That(everything, Does.Not.Contain("Hemmeligt"));
            Assert.That(everything, Does.Not.Contain("Kladdecitat"), "a draft does not count");
            Assert.That(summary.Questions.Single(q => q.Name == "changed").Answered, Is.EqualTo(3), "the closed question counts the three completed interviews");
        });
    }

    [Test]
    public async Task Quotes_appear_under_their_theme_and_sector_in_the_pdf_appendix_and_the_export()
    {
        await Interview("region", consent: true, "Netværket fulgte med.");
        await Interview("region", consent: true, "Sproget var anderledes.");
        await Interview("region", consent: true, "Tredje citat.");
        var summary = (await Summary())!;
        var bytes = SummaryPdf.Render(summary, "da", DateTime.UtcNow);
        // Kept beside the screenshots so the appendix can be looked at (pdftoppm -png).
        await File.WriteAllBytesAsync(Path.ChangeExtension(Respond.Browser.Chromium.ScreenshotPath("summary-quotes"), ".pdf"), bytes);
        var pdf = PdfText(bytes);
        var csv = Encoding.UTF8.GetString(SummaryCsv.WriteQuotes(summary, danishExcel: false)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var appendix = pdf[pdf.LastIndexOf("Bilag: Citater", StringComparison.Ordinal)..];
        Assert.Multiple(() =>
        {
            Assert.That(appendix, Does.Contain("videndeling"));
            Assert.That(appendix.IndexOf("videndeling", StringComparison.Ordinal), Is.LessThan(appendix.IndexOf("Region", StringComparison.Ordinal)));
            Assert.That(appendix, Does.Contain("“Netværket fulgte med.”"));
            Assert.That(csv[0].Trim(), Is.EqualTo("theme,sector,sector_label,question,question_text,quote"));
            Assert.That(csv.Skip(1).Select(l => l.Trim()), Is.EqualTo(new[]
            {
                "videndeling,region,Region,story,Fortæl om skiftet,Netværket fulgte med.",
                "videndeling,region,Region,story,Fortæl om skiftet,Sproget var anderledes.",
                "videndeling,region,Region,story,Fortæl om skiftet,Tredje citat.",
            }));
        });
    }

    [Test]
    public async Task Quotes_from_a_sector_with_fewer_interviews_than_the_minimum_are_withheld_and_counted()
    {
        await Interview("region", consent: true, "Netværket fulgte med.");
        await Interview("region", consent: true, "Sproget var anderledes.");
        await Interview("region", consent: true, "Tredje citat.");
        await Interview("state", consent: true, "Eneste statslige leder.");
        var summary = (await Summary())!;
        Assert.Multiple(() =>
        {
            Assert.That(summary.Quotes.Withheld, Is.EqualTo(1));
            Assert.That(JsonSerializer.Serialize(summary), Does.Not.Contain("Eneste statslige"));
            Assert.That(summary.Footnotes, Has.Some.Contains("1 citater er holdt tilbage"));
        });
    }

    [Test]
    public async Task Withdrawing_consent_takes_the_quotes_out_at_once_and_web_mode_has_none()
    {
        var first = await Interview("region", consent: true, "Netværket fulgte med.");
        await Interview("region", consent: true, "Sproget var anderledes.");
        await Interview("region", consent: true, "Tredje citat.");
        await _interviews.SaveAsync(first, new InterviewEdit(new JsonObject { ["changed"] = "yes" }, new Dictionary<string, string>(), "2026-11-20", "", false), _anna);
        var summary = (await Summary())!;
        var web = (await Summary(SummaryModes.Web))!;
        Assert.Multiple(() =>
        {
            Assert.That(summary.Quotes.Themes.SelectMany(t => t.Sectors).SelectMany(s => s.Quotes).Select(q => q.Text), Is.EqualTo(new[] { "Sproget var anderledes.", "Tredje citat." }));
            Assert.That(web.Quotes.Themes, Is.Empty);
        });
    }

    [Test]
    public async Task A_summary_for_a_period_shows_only_the_quotes_of_interviews_counted_in_it()
    {
        var early = new[] { await Interview("region", true, "Tidligt et."), await Interview("region", true, "Tidligt to."), await Interview("region", true, "Tidligt tre.") };
        await using (var c = await _db.Database.OpenAsync())
            await c.ExecuteAsync($"UPDATE responses SET submitted_at = @at WHERE id IN (SELECT response_id FROM interviews WHERE id {c.Sql().In("@early")})",
                new { early, at = new DateTime(2026, 1, 15, 10, 0, 0, DateTimeKind.Utc) });
        await Interview("region", true, "Sent et.");
        await Interview("region", true, "Sent to.");
        var builder = new SummaryBuilder(_db.Database, new DefinitionCache(_db.Database));

        var january = (await builder.BuildAsync(new SummaryRequest(_guide, FromUtc: new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), ToUtc: new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc))))!;
        var fromFebruary = (await builder.BuildAsync(new SummaryRequest(_guide, FromUtc: new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc))))!;
        static List<string> Texts(QuestionnaireSummary s) => s.Quotes.Themes.SelectMany(t => t.Sectors).SelectMany(x => x.Quotes).Select(q => q.Text).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Texts(january), Is.EquivalentTo(new[] { "Tidligt et.", "Tidligt to.", "Tidligt tre." }));
            // Two interviews in the later period are fewer than the minimum group of three: their quotes are held back.
            Assert.That(Texts(fromFebruary), Is.Empty);
            Assert.That(fromFebruary.Quotes.Withheld, Is.EqualTo(2));
        });
        var all = (await builder.BuildAsync(new SummaryRequest(_guide)))!;
        Assert.That((all.Interviews, all.Completed), Is.EqualTo((5L, 5L)), "every response of a guide is an interview, counted by mode for the method page");
    }
}
