using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Survey.Core.Interviews;
using Survey.Core.Questionnaires;
using Survey.Tests.Respond.Browser;
using Survey.Web;
using Survey.Web.Users;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

using Survey.Tests.Sites;

namespace Survey.Tests.BackOffice.Browser;

/// <summary>
/// An interview from start to report in Chromium: an interviewer records it with two tagged quotes
/// and completes it, the secretariat reviews it, and the taskforce's PDF has the quote under its theme.
/// </summary>
public class InterviewJourneyTests
{
    private const string Guide = """
        {
          "title": { "da": "Interview om sektorskift", "en": "Interview on changing sector" },
          "pages": [ { "name": "p1", "elements": [
            { "type": "radiogroup", "name": "changed", "title": "Har du skiftet sektor?", "isRequired": true,
              "choices": [ { "value": "yes", "text": "Ja" }, { "value": "no", "text": "Nej" } ] },
            { "type": "comment", "name": "brought", "title": "Hvad tog du med dig?", "visibleIf": "{changed} = 'yes'",
              "description": "Spørg efter et konkret eksempel." }
          ] } ]
        }
        """;

    private static async Task<long> PublishGuideAsync(TestDatabase db)
    {
        var lifecycle = new QuestionnaireLifecycle(db.Database);
        var guide = (await lifecycle.CreateAsync(Guide, new QuestionnaireSettings(Mode: Modes.Interview, MinGroupSize: 3), "test")).Value;
        await lifecycle.PublishAsync(guide, "test");
        return guide;
    }

    [Test]
    public async Task Without_javascript_the_follow_up_question_appears_when_the_record_is_saved()
    {
        using var db = new TestDatabase();
        var guide = await PublishGuideAsync(db);
        var users = new UserAccounts(db.Database);
        var password = (await users.CreateAsync("interviewer@test.example", Roles.Interviewer, "test")).Value!;
        var user = (await users.FindAsync("interviewer@test.example"))!;
        var interviews = new Core.Interviews.Interviews(db.Database, new DefinitionCache(db.Database));
        var id = (await interviews.StartAsync(new InterviewStart(guide, null, "Lise Leder", "", "region", "2026-11-20", "", true),
            new InterviewActor(user.Id, user.Email, false))).Value;

        await using var site = new SiteFactory<WebMarker>(db);
        site.UseKestrelOnFreePort();
        site.StartServer();
        await using var context = await Chromium.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(site.ClientOptions.BaseAddress, "/Account/Login").ToString());
        await page.Locator("#Input_Email").FillAsync("interviewer@test.example");
        await page.Locator("#Input_Password").FillAsync(password);
        await page.AndWaitForNextPageAsync(() => page.Locator("button[type=submit]", new() { HasText = "Log ind" }).ClickAsync());
        await page.GotoAsync(new Uri(site.ClientOptions.BaseAddress, $"/Interviews/Record/{id}").ToString());

