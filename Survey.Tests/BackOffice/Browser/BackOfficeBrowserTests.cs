using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Tests.Respond.Browser;
using Survey.Web;
using Survey.Web.Demo;
using Survey.Web.Users;
using static Microsoft.Playwright.Assertions;

using Survey.Tests.Sites;

namespace Survey.Tests.BackOffice.Browser;

/// <summary>The back office in Chromium: the secretariat's main pages, looked at and scanned with axe-core.</summary>
public class BackOfficeBrowserTests
{
    private TestDatabase _db = null!;
    private WebApplicationFactory<WebMarker> _factory = null!;
    private Uri _base = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _db = new TestDatabase();
        _factory = new SiteFactory<WebMarker>(_db);
        _factory.UseKestrelOnFreePort();
        _factory.StartServer();
        _base = _factory.ClientOptions.BaseAddress;
        var lifecycle = new QuestionnaireLifecycle(_db.Database);
        await DemoSeeder.Over(_db.Database).SeedAsync(responses: 30);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _factory.DisposeAsync();
        _db.Dispose();
    }

    private async Task<IPage> SignInAsync(IBrowserContext context, string role)
    {
        var email = $"{role}.{Guid.NewGuid():N}@test.example";
        var password = (await new UserAccounts(_db.Database).CreateAsync(email, role, "test")).Value!;
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_base, "/Account/Login").ToString());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("backoffice-login"), FullPage = true });
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync(password);
        await page.Locator("button[type=submit]", new() { HasText = "Log ind" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Spørgeskemaer og interviewguides");
        return page;
    }

    [Test]
    public async Task The_main_back_office_pages_have_no_wcag_21_aa_violations()
    {
        await using var context = await Chromium.NewContextAsync();
        var page = await SignInAsync(context, Roles.Admin);
        var record = await DemoInterviewAsync();
        var violations = new List<string>();
        foreach (var (name, path) in new[]
        {
            ("overview", "/"), ("questionnaires", "/Questionnaires"), ("questionnaire", "/Questionnaires/Details/1"), ("create", "/Questionnaires/Create"),
            ("contacts", "/Contacts"), ("contact-import", "/Contacts/Import"), ("users", "/Admin/Users"), ("audit", "/Admin/Audit"),
            ("api-keys", "/Account/ApiKeys"), ("change-password", "/Account/ChangePassword"),
            ("editor", "/Questionnaires/Edit/1"), ("edit-matrix", "/Questionnaires/EditQuestion/1?question=knowledge_sharing"),
            ("edit-choice", "/Questionnaires/EditQuestion/1?question=current_sector"), ("edit-page", "/Questionnaires/EditPage/1?pageName=sector-change"),
            ("invitations", "/Questionnaires/Invitations/1"), ("templates", "/Questionnaires/Templates/1"),
            ("contact-edit", "/Contacts/Edit/1"), ("contact-erase", "/Contacts/Erase/1"),
            ("summary", "/Reports/Summary/1"), ("summary-by-answer", "/Reports/Summary/1?by=question:changed_sector&mode=web"), ("guide-summary", "/Reports/Summary/2"),
            ("summary-crosstab", "/Reports/Summary/1?rows=question:changed_sector&cols=sector&ci=true"), ("reports", "/Reports"),
            ("interviews", "/Interviews"), ("interview-start", "/Interviews/Start"), ("interview-start-search", "/Interviews/Start?search=kom"), ("themes", "/Interviews/Themes"),
            ("interview-record", $"/Interviews/Record/{record}"), ("history", "/Questionnaires/History/1"),
        })
        {
            await page.GotoAsync(new Uri(_base, path).ToString());
            Assert.That(await page.Locator("#error-summary").CountAsync(), Is.Zero, $"{path} opened with errors");
            await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("backoffice-" + name), FullPage = true });
            var result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            });
            violations.AddRange(result.Violations.Select(v =>
                $"{name}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}"));
        }
        Assert.That(violations, Is.Empty, string.Join("\n", violations));
    }

    [Test]
    public async Task The_summary_with_every_table_fits_a_1280_px_screen()
    {
        await using var context = await Chromium.NewContextAsync(width: 1280);
        var page = await SignInAsync(context, Roles.Taskforce);
        await page.GotoAsync(new Uri(_base, "/Reports/Summary/1?by=sector&ci=true&rows=question:current_sector&cols=sector").ToString());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("backoffice-summary-1280"), FullPage = true });
        await page.Locator("section[aria-labelledby=q-barriers]").ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("backoffice-summary-1280-matrix") });
        await page.Locator("section[aria-labelledby=crosstab-heading]").ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("backoffice-summary-1280-crosstab") });
        var page1280 = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        // Each table within its own width: the matrix with a mean per group and the cross-tabulation included.
        var wider = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('main table')].filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).map(t => t.querySelector('caption')?.textContent ?? '?')");
        Assert.Multiple(() =>
        {
            Assert.That(page1280, Is.LessThanOrEqualTo(1280), "no sideways scrolling of the page");
            Assert.That(wider, Is.Empty, "tables wider than their place");
        });
    }

    [TestCase(320)]
    [TestCase(1024)]
    public async Task The_secretariats_pages_fit_the_screen_without_sideways_scrolling_and_pass_axe(int width)
    {
        await using var context = await Chromium.NewContextAsync(width: width, height: 800);
        var page = await SignInAsync(context, Roles.Admin);
        var record = await DemoInterviewAsync();
        var problems = new List<string>();
        foreach (var (name, path) in new[]
        {
            ("questionnaires", "/Questionnaires"), ("contacts", "/Contacts"), ("users", "/Admin/Users"), ("editor", "/Questionnaires/Edit/1"),
            ("edit-matrix", "/Questionnaires/EditQuestion/1?question=knowledge_sharing"), ("edit-choice", "/Questionnaires/EditQuestion/1?question=hardest"),
            ("edit-page", "/Questionnaires/EditPage/1?pageName=sector-change"), ("history", "/Questionnaires/History/1"),
            ("invitations", "/Questionnaires/Invitations/1"), ("templates", "/Questionnaires/Templates/1"), ("interviews", "/Interviews"),
            ("interview-start", "/Interviews/Start?search=kom"), ("interview-record", $"/Interviews/Record/{record}"),
        })
        {
            await page.GotoAsync(new Uri(_base, path).ToString());
            await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath($"backoffice-{name}-{width}"), FullPage = true });
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (overflow > 0)
            {
                // Name the outermost elements that reach past the screen, so a failure says where to look.
                var culprits = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('body *')].filter(e => {
                      if (e.getBoundingClientRect().right <= document.documentElement.clientWidth + 1) return false;
                      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
                        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX) || a.getBoundingClientRect().right > document.documentElement.clientWidth + 1) return false;
                      return true;
                    }).concat([...document.querySelectorAll('main *')].filter(e => getComputedStyle(e).overflowX === 'visible' && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0
                      && e.getBoundingClientRect().left + e.scrollWidth > document.documentElement.clientWidth + 1)).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).trim().replace(/\s+/g, '.') : ''))
                    """);
                problems.Add($"{name} at {width}: the page scrolls sideways by {overflow} px ({string.Join(", ", culprits)})");
            }
            // A table may be wider than the screen only inside a box of its own that scrolls.
            var wide = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main table')].filter(t => {
                  if (t.getBoundingClientRect().right <= document.documentElement.clientWidth + 1) return false;
                  for (let e = t.parentElement; e && e !== document.body; e = e.parentElement)
                    if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) return false;
                  return true;
                }).map(t => t.querySelector('caption')?.textContent?.trim() ?? t.className)
                """);
            problems.AddRange(wide.Select(t => $"{name} at {width}: the table '{t}' runs off the screen"));
            var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
            problems.AddRange(result.Violations.Select(v => $"{name} at {width}: {v.Id} {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}"));
        }
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }

    /// <summary>An interview on the demo guide by the most recent user, with a tagged quote, for the record page.</summary>
    private async Task<long> DemoInterviewAsync()
    {
        await using var c = await _db.Database.OpenAsync();
        var user = await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT max(id) FROM users");
        var guide = await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT id FROM questionnaires WHERE mode = 'interview'");
        var actor = new Survey.Core.Interviews.InterviewActor(user, "test", true);
        var interviews = new Survey.Core.Interviews.Interviews(_db.Database, new DefinitionCache(_db.Database));
        var id = (await interviews.StartAsync(new(guide, null, "Lise Leder", "Region Syd", "region", "2026-11-20", "Teams", true), actor)).Value;
        var theme = await new Survey.Core.Interviews.Themes(_db.Database).AddAsync("videndeling " + Guid.NewGuid().ToString("N")[..6], "test");
        var question = (await new DefinitionCache(_db.Database).GetAsync(guide, 1))!.Questions.First().Name!;
        await interviews.AddQuoteAsync(id, new(question, "Man tager sit netværk med.", [theme.Value]), actor);
        return id;
    }

    [Test]
    public async Task An_import_with_a_bad_line_shows_its_line_and_imports_nothing()
    {
        await using var context = await Chromium.NewContextAsync();
        var page = await SignInAsync(context, Roles.Secretariat);
        await page.GotoAsync(new Uri(_base, "/Contacts/Import").ToString());
        await page.Locator("#csv").FillAsync("navn;e-mail;sektor\nAnne Test;anne.test@x.example;kommune\nBo Test;ikke-en-mail;stat\n");
        await page.Locator("button", new() { HasText = "Vis forhåndsvisning" }).ClickAsync();
        await Expect(page.Locator("#import-errors")).ToContainTextAsync("Linje 3 (email)");
        await Expect(page.Locator("button", new() { HasText = "Importér" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("backoffice-import-errors"), FullPage = true });

        await page.Locator("#csv").FillAsync("navn;e-mail;sektor;landsdel\nAnne Test;anne.test@x.example;kommune;Fyn\nBo Test;bo.test@x.example;stat;Sjælland\n");
        await page.Locator("button", new() { HasText = "Vis forhåndsvisning" }).ClickAsync();
        await Expect(page.Locator("h2", new() { HasText = "2 kontakter klar til import" })).ToBeVisibleAsync();
        await page.Locator("button", new() { HasText = "Importér 2 kontakter" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("2 kontakter er importeret");
        await using var c = await _db.Database.OpenAsync();
        Assert.That(await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT COUNT(*) FROM contacts WHERE email LIKE '%.test@x.example'"), Is.EqualTo(2));
    }
}
