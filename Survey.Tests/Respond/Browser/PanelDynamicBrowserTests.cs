using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Survey.Tests.Responses;
using Survey.Tests.Sites;
using static Microsoft.Playwright.Assertions;

namespace Survey.Tests.Respond.Browser;

/// <summary>The repeating group (career history) in a real browser, with JavaScript on and off, at 360 px, checked by axe.</summary>
public class PanelDynamicBrowserTests
{
    private PublicSite _site = null!;
    private long _id;

    [OneTimeSetUp]
    public async Task StartSite()
    {
        _site = await PublicSite.StartAsync();
        _id = await _site.PublishAsync(PanelDynamicTests.CareerJson);
    }

    [OneTimeTearDown]
    public async Task StopSite() => await _site.DisposeAsync();

    private ILocator Row(IPage page, int i) => page.Locator($"#q2-p{i}");

    [Test]
    public async Task With_javascript_each_row_follows_its_own_answers_and_rows_are_added_at_360_px()
    {
        var token = await _site.InviteToAsync(_id);
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(360, 740);
        await page.GotoAsync(new Uri(_site.BaseAddress, $"/s/{token}/p/p").ToString());

        var years0 = page.Locator("[data-question=\"career[0].years\"]");
        await Expect(years0).ToBeVisibleAsync();
        await Row(page, 0).GetByLabel("Sektor").SelectOptionAsync("private");
        await Expect(years0).ToBeHiddenAsync();
        await Row(page, 0).GetByLabel("Sektor").SelectOptionAsync("state");
        await Expect(years0).ToBeVisibleAsync();
        await page.Locator("[data-question=\"career[0].years\"] input").FillAsync("12");
        await Expect(page.Locator("[data-question=\"first\"]")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Tilføj stilling" }).ClickAsync();
        await Expect(Row(page, 1)).ToBeVisibleAsync();
        Assert.That(page.Url, Does.EndWith("#q2-p1"));
        await Expect(page.Locator("[data-question=\"career[0].years\"] input")).ToHaveValueAsync("12");
        await Row(page, 1).GetByLabel("Sektor").SelectOptionAsync("private");
        await Expect(page.Locator("[data-question=\"career[1].years\"]")).ToBeHiddenAsync();
        // {now} is the survey's: "why" shows in every row once it is private.
        await Expect(page.Locator("[data-question=\"career[1].why\"]")).ToBeHiddenAsync();
        await page.Locator("input[name=\"now\"][value=\"private\"]").CheckAsync();
        await Expect(page.Locator("[data-question=\"career[0].why\"]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-question=\"career[1].why\"]")).ToBeVisibleAsync();
        await Expect(Row(page, 1).GetByRole(AriaRole.Button, new() { Name = "Fjern Stilling 2" })).ToBeVisibleAsync();

        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(360), "no sideways scrolling at 360 px");
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.That(axe.Violations.Select(v => v.Id + ": " + v.Help + " at " + string.Join(" ", v.Nodes.Select(n => string.Join(" ", n.Target)))), Is.Empty);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("paneldynamic-360"), FullPage = true });

        // The first row's manager is required ({panelIndex} = 0): the server says so next to it.
        await page.Locator(".page-actions button[value=\"next\"]").ClickAsync();
        await Expect(page.Locator("[data-question=\"career[0].manager\"] .form-error-message")).ToBeVisibleAsync();
        await Expect(page.Locator(".alert-error a[href=\"#q2-p0-e2-0\"]")).ToContainTextAsync("Stilling 1: Leder");
        await page.Locator("[data-question=\"career[0].manager\"] input[value=\"true\"]").CheckAsync();
        await page.Locator("input[name=\"first\"]").FillAsync("Ministeriet");
        await page.Locator(".page-actions button[value=\"next\"]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/review$"));
        var draft = await _site.DraftAnswersAsync(token);
        Assert.That(draft["career"]!.ToJsonString(), Is.EqualTo("""[{"sector":"state","years":12,"manager":true},{"sector":"private"}]"""));
    }

    [Test]
    public async Task A_matrixdynamic_row_follows_its_row_conditions_with_javascript_and_passes_axe_at_360_px()
    {
        var id = await _site.PublishAsync(MatrixDynamicTests.Json);
        var token = await _site.InviteToAsync(id);
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(360, 740);
        await page.GotoAsync(new Uri(_site.BaseAddress, $"/s/{token}/p/p").ToString());
        var years = page.Locator("[data-question=\"posts[1].years\"]");
        await Expect(years).ToBeHiddenAsync();
        await page.Locator("select[name=\"posts[1].sector\"]").SelectOptionAsync("state");
        await Expect(years).ToBeVisibleAsync();
        // {rowIndex} = 1 is the first row: its "Først" is required, the second row's optional.
        await Expect(page.Locator("[data-question=\"posts[0].first\"] .optional")).ToBeHiddenAsync();
        await Expect(page.Locator("[data-question=\"posts[1].first\"] .optional")).ToBeVisibleAsync();
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(360));
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.That(axe.Violations.Select(v => v.Id + ": " + v.Help), Is.Empty);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("matrixdynamic-360"), FullPage = true });
    }

    [Test]
    public async Task Without_javascript_rows_are_added_and_removed_by_buttons_and_enter_goes_on_rather_than_removing()
    {
        var token = await _site.InviteToAsync(_id);
        await using var context = await Chromium.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_site.BaseAddress, $"/s/{token}/p/p").ToString());
        await Row(page, 0).GetByLabel("Sektor").SelectOptionAsync("region");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tilføj stilling" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Tilføj stilling" }).ClickAsync();
        await Expect(Row(page, 2)).ToBeVisibleAsync();
        await Row(page, 1).GetByLabel("Sektor").SelectOptionAsync("state");
        await Row(page, 2).GetByRole(AriaRole.Button, new() { Name = "Fjern Stilling 3" }).ClickAsync();
        await Expect(Row(page, 2)).ToHaveCountAsync(0);
        await Expect(Row(page, 1).GetByLabel("Sektor")).ToHaveValueAsync("state");

        // Enter in a field sends the page ("Next"), which reports what is missing, and keeps both rows.
        await page.Locator("[data-question=\"career[1].years\"] input").FillAsync("3");
        await page.Locator("[data-question=\"career[1].years\"] input").PressAsync("Enter");
        await Expect(page.Locator(".alert-error")).ToBeVisibleAsync();
        await Expect(Row(page, 1)).ToBeVisibleAsync();
        var draft = await _site.DraftAnswersAsync(token);
        Assert.That(draft["career"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(draft["career"]![1]!["years"]!.GetValue<double>(), Is.EqualTo(3));
    }
}
