using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Survey.Tests.Sites;
using static Microsoft.Playwright.Assertions;

namespace Survey.Tests.Respond.Browser;

/// <summary>The public pages as a leader sees them on a phone and a PC: the scale, the buttons, the alerts, the receipt and the footer's pages.</summary>
public class PublicSiteBrowserTests
{
    private PublicSite _site = null!;

    [OneTimeSetUp]
    public async Task StartSite() => _site = await PublicSite.StartAsync();

    [OneTimeTearDown]
    public async Task StopSite() => await _site.DisposeAsync();

    private string Url(string path) => new Uri(_site.BaseAddress, path).ToString();

    private record struct Box(double X, double Y, double Width, double Height);

    private static async Task<Box> BoxOf(ILocator locator)
    {
        var b = await locator.BoundingBoxAsync();
        Assert.That(b, Is.Not.Null, "not laid out");
        return new Box(b!.X, b.Y, b.Width, b.Height);
    }

    /// <summary>To the barriers page, whose last question is the 0–10 scale.</summary>
    private async Task<Leader> ToTheScaleAsync(IPage page, string token)
    {
        var leader = new Leader(page, keyboardOnly: false);
        await page.GotoAsync(Url($"/s/{token}/p/about-you"));
        await leader.AboutYouAsync();
        await leader.ExperienceAsync(changedSector: false);
        await leader.KnowledgeSharingAsync();
        await leader.ExpectHeadingAsync("Barrierer for at skifte sektor");
        return leader;
    }

    private async Task<IReadOnlyList<Box>> ScaleStepsAsync(IPage page)
    {
        var steps = page.Locator("[data-question=\"future_interest\"] .rating-scale input[type=radio]");
        await Expect(steps).ToHaveCountAsync(11);
        var boxes = new List<Box>();
        for (var i = 0; i < 11; i++) boxes.Add(await BoxOf(steps.Nth(i)));
        return boxes;
    }