        var followUp = page.Locator("text=Spørg efter et konkret eksempel.");
        await page.Locator("input[name=changed][value=yes]").CheckAsync();
        await Expect(followUp).ToBeHiddenAsync();
        await page.AndWaitForNextPageAsync(() => page.Locator("button", new() { HasText = "Gem kladde" }).ClickAsync());
        await Expect(followUp).ToBeVisibleAsync();
    }

    [Test]
    public async Task An_interviewer_records_two_tagged_quotes_the_secretariat_reviews_and_the_taskforce_pdf_has_the_quote_under_its_theme()
    {
        using var db = new TestDatabase();
        var guide = await PublishGuideAsync(db);
        var themes = new Themes(db.Database);
        await themes.AddAsync("videndeling", "test");
        await themes.AddAsync("barrierer", "test");
        var users = new UserAccounts(db.Database);
        var interviewerPassword = (await users.CreateAsync("interviewer@test.example", Roles.Interviewer, "test")).Value!;
        var secretariatPassword = (await users.CreateAsync("sekretariat@test.example", Roles.Secretariat, "test")).Value!;
        var taskforcePassword = (await users.CreateAsync("taskforce@test.example", Roles.Taskforce, "test")).Value!;
        await TwoEarlierRegionInterviewsAsync(db, guide);

        await using var site = new SiteFactory<WebMarker>(db);
        site.UseKestrelOnFreePort();
        site.StartServer();
        string Url(string path) => new Uri(site.ClientOptions.BaseAddress, path).ToString();
        async Task<IPage> SignIn(IBrowserContext context, string email, string password)
        {
            var p = await context.NewPageAsync();
            await p.GotoAsync(Url("/Account/Login"));
            await p.Locator("#Input_Email").FillAsync(email);
            await p.Locator("#Input_Password").FillAsync(password);
            await p.Locator("button[type=submit]", new() { HasText = "Log ind" }).ClickAsync();
            await Expect(p.Locator("h1")).Not.ToHaveTextAsync("Log ind");
            return p;
        }

        // The interviewer starts an interview with someone met on the spot and fills in the guide.
        await using (var context = await Chromium.NewContextAsync())
        {
            var page = await SignIn(context, "interviewer@test.example", interviewerPassword);
            await page.Locator("nav a", new() { HasText = "Interview" }).ClickAsync();
            await page.Locator("a", new() { HasText = "Nyt interview" }).ClickAsync();
            await page.Locator("#Input_Name").FillAsync("Lise Leder");
            await page.Locator("#Input_Organisation").FillAsync("Region Syd");
            await page.Locator("#Input_Sector").SelectOptionAsync("region");
            await page.Locator("#Input_Channel").FillAsync("Teams");
            await page.Locator("#Input_QuoteConsent").CheckAsync();
            await page.Locator("button", new() { HasText = "Start interviewet" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Lise Leder");
            await Expect(page.Locator("text=Spørg efter et konkret eksempel.")).ToBeHiddenAsync();

            // The follow-up question comes and goes with the answer, without saving: the guide's condition runs in the browser.
            var followUp = page.Locator("text=Spørg efter et konkret eksempel.");
            await page.Locator("input[name=changed][value=yes]").CheckAsync();
            await Expect(followUp).ToBeVisibleAsync();
            await Expect(page.Locator("textarea[name='note[brought]']")).ToBeVisibleAsync();
            await page.Locator("input[name=changed][value=no]").CheckAsync();
            await Expect(followUp).ToBeHiddenAsync();
            await page.Locator("input[name=changed][value=yes]").CheckAsync();
            await page.Locator("textarea[name=brought]").FillAsync("Netværk og et andet blik på styring.");
            await page.Locator("textarea[name='note[brought]']").FillAsync("Talte længe om netværk.");
            await page.Locator("button", new() { HasText = "Gem kladde" }).ClickAsync();

            // A note typed after the last save survives adding a quote.
            await page.Locator("textarea[name='note[brought]']").FillAsync("Talte længe om netværk. Tilføjet efter gem.");
            foreach (var (text, theme) in new[] { ("Man tager sit netværk med sig.", "videndeling"), ("Lønnen holdt mig tilbage i årevis.", "barrierer") })
            {
                await page.Locator("#NewQuote_question").SelectOptionAsync("brought");
                await page.Locator("#NewQuote_text").FillAsync(text);
                await page.GetByLabel(theme, new() { Exact = true }).CheckAsync();
                await page.Locator("button", new() { HasText = "Tilføj citat" }).ClickAsync();
                await Expect(page.Locator("blockquote", new() { HasText = text })).ToBeVisibleAsync();
            }
            await Expect(page.Locator("textarea[name='note[brought]']")).ToHaveValueAsync("Talte længe om netværk. Tilføjet efter gem.");
            await page.Locator("button", new() { HasText = "Gem og markér som færdigt" }).ClickAsync();
            await Expect(page.Locator(".badge")).ToHaveTextAsync("Færdig");
            await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("interview-completed"), FullPage = true });
        }

        // A second person, from the secretariat, reviews it.
        await using (var context = await Chromium.NewContextAsync())
        {
            var page = await SignIn(context, "sekretariat@test.example", secretariatPassword);
            await page.GotoAsync(Url("/Interviews?Status=completed"));
            await page.Locator("a", new() { HasText = "Lise Leder" }).ClickAsync();
            await page.Locator("button", new() { HasText = "Markér som gennemgået" }).ClickAsync();
            await Expect(page.Locator(".badge")).ToHaveTextAsync("Gennemgået");
        }

        // The taskforce downloads the guide's summary as PDF.
        await using (var context = await Chromium.NewContextAsync())
        {
            var page = await SignIn(context, "taskforce@test.example", taskforcePassword);
            await page.GotoAsync(Url($"/Reports/Summary/{guide}"));
            await Expect(page.Locator("blockquote", new() { HasText = "Man tager sit netværk med sig." })).ToBeVisibleAsync();
            await page.Locator("#quotes-heading").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("summary-quotes"), FullPage = true });
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a", new() { HasText = "Hent som PDF" }).ClickAsync());
            var file = await download.PathAsync();
            using var pdf = PdfDocument.Open(file);
            var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
            var appendix = text[text.LastIndexOf("Bilag: Citater", StringComparison.Ordinal)..];
            var theme = appendix.IndexOf("videndeling", StringComparison.Ordinal);
            Assert.Multiple(() =>
            {
                Assert.That(theme, Is.GreaterThan(0));
                Assert.That(appendix.IndexOf("Man tager sit netværk med sig.", StringComparison.Ordinal), Is.GreaterThan(theme));
                Assert.That(appendix.IndexOf("barrierer", StringComparison.Ordinal), Is.LessThan(theme), "themes in alphabetical order");
                Assert.That(appendix, Does.Contain("Lønnen holdt mig tilbage i årevis."));
            });
        }
    }

    /// <summary>Quotes show only for a sector with at least the minimum group of interviews: two more in the region make three.</summary>
    private static async Task TwoEarlierRegionInterviewsAsync(TestDatabase db, long guide)
    {
        await new UserAccounts(db.Database).CreateAsync("tidligere@test.example", Roles.Interviewer, "test");
        await using var c = await db.Database.OpenAsync();
        var user = await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE email = 'tidligere@test.example'");
        var actor = new InterviewActor(user, "tidligere@test.example", false);
        var interviews = new Core.Interviews.Interviews(db.Database, new DefinitionCache(db.Database));
        foreach (var name in new[] { "Anden leder", "Tredje leder" })
        {
            var id = (await interviews.StartAsync(new InterviewStart(guide, null, name, "Region Nord", "region", "2026-11-01", "", false), actor)).Value;
            await interviews.SaveAsync(id, new InterviewEdit(new JsonObject { ["changed"] = "no" }, new Dictionary<string, string>(), "2026-11-01", "", false), actor);
            Assert.That((await interviews.CompleteAsync(id, actor)).IsOk, Is.True);
        }
    }
}
