using System.Text.Json.Nodes;
using Dapper;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Survey.Tests.Sites;
using static Microsoft.Playwright.Assertions;

namespace Survey.Tests.Respond.Browser;

/// <summary>Leaders answering the demo questionnaire in Chromium: keyboard only, without JavaScript, on a phone, coming back later.</summary>
public class RespondentBrowserTests
{
    private PublicSite _site = null!;

    [OneTimeSetUp]
    public async Task StartSite() => _site = await PublicSite.StartAsync();

    [OneTimeTearDown]
    public async Task StopSite() => await _site.DisposeAsync();

    private string Url(string path) => new Uri(_site.BaseAddress, path).ToString();

    private async Task<JsonObject> StoredAnswersAsync(string token)
    {
        await using var c = await _site.Db.Database.OpenAsync();
        var json = await c.ExecuteScalarAsync<string>("""
            SELECT r.answers FROM responses r JOIN invitation_tokens t ON t.invitation_id = r.invitation_id WHERE t.token_hash = @hash
            """, new { hash = Survey.Core.Participants.Tokens.Hash(token) });
        Assert.That(json, Is.Not.Null, "no response was stored");
        return JsonNode.Parse(json!)!.AsObject();
    }

    [Test]
    public async Task A_leader_completes_the_questionnaire_with_the_keyboard_alone()
    {
        var token = await _site.InviteAsync();
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var leader = new Leader(page, keyboardOnly: true);
        await page.GotoAsync(Url($"/s/{token}"));
        await leader.TabToAsync("a.button-primary");
        await page.AndWaitForNextPageAsync(() => page.Keyboard.PressAsync("Enter"));

        await leader.AboutYouAsync();
        await leader.ExperienceAsync(changedSector: true);
        await leader.SectorChangeAsync(); // shown only because the leader changed sector
        await leader.KnowledgeSharingAsync();
        await leader.BarriersAsync(interest: 8);
        // With JavaScript the follow-up on the same page appears as soon as the rating is high enough.
        await Expect(page.Locator("[data-question=\"future_sectors\"]")).ToBeVisibleAsync();
        await leader.TickAsync("future_sectors", "state");
        await leader.NextAsync();
        await leader.RecommendationsAsync();
        await leader.SubmitFromReviewAsync();

        var stored = await StoredAnswersAsync(token);
        Assert.Multiple(() =>
        {
            Assert.That(stored["current_sector"]!.GetValue<string>(), Is.EqualTo("region"));
            Assert.That(stored["years_as_leader"]!.GetValue<double>(), Is.EqualTo(14));
            Assert.That(stored["brought_with"]!.GetValue<string>(), Is.EqualTo("Et blik for drift <og> økonomi"));
            Assert.That(stored["success_factors"]!.AsArray().Select(v => v!.GetValue<string>()),
                Is.EqualTo(new[] { "mandate", "network", "mentor", "politics", "onboarding" }));
            Assert.That(stored["knowledge_sharing"]!["region"]!.GetValue<string>(), Is.EqualTo("weekly"));
            Assert.That(stored["barriers"]!["pay"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(stored["future_interest"]!.GetValue<int>(), Is.EqualTo(8));
            Assert.That(stored["future_sectors"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(new[] { "state" }));
        });
    }

    [Test]
    public async Task A_leader_completes_the_questionnaire_with_javascript_switched_off()
    {
        var token = await _site.InviteAsync();
        await using var context = await Chromium.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        var leader = new Leader(page, keyboardOnly: false);
        await page.GotoAsync(Url($"/s/{token}"));
        await page.Locator("a.button-primary").ClickAsync();

        await leader.AboutYouAsync();
        await leader.ExperienceAsync(changedSector: false);
        await leader.KnowledgeSharingAsync(); // the sector-change page is skipped
        await leader.BarriersAsync(interest: 9);
        await Expect(page.Locator("[data-question=\"future_sectors\"]")).ToBeHiddenAsync();
        await leader.NextAsync();
        // Without JavaScript the newly relevant question appears when the page is sent.
        await leader.ExpectHeadingAsync("Barrierer for at skifte sektor");
        await Expect(page.Locator("[data-question=\"future_sectors\"]")).ToBeVisibleAsync();
        await Expect(page.Locator(".alert-info")).ToContainTextAsync("nye spørgsmål");
        await leader.TickAsync("future_sectors", "private", "civil-society");
        await leader.NextAsync();
        await leader.RecommendationsAsync();
        await leader.SubmitFromReviewAsync();

        var stored = await StoredAnswersAsync(token);
        Assert.Multiple(() =>
        {
            Assert.That(stored["changed_sector"]!.GetValue<bool>(), Is.False);
            Assert.That(stored.ContainsKey("brought_with"), Is.False);
            Assert.That(stored["future_sectors"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EquivalentTo(new[] { "private", "civil-society" }));
            Assert.That(stored["interview_ok"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public async Task A_leader_who_leaves_half_way_resumes_where_they_left_from_the_same_link()
    {
        var token = await _site.InviteAsync();
        await using (var first = await Chromium.NewContextAsync())
        {
            var page = await first.NewPageAsync();
            var leader = new Leader(page, keyboardOnly: false);
            await page.GotoAsync(Url($"/s/{token}"));
            await page.Locator("a.button-primary").ClickAsync();
            await leader.AboutYouAsync();
            await leader.ExpectHeadingAsync("Din erfaring fra sektorerne");
            await leader.TickAsync("sectors_led", "state");
            // Typing is saved in the background; wait until the page says so, then leave.
            await Expect(page.Locator("#autosave-status")).ToHaveTextAsync("Dine svar er gemt.", new() { Timeout = 10_000 });
        }

        await using var second = await Chromium.NewContextAsync();
        var again = await second.NewPageAsync();
        await again.GotoAsync(Url($"/s/{token}"));
        await Expect(again.Locator(".alert-info")).ToContainTextAsync("Velkommen tilbage");
        await again.Locator("a.button-primary", new() { HasText = "Fortsæt" }).ClickAsync();
        await Expect(again.Locator("h1")).ToHaveTextAsync("Din erfaring fra sektorerne");
        await Expect(again.Locator("input[name=\"sectors_led\"][value=\"state\"]")).ToBeCheckedAsync();
        await again.Locator("button[value=\"previous\"]").ClickAsync();
        await Expect(again.Locator("h1")).ToHaveTextAsync("Om dig og din ledelse");
        await Expect(again.Locator("input[name=\"current_sector\"][value=\"region\"]")).ToBeCheckedAsync();
        await Expect(again.Locator("input[name=\"years_as_leader\"]")).ToHaveValueAsync("14");
    }

    [Test]
    public async Task A_leader_on_a_360_pixel_phone_answers_without_sideways_scrolling()
    {
        var token = await _site.InviteAsync();
        await using var context = await Chromium.NewContextAsync(width: 360, height: 740);
        var page = await context.NewPageAsync();
        var leader = new Leader(page, keyboardOnly: false);
        await page.GotoAsync(Url($"/s/{token}"));
        await page.Locator("a.button-primary").ClickAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("question-page-360"), FullPage = true });
        await AssertNoSidewaysScrollAsync(page);
        await leader.AboutYouAsync();
        await leader.ExperienceAsync(changedSector: false);
        await leader.ExpectHeadingAsync("Videndeling");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("matrix-page-360"), FullPage = true });
        await AssertNoSidewaysScrollAsync(page);
        // On a narrow screen every matrix row is its own group, with its own legend and labelled options.
        var rows = page.Locator("[data-question=\"knowledge_sharing\"] fieldset.matrix-row");
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(rows.First.Locator("legend")).ToHaveTextAsync("Stat");
        await Expect(rows.First.Locator("label").First).ToBeVisibleAsync();
        await Expect(page.Locator(".matrix-head").First).ToBeHiddenAsync();
        await leader.KnowledgeSharingAsync();
        await leader.BarriersAsync(interest: 2);
        await leader.NextAsync();
        await leader.RecommendationsAsync();
        await leader.SubmitFromReviewAsync();
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.That(overflow, Is.LessThanOrEqualTo(0), "the page scrolls sideways");
    }

    [Test]
    public async Task A_page_with_errors_moves_focus_to_the_summary_which_links_to_each_field()
    {
        var token = await _site.InviteAsync();
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url($"/s/{token}/p/about-you"));
        await page.Locator("input[name=\"years_as_leader\"]").FillAsync("mange");
        await page.Locator("button[value=\"next\"]").ClickAsync();

        await Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#error-summary li")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-question=\"years_as_leader\"] .form-error-message")).ToContainTextAsync("Skriv et tal");
        await Expect(page.Locator("input[name=\"years_as_leader\"]")).ToHaveValueAsync("mange");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Fejl:"));
        await page.Locator("#error-summary a", new() { HasText = "Hvor mange år" }).ClickAsync();
        await Expect(page.Locator("input[name=\"years_as_leader\"]")).ToBeFocusedAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("page-with-errors"), FullPage = true });
    }

    [Test]
    public async Task The_language_switch_shows_the_questionnaire_and_the_site_in_english()
    {
        var token = await _site.InviteAsync();
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url($"/s/{token}"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "da");
        await page.Locator("a[hreflang=\"en\"]").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Leaders across sectors");
        await page.Locator("a.button-primary").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("About you and your management role");
        await Expect(page.Locator("button[value=\"next\"]")).ToHaveTextAsync("Next");
        await page.Locator("button[value=\"next\"]").ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("Please answer the question.");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
    }

    [Test]
    public async Task Desktop_question_pages_are_captured_for_review()
    {
        var token = await _site.InviteAsync();
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var leader = new Leader(page, keyboardOnly: false);
        await page.GotoAsync(Url($"/s/{token}"));
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("welcome-desktop"), FullPage = true });
        await page.Locator("a.button-primary").ClickAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("question-page-desktop"), FullPage = true });
        await leader.AboutYouAsync();
        await leader.ExperienceAsync(changedSector: true);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("sector-change-desktop"), FullPage = true });
        await leader.SectorChangeAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("matrix-page-desktop"), FullPage = true });
        await leader.KnowledgeSharingAsync();
        await leader.BarriersAsync(interest: 7);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("rating-page-desktop"), FullPage = true });
        await leader.TickAsync("future_sectors", "state");
        await leader.NextAsync();
        await leader.RecommendationsAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("review-desktop"), FullPage = true });
        await leader.SubmitFromReviewAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("receipt-desktop"), FullPage = true });
        Assert.That(File.Exists(Chromium.ScreenshotPath("receipt-desktop")), Is.True);
    }

    [Test]
    public async Task Welcome_question_error_review_and_receipt_pages_have_no_wcag_21_aa_violations()
    {
        var token = await _site.InviteAsync();
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var leader = new Leader(page, keyboardOnly: false);
        var violations = new List<string>();
        async Task Scan(string name)
        {
            var result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            });
            violations.AddRange(result.Violations.Select(v =>
                $"{name}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}"));
        }

        await page.GotoAsync(Url($"/s/{token}"));
        await Scan("welcome");
        await page.Locator("a.button-primary").ClickAsync();
        await Scan("question page");
        await page.Locator("button[value=\"next\"]").ClickAsync();
        await Scan("page with errors");
        await leader.AboutYouAsync();
        await leader.ExperienceAsync(changedSector: true);
        await leader.SectorChangeAsync();
        await Scan("matrix page");
        await leader.KnowledgeSharingAsync();
        await leader.BarriersAsync(interest: 3);
        await Scan("rating page");
        await leader.NextAsync();
        await leader.RecommendationsAsync();
        await Scan("review");
        await leader.SubmitFromReviewAsync();
        await Scan("receipt");
        Assert.That(violations, Is.Empty, string.Join("\n", violations));
    }

    [Test]
    public async Task Unknown_closed_and_submitted_links_get_their_own_pages()
    {
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var unknown = await page.GotoAsync(Url("/s/AAAAAAAAAAAAAAAAAAAAAAAA"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Linket findes ikke");
        Assert.That(unknown!.Status, Is.EqualTo(404));

        var submitted = await _site.InviteAsync();
        using (var http = _site.CreateClient())
            await http.PostAsync($"/api/v1/respond/{submitted}/submit", System.Net.Http.Json.JsonContent.Create(new JsonObject { ["answers"] = DemoAnswers.Complete() }));
        await page.GotoAsync(Url($"/s/{submitted}"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dine svar er allerede indsendt");
        await Expect(page.Locator(".receipt-reference")).ToBeVisibleAsync();
    }
}