    [Test]
    public async Task The_0_to_10_scale_is_one_row_on_a_pc_and_one_column_lowest_first_on_a_360_pixel_phone()
    {
        await using var wide = await Chromium.NewContextAsync(width: 1280);
        var pc = await wide.NewPageAsync();
        await ToTheScaleAsync(pc, await _site.InviteAsync());
        var row = await ScaleStepsAsync(pc);
        await pc.Locator("[data-question=\"future_interest\"]").ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("scale-1280") });

        await using var narrow = await Chromium.NewContextAsync(width: 360, height: 740);
        var phone = await narrow.NewPageAsync();
        await ToTheScaleAsync(phone, await _site.InviteAsync());
        var column = await ScaleStepsAsync(phone);
        await phone.Locator("[data-question=\"future_interest\"]").ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("scale-360") });
        var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.Multiple(() =>
        {
            Assert.That(row.Select(b => Math.Round(b.Y)).Distinct().Count(), Is.EqualTo(1), "the steps share one row at 1280 px");
            Assert.That(row.Zip(row.Skip(1)).All(p => p.Second.X > p.First.X), Is.True, "left to right from 0 to 10");
            Assert.That(column.Select(b => Math.Round(b.X)).Distinct().Count(), Is.EqualTo(1), "the steps share one column at 360 px");
            Assert.That(column.Zip(column.Skip(1)).All(p => p.Second.Y > p.First.Y), Is.True, "top to bottom from 0 to 10");
            Assert.That(overflow, Is.LessThanOrEqualTo(0), "the page scrolls sideways");
        });
    }

    [Test]
    public async Task Previous_comes_before_next_and_enter_in_a_field_still_goes_on()
    {
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var leader = new Leader(page, keyboardOnly: false);
        await page.GotoAsync(Url($"/s/{await _site.InviteAsync()}/p/about-you"));
        await leader.ChooseAsync("current_sector", "region");
        await leader.ChooseAsync("management_level", "middle");
        await leader.TypeAsync("years_as_leader", "14");
        await page.AndWaitForNextPageAsync(() => page.Locator("input[name=\"years_as_leader\"]").PressAsync("Enter"));
        await leader.ExpectHeadingAsync("Din erfaring fra sektorerne");
        var previous = await BoxOf(page.Locator("button[value=\"previous\"]"));
        var next = await BoxOf(page.Locator("button[value=\"next\"]"));
        // The keyboard meets them in the same order.
        var order = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.page-actions button')].map(b => b.value)");
        Assert.Multiple(() =>
        {
            Assert.That(previous.X, Is.LessThan(next.X), "Forrige stands left of Næste");
            Assert.That(order, Is.EqualTo(new[] { "previous", "next" }));
        });
    }

    [Test]
    public async Task Alerts_carry_their_icon_in_the_gutter_and_the_receipt_reference_stays_on_one_line_at_320_pixels()
    {
        await using var context = await Chromium.NewContextAsync(width: 320, height: 700);
        var page = await context.NewPageAsync();
        var token = await _site.InviteAsync();
        await page.GotoAsync(Url($"/s/{token}/p/about-you"));
        await page.Locator("button[value=\"next\"]").ClickAsync();
        var summary = page.Locator("#error-summary");
        var icon = summary.Locator("img.alert-icon");
        await Expect(icon).ToBeVisibleAsync();
        var iconBox = await BoxOf(icon);
        var summaryBox = await BoxOf(summary);
        var textLeft = (await BoxOf(summary.Locator(".alert-heading"))).X;
        var loaded = await icon.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("error-summary-320") });

        using (var http = _site.CreateClient())
            await http.PostAsync($"/api/v1/respond/{token}/submit", System.Net.Http.Json.JsonContent.Create(new System.Text.Json.Nodes.JsonObject { ["answers"] = DemoAnswers.Complete() }));
        await page.GotoAsync(Url($"/s/{token}"));
        var reference = page.Locator(".receipt-reference");
        var lineHeight = await reference.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).lineHeight)");
        var referenceBox = await BoxOf(reference);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("receipt-320"), FullPage = true });
        Assert.Multiple(() =>
        {
            Assert.That(loaded, Is.True, "the icon's image loads");
            Assert.That(iconBox.X, Is.GreaterThan(summaryBox.X).And.LessThan(textLeft - iconBox.Width + 1), "the icon sits in the gutter left of the text");
            Assert.That(referenceBox.Height, Is.LessThan(lineHeight * 1.5), "the reference is on one line");
        });
        await Expect(page.Locator(".alert-success img.alert-icon")).ToBeVisibleAsync();
    }

    [Test]
    public async Task An_open_preview_reloads_itself_when_the_draft_changes()
    {
        var draftId = (await _site.Lifecycle.CreateAsync(Survey.Tests.Questionnaires.Definitions.Minimal().ToJsonString(), new Survey.Core.Questionnaires.QuestionnaireSettings(), "test")).Value;
        var token = (await new Survey.Core.Questionnaires.Previews(_site.Db.Database).CreateAsync(draftId))!;
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url($"/p/{token}/p/p1"));
        var row = (await _site.Lifecycle.GetAsync(draftId))!;
        var changed = System.Text.Json.Nodes.JsonNode.Parse(row.DraftDefinition)!;
        changed["pages"]![0]!["title"] = "Titlen er rettet i editoren";
        await _site.Lifecycle.UpdateDraftAsync(draftId, changed.ToJsonString(), "test", row.DraftRevision);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Titlen er rettet i editoren", new() { Timeout = 10_000 });
    }

    [TestCase(320)]
    [TestCase(1280)]
    public async Task The_pages_this_issue_touched_have_no_wcag_21_aa_violations(int width)
    {
        await using var context = await Chromium.NewContextAsync(width: width);
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        async Task Scan(string name)
        {
            var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
            violations.AddRange(result.Violations.Select(v => $"{name} at {width}: {v.Id} {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}"));
        }
        var token = await _site.InviteAsync();
        await page.GotoAsync(Url($"/s/{token}"));
        await Scan("welcome");
        var leader = await ToTheScaleAsync(page, token);
        await Scan("scale");
        await leader.BarriersAsync(interest: 2);
        await leader.NextAsync();
        await leader.RecommendationsAsync();
        await Scan("review");
        await page.AndWaitForNextPageAsync(() => page.Locator(".review-change a").First.ClickAsync());
        await Expect(page.Locator("button[value=\"next\"]")).ToHaveTextAsync("Gem og gå tilbage til oversigten");
        await Scan("page changed from the review");
        await page.AndWaitForNextPageAsync(() => page.Locator("button[value=\"next\"]").ClickAsync());
        await leader.ExpectHeadingAsync("Se dine svar igennem");
        await leader.SubmitFromReviewAsync();
        await Scan("receipt");
        await page.GotoAsync(Url("/privatliv"));
        await Scan("privacy notice");
        await page.GotoAsync(Url("/tilgaengelighed"));
        await Scan("accessibility statement");
        if (width == 320) await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("accessibility-statement-320"), FullPage = true });
        Assert.That(violations, Is.Empty, string.Join("\n", violations));
    }
}
