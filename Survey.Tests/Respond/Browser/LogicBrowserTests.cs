using System.Text.Json.Nodes;
using Dapper;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Tests.Sites;
using static Microsoft.Playwright.Assertions;

namespace Survey.Tests.Respond.Browser;

/// <summary>enableIf, requiredIf and conditions on choices on a leader's page, with JavaScript on and off.</summary>
public class LogicBrowserTests
{
    private const string Definition = """
        { "pages": [ { "name": "p1", "elements": [
            { "type": "radiogroup", "name": "sector", "choices": ["state", "private"] },
            { "type": "text", "name": "team", "inputType": "number", "enableIf": "{sector} = 'state'", "isRequired": true },
            { "type": "comment", "name": "why", "requiredIf": "{sector} = 'private'" },
            { "type": "radiogroup", "name": "next", "choices": ["state", { "value": "private", "visibleIf": "{sector} = 'state'" }] }
          ] }, { "name": "p2", "elements": [ { "type": "comment", "name": "end" } ] } ] }
        """;

    private const string PanelDefinition = """
        { "pages": [ { "name": "p1", "elements": [
            { "type": "radiogroup", "name": "changed", "title": "Har du skiftet sektor?", "choices": [{ "value": "yes", "text": "Ja" }, { "value": "no", "text": "Nej" }] },
            { "type": "panel", "name": "move", "title": { "da": "Dit skifte", "en": "Your move" }, "description": "Fortæl om det seneste skifte",
              "visibleIf": "{changed} = 'yes'", "elements": [
                { "type": "dropdown", "name": "from", "title": "Fra sektor", "choices": ["stat", "region", "privat"], "isRequired": true },
                { "type": "panel", "name": "details", "title": "Detaljer", "elements": [ { "type": "text", "name": "year", "title": "År", "inputType": "number" } ] }
            ] }
          ] }, { "name": "p2", "elements": [ { "type": "comment", "name": "end", "title": "Til sidst" } ] } ] }
        """;

    private const string ExpressionDefinition = """
        { "pages": [ { "name": "p1", "elements": [
            { "type": "text", "name": "public", "title": "Offentlig", "inputType": "number" },
            { "type": "text", "name": "private", "title": "Privat", "inputType": "number" },
            { "type": "expression", "name": "total", "title": "I alt", "expression": "{public} + {private}" },
            { "type": "tagbox", "name": "tags", "title": "Mærker", "choices": ["a", "b"] },
            { "type": "text", "name": "start", "title": "Start", "inputType": "time" },
            { "type": "multipletext", "name": "post", "title": "Stilling", "items": [ { "name": "employer", "title": "Arbejdsgiver" }, { "name": "years", "title": "Antal år", "inputType": "number" } ] },
            { "type": "comment", "name": "long", "title": "Lang tid", "visibleIf": "{post.years} > 10" },
            { "type": "matrixdropdown", "name": "career", "title": "Karriere", "rows": [ { "value": "first", "text": "Første" } ], "choices": ["stat", "privat"],
              "columns": [ { "name": "sector", "title": "Sektor" }, { "name": "years", "title": "År i stillingen", "cellType": "text", "inputType": "number" } ] },
            { "type": "comment", "name": "switch", "title": "Skiftet", "visibleIf": "{career.first.sector} = 'privat'" }
          ] }, { "name": "p2", "elements": [ { "type": "comment", "name": "end" } ] } ] }
        """;

    private PublicSite _site = null!;
    private long _questionnaire;
    private long _panels;
    private long _expressions;

    [OneTimeSetUp]
    public async Task StartSite()
    {
        _site = await PublicSite.StartAsync();
        _questionnaire = await _site.PublishAsync(Definition);
        _panels = await _site.PublishAsync(PanelDefinition);
        _expressions = await _site.PublishAsync(ExpressionDefinition);
    }

