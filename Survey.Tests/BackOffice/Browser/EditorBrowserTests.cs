using System.Text.Json.Nodes;
using Dapper;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Survey.Core.Questionnaires;
using Survey.Tests.Respond.Browser;
using Survey.Tests.Sites;
using Survey.Web;
using Survey.Web.Demo;
using Survey.Web.Users;
using static Microsoft.Playwright.Assertions;

namespace Survey.Tests.BackOffice.Browser;

/// <summary>The editor in Chromium with its script: every change in place (no page load), saved as the draft, undone from the history.</summary>
public class EditorBrowserTests
{
    private TestDatabase _db = null!;
    private WebApplicationFactory<WebMarker> _factory = null!;
    private Uri _base = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _db = new TestDatabase();
        _factory = new SiteFactory<WebMarker>(_db);
        _factory.UseKestrelOnFreePort();
        _factory.StartServer();
        _base = _factory.ClientOptions.BaseAddress;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _factory.DisposeAsync();
        _db.Dispose();
    }

    private async Task<long> DraftAsync() =>
        (await new QuestionnaireLifecycle(_db.Database).CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test")).Value;

    private async Task<SurveyDefinition> StoredDraftAsync(long id) =>
        SurveyDefinition.Parse((await new QuestionnaireLifecycle(_db.Database).GetAsync(id))!.DraftDefinition);

    /// <summary>A signed-in secretariat page that counts its own page loads and accepts every confirmation.</summary>
    private async Task<(IPage Page, Func<int> Loads, List<string> Dialogs)> SignInAsync(IBrowserContext context)
    {
        var email = $"secretariat.{Guid.NewGuid():N}@test.example";
        var password = (await new UserAccounts(_db.Database).CreateAsync(email, Roles.Secretariat, "test")).Value!;
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_base, "/Account/Login").ToString());
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync(password);
        await page.Locator("button[type=submit]", new() { HasText = "Log ind" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Spørgeskemaer og interviewguides");
        var loads = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) loads++; };
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.AcceptAsync(); };
        return (page, () => loads, dialogs);
    }

    /// <summary>Clicks and waits until the page's main part has been replaced by the server's answer.</summary>
    private static async Task InPlaceAsync(IPage page, ILocator button)
    {
        await page.EvaluateAsync("() => { window.__replaced = false; document.addEventListener('inplace:replaced', () => window.__replaced = true, { once: true }); }");
        await button.ClickAsync();
        await page.WaitForFunctionAsync("() => window.__replaced === true");
    }

    [Test]
    public async Task Questions_and_pages_are_duplicated_moved_retyped_and_removed_in_place_and_a_removal_is_undone_from_the_history()
    {
        var id = await DraftAsync();
        await using var context = await Chromium.NewContextAsync();
        var (page, loads, dialogs) = await SignInAsync(context);
        await page.GotoAsync(new Uri(_base, $"/Questionnaires/Edit/{id}").ToString());
        var start = loads();
        var sector = "current_sector";
        await page.EvaluateAsync("() => window.scrollTo(0, 400)");
        await InPlaceAsync(page, page.Locator($"button[value=\"duplicate:{sector}\"]"));
        var scrolled = await page.EvaluateAsync<double>("() => window.scrollY");
        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.value ?? ''");
        var afterDuplicate = await StoredDraftAsync(id);
        var copy = afterDuplicate.Pages[0].Elements[1];

        await page.Locator($"details:has(button[value=\"type:{sector}\"]) summary").ClickAsync();
        await InPlaceAsync(page, page.Locator($"button[value=\"type:{sector}\"]"));
        await page.Locator($"details:has(button[value=\"move-to:{copy.Name}\"]) summary").ClickAsync();
        await page.Locator($"select#to-page-{copy.Name}").SelectOptionAsync("recommendations");
        await InPlaceAsync(page, page.Locator($"button[value=\"move-to:{copy.Name}\"]"));
        await InPlaceAsync(page, page.Locator("button[value=\"page-duplicate:experience\"]"));
        await InPlaceAsync(page, page.Locator($"button[value=\"remove:{copy.Name}\"]"));
        var afterAll = await StoredDraftAsync(id);
        var loadsInPlace = loads() - start;
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("editor-in-place"), FullPage = true });

        // Undo the removal: the history's version before it has the copy, the draft now does not.
        await page.GotoAsync(new Uri(_base, $"/Questionnaires/History/{id}").ToString());
        var row = page.Locator("tr", new() { HasText = copy.Label("da") }).First;
        await Expect(row).ToContainTextAsync("har");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("editor-history"), FullPage = true });
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        await row.Locator("button").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Redigér spørgeskemaet");
        var restored = await StoredDraftAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(loadsInPlace, Is.Zero, "no change loaded a page");
            Assert.That(scrolled, Is.GreaterThan(300), "the page stayed where it was");
            Assert.That(focused, Is.EqualTo($"duplicate:{sector}"), "focus back on the button pressed");
            Assert.That(copy.Name, Is.EqualTo("current_sector_2"));
            Assert.That(copy.Title!.Get("da"), Does.EndWith("(kopi)"));
            Assert.That(copy.Choices!.Select(c => c.Key), Is.EqualTo(afterDuplicate.Pages[0].Elements[0].Choices!.Select(c => c.Key)));
            Assert.That(afterAll.FindQuestion(sector)!.Type, Is.EqualTo(ElementTypes.Dropdown), "radiogroup changed to dropdown, choices kept");
            Assert.That(afterAll.FindQuestion(sector)!.Choices, Has.Count.EqualTo(5));
            Assert.That(afterAll.Pages.Select(p => p.Name), Does.Contain("experience-2"));
            Assert.That(afterAll.Pages.Single(p => p.Name == "experience-2").Elements.Select(e => e.Name), Is.EqualTo(new[] { "sectors_led_2", "changed_sector_2" }));
            Assert.That(afterAll.FindQuestion(copy.Name!), Is.Null, "removed");
            Assert.That(dialogs, Has.Count.EqualTo(2), "the removal and the restore each asked first");
            Assert.That(dialogs[0], Does.Contain("Det kan fortrydes fra kladdens historik"));
            Assert.That(dialogs[1], Does.StartWith("Gendan udgave"));
            Assert.That(axe.Violations, Is.Empty, string.Join("\n", axe.Violations.Select(v => v.Id + " " + v.Help)));
            Assert.That(restored.FindQuestion(copy.Name!)!.Type, Is.EqualTo(ElementTypes.RadioGroup), "back, with the page it had been moved to");
            Assert.That(restored.Pages.Single(p => p.Elements.Any(e => e.Name == copy.Name)).Name, Is.EqualTo("recommendations"));
        });
    }

    [Test]
    public async Task A_3_by_5_matrix_is_built_without_a_page_load_and_saved_as_the_draft_without_pressing_save()
    {
        var id = await DraftAsync();
        await using var context = await Chromium.NewContextAsync();
        var (page, loads, _) = await SignInAsync(context);
        await page.GotoAsync(new Uri(_base, $"/Questionnaires/Edit/{id}").ToString());
        await page.Locator("#type-0").SelectOptionAsync(ElementTypes.Matrix);
        var start = loads();
        await InPlaceAsync(page, page.Locator("button[value=\"add:about-you\"]"));
        var added = (await StoredDraftAsync(id)).Pages[0].Elements.Last();
        var loadsOverview = loads() - start;
        await page.Locator($"a[href*=\"question={added.Name}\"]").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Matrix");
        start = loads();
        async Task Fill(string list, int count, string stem)
        {
            var existing = await page.Locator($"input[name^=\"Input.{list}[\"][name$=\"].Value\"]").CountAsync();
            for (var i = existing; i < count; i++) await InPlaceAsync(page, page.Locator($"button[value=\"add:{list}\"]"));
            for (var i = 0; i < count; i++)
            {
                await page.Locator($"input[name=\"Input.{list}[{i}].Value\"]").FillAsync($"{stem}{i + 1}");
                await page.Locator($"input[name=\"Input.{list}[{i}].Da\"]").FillAsync($"{stem.ToUpperInvariant()} {i + 1}");
            }
        }
        await Fill("Rows", 3, "r");
        await Fill("Columns", 5, "c");
        // The script saves a moment after the last keystroke.
        await Expect(page.Locator("#autosave-status")).ToContainTextAsync("Kladden er gemt", new() { Timeout = 10_000 });
        var loadsMatrix = loads() - start;
        var stored = (await StoredDraftAsync(id)).FindQuestion(added.Name!)!;
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("editor-matrix-in-place"), FullPage = true });
        Assert.Multiple(() =>
        {
            Assert.That(loadsOverview, Is.Zero);
            Assert.That(loadsMatrix, Is.Zero, "8 list changes, not 8 page loads");
            Assert.That(stored.Rows!.Select(r => r.Key), Is.EqualTo(new[] { "r1", "r2", "r3" }));
            Assert.That(stored.Columns!.Select(c => c.Key), Is.EqualTo(new[] { "c1", "c2", "c3", "c4", "c5" }));
            Assert.That(stored.Rows![2].Text!.Get("da"), Is.EqualTo("R 3"));
        });
    }
}
