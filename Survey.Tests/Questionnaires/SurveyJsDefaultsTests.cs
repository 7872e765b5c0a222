using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Survey.Core.Questionnaires;
using Survey.Tests.BackOffice;
using Survey.Web.Users;

namespace Survey.Tests.Questionnaires;

/// <summary>Definitions as SurveyJS tools write them by default: display settings, no names, no pages, legacy names.</summary>
public class SurveyJsDefaultsTests
{
    private const string CreatorStyle = """
        {
          "title": "Som Creator skriver det",
          "logoPosition": "right",
          "showProgressBar": "top",
          "showQuestionNumbers": "off",
          "headerView": "advanced",
          "widthMode": "static",
          "completedHtml": "<h3>Tak</h3>",
          "elements": [
            { "type": "radiogroup", "choices": ["a", "b"], "hasOther": true, "colCount": 2 },
            { "type": "html", "html": "<p>Info</p>" },
            { "type": "comment", "name": "question2", "placeholder": "Skriv her" },
            { "type": "text", "startWithNewLine": false }
          ]
        }
        """;

    [Test]
    public async Task A_definition_as_creator_writes_it_imports_with_warnings_by_path_and_exports_its_settings_back()
    {
        await using var site = new BackOfficeSite();
        using var api = site.Api(await site.ApiKeyAsync(Roles.Secretariat));
        var created = await api.PostAsJsonAsync("/api/v1/admin/questionnaires", new JsonObject { ["definition"] = JsonNode.Parse(CreatorStyle) });
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var id = body["id"]!.GetValue<long>();
        var exported = JsonNode.Parse(await api.GetStringAsync($"/api/v1/admin/questionnaires/{id}/definition"))!;
        var definition = SurveyDefinition.Parse(exported.ToJsonString());
        var warnings = body["warnings"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToJsonString());
            Assert.That(warnings, Is.SupersetOf(new[] { "$.logoPosition", "$.headerView", "$.widthMode",
                "$.elements[0].hasOther", "$.elements[3].startWithNewLine" }));
            Assert.That(warnings.Intersect(["$.elements[2].placeholder", "$.showProgressBar", "$.showQuestionNumbers", "$.completedHtml", "$.elements[0].colCount"]),
                Is.Empty, "honoured settings are no warning");
            Assert.That(definition.AllElements.ElementAt(2).Placeholder?.Get("da"), Is.EqualTo("Skriv her"));
            Assert.That(exported["pages"]![0]!["elements"]![2]!["placeholder"]?.GetValue<string>(), Is.EqualTo("Skriv her"));
            Assert.That(exported["showProgressBar"]?.GetValue<string>(), Is.EqualTo("top"), "exported back");
            Assert.That(exported["headerView"]?.GetValue<string>(), Is.EqualTo("advanced"));
            Assert.That(exported["pages"]![0]!["elements"]![0]!["colCount"]?.GetValue<int>(), Is.EqualTo(2));
            Assert.That(definition.Pages.Select(p => p.Name), Is.EqualTo(new[] { "page1" }), "one page for top-level elements, named as SurveyJS does");
            Assert.That(definition.AllElements.Select(e => e.Name), Is.EqualTo(new[] { "question1", "question3", "question2", "question4" }),
                "unnamed questions numbered in order, html included, past the taken name");
            Assert.That(definition.AllElements.First().ShowOtherItem, Is.True, "hasOther read as showOtherItem");
        });
    }

    [Test]
    public void What_would_change_the_meaning_of_answers_is_still_refused_by_path()
    {
        var import = DefinitionImport.Import("""
            { "pages": [ { "name": "p", "elements": [
              { "type": "radiogroup", "name": "q", "choices": ["a"], "choicesByUrl": { "url": "http://x" } },
              { "type": "file", "name": "f" } ] } ] }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(import.IsValid, Is.False);
            Assert.That(import.ErrorsByPath().Keys, Does.Contain("$.pages[0].elements[0].choicesByUrl").And.Contain("$.pages[0].elements[1].type"));
        });
    }

    /// <summary>survey-core, the reference, names the unnamed pages and questions of the same definition without a clash.</summary>
    [Test]
    public void Survey_core_gives_the_same_names_to_a_definition_without_taken_names()
    {
        const string json = """{ "pages": [ { "elements": [ { "type": "html", "html": "x" }, { "type": "text" } ] }, { "elements": [ { "type": "comment" } ] } ] }""";
        var ours = SurveyDefinition.Parse(json);
        var script = $$"""
            const { Model } = require({{System.Text.Json.JsonSerializer.Serialize(Path.Combine(Expressions.ExpressionVectorTests.RepositoryRoot(), "node_modules", "survey-core"))}});
            const m = new Model({{json}});
            console.log(JSON.stringify({ pages: m.pages.map(p => p.name), questions: m.getAllQuestions().map(q => q.name) }));
            """;
        var info = new ProcessStartInfo("node", ["-e", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        var theirs = JsonNode.Parse(output)!;
        Assert.Multiple(() =>
        {
            Assert.That(ours.Pages.Select(p => p.Name), Is.EqualTo(theirs["pages"]!.AsArray().Select(n => n!.GetValue<string>())));
            Assert.That(ours.AllElements.Select(e => e.Name), Is.EqualTo(theirs["questions"]!.AsArray().Select(n => n!.GetValue<string>())));
        });
    }
}

public class QuestionFieldRenderingTests
{
    /// <summary>Renders one question's field as the pages do, through its type's component.</summary>
    private static async Task<string> RenderAsync(string json, string question, string lang = "da")
    {
        var definition = SurveyDefinition.Parse(json);
        var check = Survey.Core.Responses.AnswerValidator.Validate(definition, new JsonObject(), Survey.Core.Responses.AnswerScope.Draft);
        var view = Survey.Core.Responses.Forms.QuestionViews.Build(definition, [definition.FindQuestion(question)!], lang,
            new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(), new Dictionary<string, string[]>(), check).Single();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddLogging().BuildServiceProvider();
        await using var renderer = new Microsoft.AspNetCore.Components.Web.HtmlRenderer(services,
            services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<Survey.Core.Responses.Forms.QuestionField>(
                Microsoft.AspNetCore.Components.ParameterView.FromDictionary(new Dictionary<string, object?> { ["View"] = view }));
            return output.ToHtmlString();
        });
    }

    [Test]
    public async Task Other_and_none_show_the_definitions_own_texts_and_a_comment_its_rows()
    {
        const string json = """
            { "pages": [ { "name": "p", "elements": [
              { "type": "checkbox", "name": "c", "choices": ["a"], "showOtherItem": true, "showNoneItem": true,
                "otherText": { "da": "Noget andet", "en": "Something else" }, "noneText": "Ingen af dem" },
              { "type": "comment", "name": "k", "rows": 3 } ] } ] }
            """;
        var da = await RenderAsync(json, "c");
        var en = await RenderAsync(json, "c", "en");
        var comment = await RenderAsync(json, "k");
        var definition = SurveyDefinition.Parse(json);
        Assert.Multiple(() =>
        {
            Assert.That(da, Does.Contain(">Noget andet</label>").And.Contain(">Ingen af dem</label>"));
            Assert.That(en, Does.Contain(">Something else</label>").And.Contain(">Ingen af dem</label>"));
            Assert.That(comment, Does.Contain("rows=\"3\""));
            Assert.That(definition.ToJson()["pages"]![0]!["elements"]![1]!["rows"]!.GetValue<int>(), Is.EqualTo(3), "written back");
            Assert.That(DefinitionImport.Import(json).Warnings, Is.Empty, "honoured, so no warning");
        });
    }

    [Test]
    public async Task A_placeholder_is_shown_in_its_language_in_text_and_comment_fields()
    {
        const string json = """
            { "pages": [ { "name": "p", "elements": [
              { "type": "text", "name": "t", "placeholder": { "da": "fx Aarhus", "en": "e.g. Aarhus" } },
              { "type": "comment", "name": "c", "placeholder": "Skriv her" } ] } ] }
            """;
        var text = await RenderAsync(json, "t");
        var textEn = await RenderAsync(json, "t", "en");
        var comment = await RenderAsync(json, "c");
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("placeholder=\"fx Aarhus\""));
            Assert.That(textEn, Does.Contain("placeholder=\"e.g. Aarhus\""));
            Assert.That(comment, Does.Contain("placeholder=\"Skriv her\""));
            Assert.That(text, Does.Contain("data-type=\"text\""), "the question's frame is the shared one");
        });
    }
}

public class ButtonTextTests
{
    [Test]
    public async Task The_definitions_own_button_texts_are_used_in_its_language()
    {
        await using var site = await Survey.Tests.Sites.PublicSite.StartAsync();
        var id = (await site.Lifecycle.CreateAsync("""
            { "pageNextText": { "da": "Videre", "en": "Onwards" }, "pagePrevText": "Tilbage", "completeText": { "da": "Send mine svar", "en": "Send my answers" },
              "pages": [ { "name": "p1", "elements": [ { "type": "comment", "name": "a" } ] }, { "name": "p2", "elements": [ { "type": "comment", "name": "b" } ] } ] }
            """, new QuestionnaireSettings(), "test")).Value;
        await site.Lifecycle.PublishAsync(id, "test");
        var contact = await new Survey.Core.Participants.Contacts(site.Db.Database).AddAsync(
            [new Survey.Core.Participants.ContactInput("Knap Tekst", "knap@test.example", "", "state", "")], "test");
        var token = (await new Survey.Core.Participants.Invitations(site.Db.Database).CreateAsync(id, contact, "test")).Value![0].Token;
        using var http = site.CreateClient();
        var first = WebUtility.HtmlDecode(await http.GetStringAsync($"/s/{token}/p/p1"));
        var second = WebUtility.HtmlDecode(await http.GetStringAsync($"/s/{token}/p/p2?lang=en"));
        var review = WebUtility.HtmlDecode(await http.GetStringAsync($"/s/{token}/review"));
        var reviewEn = WebUtility.HtmlDecode(await http.GetStringAsync($"/s/{token}/review?lang=en"));
        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Contain(">Videre</button>"));
            Assert.That(second, Does.Contain(">Onwards</button>"));
            Assert.That(second, Does.Contain(">Tilbage</button>"), "a plain string serves every language");
            Assert.That(review, Does.Contain(">Send mine svar</button>"));
            Assert.That(reviewEn, Does.Contain(">Send my answers</button>"));
            Assert.That(DefinitionImport.Import("""{ "completeText": "Send", "pages": [ { "name": "p", "elements": [ { "type": "comment", "name": "c" } ] } ] }""").Warnings,
                Is.Empty, "an honoured text is no warning");
        });
    }
}

/// <summary>SurveyJS's display settings that change what a leader sees, honoured on the leaders' pages.</summary>
public class DisplaySettingTests
{
    private const string Json = """
        { "showProgressBar": "off", "showQuestionNumbers": "on",
          "completedHtml": { "da": "<h2>Tak!</h2><script>alert(1)</script>", "en": "<h2>Thanks!</h2>" },
          "completedHtmlOnCondition": [ { "expression": "{sector} = 'private'", "html": "<p>Tak til det private</p>" } ],
          "pages": [
            { "name": "p1", "elements": [
              { "type": "radiogroup", "name": "sector", "colCount": 2, "choicesOrder": "desc", "choices": [ { "value": "a", "text": "Alfa" }, { "value": "private", "text": "Privat" }, { "value": "s", "text": "Stat" } ], "showOtherItem": true },
              { "type": "html", "name": "info", "html": "<p>Info</p>" },
              { "type": "checkbox", "name": "mix", "choicesOrder": "random", "choices": ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"], "showNoneItem": true },
              { "type": "comment", "name": "why", "visibleIf": "{sector} = 's'" },
              { "type": "text", "name": "last" }
            ] },
            { "name": "p2", "elements": [ { "type": "text", "name": "p2q" } ] }
          ] }
        """;

    private static async Task<(Survey.Tests.Sites.PublicSite Site, long Id)> StartAsync(string json)
    {
        var site = await Survey.Tests.Sites.PublicSite.StartAsync();
        return (site, await site.PublishAsync(json));
    }

    private static Task<string> TokenAsync(Survey.Tests.Sites.PublicSite site, long id) => site.InviteToAsync(id);

    [Test]
    public async Task Progress_numbers_columns_and_order_follow_the_definition()
    {
        var (site, id) = await StartAsync(Json);
        await using var _ = site;
        using var http = site.CreateClient();
        var token = await TokenAsync(site, id);
        var page = WebUtility.HtmlDecode(await http.GetStringAsync($"/s/{token}/p/p1"));
        var again = WebUtility.HtmlDecode(await http.GetStringAsync($"/s/{token}/p/p1"));
        var other = WebUtility.HtmlDecode(await http.GetStringAsync($"/s/{await TokenAsync(site, id)}/p/p1"));
        var second = WebUtility.HtmlDecode(await http.GetStringAsync($"/s/{token}/p/p2"));
        static List<string> Order(string html, string name) =>
            System.Text.RegularExpressions.Regex.Matches(html, $"name=\"{name}\" value=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Not.Contain("page-progress"), "showProgressBar off");
            Assert.That(page, Does.Contain("<span class=\"question-number\">1. </span>Sector").Or.Contain("<span class=\"question-number\">1. </span>sector"));
            Assert.That(page, Does.Contain("<span class=\"question-number\">2. </span>mix"), "information is not numbered");
            Assert.That(page, Does.Contain("<span class=\"question-number\"></span>why"), "a hidden question has no number until it shows");
            Assert.That(page, Does.Contain("<span class=\"question-number\">3. </span>last"));
            Assert.That(second, Does.Contain("<span class=\"question-number\">4. </span>p2q"), "on numbers through the survey");
            Assert.That(page, Does.Contain("choice-columns choice-columns-2\""));
            Assert.That(Order(page, "sector"), Is.EqualTo(new[] { "s", "private", "a", "other" }), "desc by text, other last");
            var mix = Order(page, "mix");
            Assert.That(mix[^1], Is.EqualTo("none"));
            Assert.That(mix, Is.Not.EqualTo(new[] { "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "none" }), "random order");
            Assert.That(Order(again, "mix"), Is.EqualTo(mix), "the same for one respondent on every visit");
            Assert.That(Order(other, "mix"), Is.Not.EqualTo(mix), "another respondent gets another order (8! orders)");
        });
    }

    [Test]
    public async Task The_page_script_renumbers_as_questions_show_and_hide()
    {
        var (site, id) = await StartAsync(Json);
        await using var _ = site;
        await using var context = await Survey.Tests.Respond.Browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(site.BaseAddress, $"/s/{await TokenAsync(site, id)}/p/p1").ToString());
        var last = page.Locator("[data-question=\"last\"] .question-number");
        await Microsoft.Playwright.Assertions.Expect(last).ToHaveTextAsync("3.");
        await page.Locator("input[name=\"sector\"][value=\"s\"]").CheckAsync();
        await Microsoft.Playwright.Assertions.Expect(page.Locator("[data-question=\"why\"] .question-number")).ToHaveTextAsync("3.");
        await Microsoft.Playwright.Assertions.Expect(last).ToHaveTextAsync("4.");
        // colCount 2 lays the choices out side by side on a wide screen (an inline style would be dropped by the CSP), one column on a phone.
        const string tops = "Array.from(document.querySelectorAll('[data-question=\"sector\"] .form-group-radio')).slice(0, 2).map(e => Math.round(e.getBoundingClientRect().top))";
        await page.SetViewportSizeAsync(1280, 900);
        var wide = await page.EvaluateAsync<int[]>(tops);
        await page.ScreenshotAsync(new() { Path = Survey.Tests.Respond.Browser.Chromium.ScreenshotPath("numbers-columns-order"), FullPage = true });
        await page.SetViewportSizeAsync(360, 740);
        var narrow = await page.EvaluateAsync<int[]>(tops);
        Assert.That(wide[0], Is.EqualTo(wide[1]), "two columns side by side");
        Assert.That(narrow[1], Is.GreaterThan(narrow[0]), "one column on a phone");
    }

    [Test]
    public async Task The_receipt_shows_the_definitions_own_text_chosen_by_the_answers_and_sanitised()
    {
        var (site, id) = await StartAsync(Json);
        await using var _ = site;
        using var http = site.CreateClient();
        async Task<string> SubmitAsync(string sector, string lang)
        {
            var token = await TokenAsync(site, id);
            using var put = await http.PutAsJsonAsync($"/api/v1/respond/{token}/answers", new JsonObject { ["answers"] = new JsonObject { ["sector"] = sector } });
            Assert.That(put.IsSuccessStatusCode, Is.True, await put.Content.ReadAsStringAsync());
            var review = await http.GetStringAsync($"/s/{token}/review?lang={lang}");
            var form = System.Text.RegularExpressions.Regex.Match(review, "<form method=\"post\" action=\"([^\"]+)\"").Groups[1].Value;
            using var posted = await http.PostAsync(WebUtility.HtmlDecode(form), new FormUrlEncodedContent([]));
            return WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());
        }
        var plain = await SubmitAsync("a", "da");
        var english = await SubmitAsync("a", "en");
        var chosen = await SubmitAsync("private", "da");
        Assert.Multiple(() =>
        {
            Assert.That(plain, Does.Contain("<h2>Tak!</h2>").And.Not.Contain("<script>alert"));
            Assert.That(english, Does.Contain("<h2>Thanks!</h2>"));
            Assert.That(chosen, Does.Contain("<p>Tak til det private</p>").And.Not.Contain("<h2>Tak!</h2>"));
        });
    }
}

/// <summary>Piping: {name} in texts becomes the answer as the leader saw it, escaped.</summary>
public class PipingTests
{
    [Test]
    public async Task Answers_and_calculated_values_show_in_later_titles_choices_and_html_escaped()
    {
        const string json = """
            { "calculatedValues": [ { "name": "years", "expression": "{public} + {private}" } ],
              "pages": [
                { "name": "p1", "elements": [
                  { "type": "text", "name": "name", "title": "Navn" },
                  { "type": "radiogroup", "name": "sector", "choices": [ { "value": "s", "text": { "da": "Staten", "en": "The state" } } ] },
                  { "type": "checkbox", "name": "also", "choices": [ { "value": "a", "text": "Alfa" }, { "value": "b", "text": "Beta" } ] },
                  { "type": "text", "name": "public", "inputType": "number" }, { "type": "text", "name": "private", "inputType": "number" } ] },
                { "name": "p2", "title": "Tak, {name}", "elements": [
                  { "type": "comment", "name": "why", "title": "Hvorfor {sector} efter {also}? ({years} år, {unknown})", "description": "Om {sector}" },
                  { "type": "radiogroup", "name": "again", "choices": [ { "value": "y", "text": "Igen som {name}" } ] },
                  { "type": "html", "name": "info", "html": "<p>Hej <strong>{name}</strong></p>" } ] } ] }
            """;
        await using var site = await Survey.Tests.Sites.PublicSite.StartAsync();
        var token = await site.InviteToAsync(await site.PublishAsync(json));
        using var http = site.CreateClient();
        using var put = await http.PutAsJsonAsync($"/api/v1/respond/{token}/answers", new JsonObject
        {
            ["answers"] = new JsonObject { ["name"] = "<Ann & Bo>", ["sector"] = "s", ["also"] = new JsonArray("a", "b"), ["public"] = 10, ["private"] = 2.5 },
        });
        Assert.That(put.IsSuccessStatusCode, Is.True, await put.Content.ReadAsStringAsync());
        var page = await http.GetStringAsync($"/s/{token}/p/p2");
        var text = WebUtility.HtmlDecode(page);
        var english = WebUtility.HtmlDecode(await http.GetStringAsync($"/s/{token}/p/p2?lang=en"));
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("<h1>Tak, &lt;Ann &amp; Bo&gt;</h1>"));
            Assert.That(text, Does.Contain("Hvorfor Staten efter Alfa, Beta? (12.5 år, {unknown})"));
            Assert.That(text, Does.Contain("Om Staten"));
            Assert.That(english, Does.Contain("Hvorfor The state efter"), "in the page's language");
            Assert.That(page, Does.Contain("Igen som &lt;Ann &amp; Bo&gt;"));
            Assert.That(page, Does.Contain("<strong>&lt;Ann &amp; Bo&gt;</strong>"), "encoded inside html");
            Assert.That(page, Does.Not.Contain("<Ann"));
        });
    }
}