    [Test]
    public async Task An_expression_follows_the_answers_on_the_page_and_the_server_stores_its_own_value()
    {
        var token = await InviteAsync(_expressions);
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_site.BaseAddress, $"/s/{token}/p/p1").ToString());
        var total = page.Locator("output.expression-value");
        await Expect(total).ToHaveTextAsync("0");
        await page.Locator("input[name=\"public\"]").FillAsync("12,5");
        await page.Locator("input[name=\"private\"]").FillAsync("3");
        await Expect(total).ToHaveTextAsync("15,5");
        await page.Locator("input[name=\"tags\"][value=\"b\"]").CheckAsync();
        await page.Locator("input[name=\"start\"]").FillAsync("08:30");
        await Expect(page.Locator("[data-question=\"long\"]")).ToBeHiddenAsync();
        await page.GetByLabel("Arbejdsgiver").FillAsync("KL");
        await page.GetByLabel("Antal år").FillAsync("12");
        await Expect(page.Locator("[data-question=\"long\"]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-question=\"switch\"]")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Første" }).GetByLabel("Sektor").SelectOptionAsync("privat");
        await page.GetByLabel("År i stillingen").FillAsync("6");
        await Expect(page.Locator("[data-question=\"switch\"]")).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(360, 740);
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(360), "no sideways scrolling at 360 px");
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.That(axe.Violations.Select(v => v.Id + ": " + v.Help + " at " + string.Join(" ", v.Nodes.Select(n => string.Join(" ", n.Target)))), Is.Empty);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("new-types-360"), FullPage = true });
        await page.Locator("button[value=\"next\"]").ClickAsync();
        await Expect(page.Locator("textarea[name=\"end\"]")).ToBeVisibleAsync();
        var draft = await DraftAsync(token);
        Assert.Multiple(() =>
        {
            Assert.That(draft["total"]!.GetValue<double>(), Is.EqualTo(15.5));
            Assert.That(draft["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "b" }));
            Assert.That(draft["start"]!.GetValue<string>(), Is.EqualTo("08:30"));
            Assert.That(draft["post"]!.ToJsonString(), Is.EqualTo("""{"employer":"KL","years":12}"""));
            Assert.That(draft["career"]!.ToJsonString(), Is.EqualTo("""{"first":{"sector":"privat","years":6}}"""));
        });
    }

    [OneTimeTearDown]
    public async Task StopSite() => await _site.DisposeAsync();

    private Task<string> InviteAsync(long? questionnaire = null) => _site.InviteToAsync(questionnaire ?? _questionnaire);

    [Test]
    public async Task A_panel_groups_its_questions_and_shows_and_hides_them_together()
    {
        var token = await InviteAsync(_panels);
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(360, 740);
        await page.GotoAsync(new Uri(_site.BaseAddress, $"/s/{token}/p/p1").ToString());
        var panel = page.Locator("[data-question=\"move\"]");
        await Expect(panel).ToBeHiddenAsync();
        await page.Locator("input[name=\"changed\"][value=\"yes\"]").CheckAsync();
        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel.Locator("legend").First).ToHaveTextAsync("Dit skifte");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Dit skifte" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Detaljer" }).GetByLabel("År")).ToBeVisibleAsync();
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.That(result.Violations.Select(v => v.Id + ": " + v.Help), Is.Empty);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.That(width, Is.LessThanOrEqualTo(360), "no sideways scrolling at 360 px");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("panel-360"), FullPage = true });

        await page.Locator("button[value=\"next\"]").ClickAsync();
        await Expect(page.Locator("[data-question=\"from\"] .form-error-message")).ToBeVisibleAsync();
        await page.Locator("select[name=\"from\"]").SelectOptionAsync("region");
        await page.Locator("input[name=\"year\"]").FillAsync("2019");
        await page.Locator("button[value=\"next\"]").ClickAsync();
        await Expect(page.Locator("textarea[name=\"end\"]")).ToBeVisibleAsync();
        var draft = await DraftAsync(token);
        Assert.That(draft["from"]!.GetValue<string>(), Is.EqualTo("region"));
        Assert.That(draft["year"]!.GetValue<double>(), Is.EqualTo(2019));
    }

    [Test]
    public async Task Without_javascript_a_panel_appears_once_its_condition_holds()
    {
        var token = await InviteAsync(_panels);
        await using var context = await Chromium.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_site.BaseAddress, $"/s/{token}/p/p1").ToString());
        await Expect(page.Locator("[data-question=\"move\"]")).ToBeHiddenAsync();
        await page.Locator("input[name=\"changed\"][value=\"yes\"]").CheckAsync();
        await page.Locator("button[value=\"next\"]").ClickAsync();
        await Expect(page.Locator("[data-question=\"move\"]")).ToBeVisibleAsync();
        await page.Locator("select[name=\"from\"]").SelectOptionAsync("stat");
        await page.Locator("button[value=\"next\"]").ClickAsync();
        await Expect(page.Locator("textarea[name=\"end\"]")).ToBeVisibleAsync();
        Assert.That((await DraftAsync(token))["from"]!.GetValue<string>(), Is.EqualTo("stat"));
    }

    private Task<JsonObject> DraftAsync(string token) => _site.DraftAnswersAsync(token);

    [Test]
    public async Task With_javascript_a_field_and_a_choice_follow_the_answers_on_the_same_page()
    {
        var token = await InviteAsync();
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_site.BaseAddress, $"/s/{token}/p/p1").ToString());
        var team = page.Locator("input[name=\"team\"]");
        var privateNext = page.Locator("input[name=\"next\"][value=\"private\"]");
        var whyOptional = page.Locator("[data-question=\"why\"] .optional");
        await Expect(team).ToBeDisabledAsync();
        await Expect(privateNext).ToBeHiddenAsync();
        await Expect(whyOptional).ToBeVisibleAsync();

        await page.Locator("input[name=\"sector\"][value=\"state\"]").CheckAsync();
        await Expect(team).ToBeEnabledAsync();
        await Expect(privateNext).ToBeVisibleAsync();
        await team.FillAsync("12");
        await privateNext.CheckAsync();

        await page.Locator("input[name=\"sector\"][value=\"private\"]").CheckAsync();
        await Expect(team).ToBeDisabledAsync();
        await Expect(privateNext).ToBeHiddenAsync();
        await Expect(privateNext).Not.ToBeCheckedAsync();
        await Expect(whyOptional).ToBeHiddenAsync();

        await page.Locator("button[value=\"next\"]").ClickAsync();
        // why is now required: the server says so next to the field.
        await Expect(page.Locator("[data-question=\"why\"] .form-error-message")).ToBeVisibleAsync();
        await page.Locator("textarea[name=\"why\"]").FillAsync("Løn");
        await page.Locator("button[value=\"next\"]").ClickAsync();
        await Expect(page.Locator("textarea[name=\"end\"]")).ToBeVisibleAsync();

        var draft = await DraftAsync(token);
        Assert.Multiple(() =>
        {
            Assert.That(draft["sector"]!.GetValue<string>(), Is.EqualTo("private"));
            Assert.That(draft["team"]!.GetValue<double>(), Is.EqualTo(12), "a disabled question keeps what was written while it was enabled");
            Assert.That(draft.ContainsKey("next"), Is.False, "the hidden choice was taken back");
        });
    }

    [Test]
    public async Task Without_javascript_the_server_renders_and_keeps_what_the_answers_allow()
    {
        var token = await InviteAsync();
        await using var context = await Chromium.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_site.BaseAddress, $"/s/{token}/p/p1").ToString());
        await Expect(page.Locator("input[name=\"team\"]")).ToBeDisabledAsync();
        await Expect(page.Locator("input[name=\"next\"][value=\"private\"]")).ToBeHiddenAsync();
        await page.Locator("input[name=\"sector\"][value=\"state\"]").CheckAsync();
        await page.Locator("button[value=\"next\"]").ClickAsync();
        // team was disabled when the page was drawn and is required now that sector is state.
        await Expect(page.Locator("[data-question=\"team\"] .form-error-message")).ToBeVisibleAsync();
        await Expect(page.Locator("input[name=\"team\"]")).ToBeEnabledAsync();
        await Expect(page.Locator("input[name=\"next\"][value=\"private\"]")).ToBeVisibleAsync();
        await page.Locator("input[name=\"team\"]").FillAsync("7");
        await page.Locator("input[name=\"next\"][value=\"private\"]").CheckAsync();
        await page.Locator("button[value=\"next\"]").ClickAsync();
        await Expect(page.Locator("textarea[name=\"end\"]")).ToBeVisibleAsync();
        var draft = await DraftAsync(token);
        Assert.That(draft["next"]!.GetValue<string>(), Is.EqualTo("private"));
        Assert.That(draft["team"]!.GetValue<double>(), Is.EqualTo(7));
    }
}
