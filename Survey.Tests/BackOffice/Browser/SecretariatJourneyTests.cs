using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using netDumbster.smtp;
using Survey.Api;
using Survey.Tests.Respond.Browser;
using Survey.Web;
using Survey.Web.Users;
using static Microsoft.Playwright.Assertions;

using Survey.Tests.Sites;

namespace Survey.Tests.BackOffice.Browser;

/// <summary>
/// The secretariat's whole round in Chromium, on both real sites sharing one database: build a
/// questionnaire with a condition, preview, publish, import leaders, invite by e-mail; three leaders
/// answer from the links in the mail (on a 360 px screen, on a PC, without JavaScript); an interview is
/// recorded; and the taskforce's PDF holds the right numbers.
/// </summary>
public partial class SecretariatJourneyTests
{
    [GeneratedRegex(@"(http://127\.0\.0\.1:\d+/s/[A-Za-z0-9_-]{24})")]
    private static partial Regex Link();

    [Test]
    public async Task The_whole_story_build_publish_invite_three_leaders_answer_an_interview_and_the_taskforce_pdf_has_the_numbers()
    {
        using var db = new TestDatabase();
        using var smtp = SimpleSmtpServer.Start(SiteProcess.FreePort());
        await using var api = new SiteFactory<ApiMarker>(db);
        api.UseKestrelOnFreePort();
        api.StartServer();
        var apiBase = api.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var web = new SiteFactory<WebMarker>(db, new()
        {
            ["Survey:PublicBaseUrl"] = apiBase,
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Configuration.Port.ToString(),
            ["Smtp:Security"] = "None",
        });
        web.UseKestrelOnFreePort();
        web.StartServer();
        string Web(string path) => new Uri(web.ClientOptions.BaseAddress, path).ToString();

        var password = (await new UserAccounts(db.Database).CreateAsync("sekretariat@test.example", Roles.Secretariat, "test")).Value!;
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        // Removing, publishing and closing ask first: the secretariat says yes.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync(Web("/Account/Login"));
        await page.Locator("#Input_Email").FillAsync("sekretariat@test.example");
        await page.Locator("#Input_Password").FillAsync(password);
        await page.Locator("button[type=submit]", new() { HasText = "Log ind" }).ClickAsync();

        // Build: a title, then two questions, the second shown only after a yes.
        await page.GotoAsync(Web("/Questionnaires/Create"));
        await page.Locator("#Input_TitleDa").FillAsync("Lille prøve");
        await page.Locator("#Input_TitleEn").FillAsync("Small trial");
        await page.Locator("button", new() { HasText = "Opret" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Lille prøve");
        await page.Locator("a", new() { HasText = "Redigér spørgeskemaet" }).ClickAsync();
        await page.Locator("#type-0").SelectOptionAsync("boolean");
        await page.Locator("button[value^='add:']").First.ClickAsync();
        // The question is added in place: the next choice is made on the page as it comes back.
        await Expect(page.Locator(".bo-editor-element")).ToHaveCountAsync(2);
        await page.Locator("#type-0").SelectOptionAsync("comment");
        await page.Locator("button[value^='add:']").First.ClickAsync();
        await Expect(page.Locator(".bo-editor-element")).ToHaveCountAsync(3);

        await page.Locator(".bo-editor-element").Nth(1).Locator("a", new() { HasText = "Redigér" }).ClickAsync();
        await page.Locator("#Input_TitleDa").FillAsync("Har du skiftet sektor?");
        await page.Locator("#Input_TitleEn").FillAsync("Have you changed sector?");
        await page.Locator("#Input_Required").CheckAsync(new() { Force = true });
        await page.Locator("button[value=save]").ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Spørgsmålet er gemt");

        await page.Locator(".bo-editor-element").Nth(2).Locator("a", new() { HasText = "Redigér" }).ClickAsync();
        await page.Locator("#Input_TitleDa").FillAsync("Hvad tog du med dig?");
        await page.Locator("#Input_TitleEn").FillAsync("What did you bring?");
        await page.Locator("#BuildQuestion").SelectOptionAsync("question2");
        await page.Locator("#BuildOperator").SelectOptionAsync("=");
        await page.Locator("#BuildValue").SelectOptionAsync("true");
        await page.Locator("button[value=build]").ClickAsync();
        await Expect(page.Locator("#Input_VisibleIf")).ToHaveValueAsync("{question2} = true");
        await Expect(page.Locator("#condition-check")).ToHaveTextAsync("");
        // The page's script listens once it has run: typing before the page has loaded would go unheard (a race of the test, not of a person).
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load);
        await page.Locator("#Input_VisibleIf").PressSequentiallyAsync(" ");
        await Expect(page.Locator("#condition-check")).ToHaveTextAsync("Betingelsen er gyldig.");
        await page.Locator("button[value=save]").ClickAsync();
        await Expect(page.Locator(".bo-editor-element").Nth(2)).ToContainTextAsync("{question2} = true");

        // Preview on the public site, then publish.
        // The preview opens in a tab of its own beside the editor.
        var preview = await context.RunAndWaitForPageAsync(() => page.Locator("a", new() { HasText = "Forhåndsvis" }).First.ClickAsync());
        await Expect(preview.Locator(".preview-banner")).ToBeVisibleAsync();
        await Expect(preview.Locator("h1")).ToHaveTextAsync("Lille prøve");
        await preview.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("journey-preview"), FullPage = true });
        await preview.CloseAsync();
        await page.GotoAsync(Web("/Questionnaires/Details/1"));
        // Three leaders will answer: the smallest group the taskforce may see is set to three before publishing.
        await page.Locator("#Input_MinGroupSize").FillAsync("3");
        await page.Locator("form:has(#Input_MinGroupSize) button[type=submit]").ClickAsync();
        await Expect(page.Locator(".alert-success")).ToBeVisibleAsync();
        await page.Locator("button", new() { HasText = "Offentliggør" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Version 1 er offentliggjort");

        // Import three leaders and invite them by e-mail.
        await page.GotoAsync(Web("/Contacts/Import"));
        await page.Locator("#csv").FillAsync("navn;e-mail;organisation;sektor\nAnne Holm;anne@test.example;Aarhus Kommune;kommune\nBo Lund;bo@test.example;Skatteministeriet;stat\nCarl Berg;carl@test.example;Nordlys A/S;privat\n");
        await page.Locator("button", new() { HasText = "Vis forhåndsvisning" }).ClickAsync();
        await page.Locator("button", new() { HasText = "Importér 3 kontakter" }).ClickAsync();
        await page.GotoAsync(Web("/Questionnaires/Invitations/1"));
        await page.Locator("button", new() { HasText = "Opret invitationer" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("3 invitationer er oprettet");
        await page.Locator("button", new() { HasText = "Send invitationer" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("3 sendt, 0 fejlede");
        Assert.That(smtp.ReceivedEmailCount, Is.EqualTo(3));

        // A leader answers from the link in the e-mail.
        var mail = smtp.ReceivedEmail.Single(m => m.ToAddresses.Any(a => a.Address == "bo@test.example"));
        var link = Link().Match(mail.MessageParts[0].BodyData).Groups[1].Value;
        await using var leaderContext = await Chromium.NewContextAsync(width: 360, height: 740);
        var leader = await leaderContext.NewPageAsync();
        await leader.GotoAsync(link);
        await leader.Locator("a.button-primary").ClickAsync();
        await Expect(leader.Locator("[data-question=question3]")).ToBeHiddenAsync();
        await leader.Locator("input[name=question2][value=true]").CheckAsync(new() { Force = true });
        await Expect(leader.Locator("[data-question=question3]")).ToBeVisibleAsync();
        await leader.Locator("textarea[name=question3]").FillAsync("Et netværk");
        await leader.Locator("button[value=next]").ClickAsync();
        await leader.Locator("form[action*='/submit'] button").ClickAsync();
        await Expect(leader.Locator("h1")).ToHaveTextAsync("Tak – dine svar er indsendt");

        await page.GotoAsync(Web("/Questionnaires/Details/1"));
        var total = page.Locator("tr.bo-total");
        await Expect(total.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Expect(total.Locator("td").Nth(3)).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("journey-monitoring"), FullPage = true });

        // A second leader answers on a PC, a third with JavaScript switched off.
        string LinkFor(string address) => Link().Match(smtp.ReceivedEmail.Single(m => m.ToAddresses.Any(a => a.Address == address)).MessageParts[0].BodyData).Groups[1].Value;
        await using (var desktop = await Chromium.NewContextAsync())
        {
            var anne = await desktop.NewPageAsync();
            await anne.GotoAsync(LinkFor("anne@test.example"));
            await anne.Locator("a.button-primary").ClickAsync();
            await anne.Locator("input[name=question2][value=true]").CheckAsync(new() { Force = true });
            await anne.Locator("textarea[name=question3]").FillAsync("Sproget");
            await anne.Locator("button[value=next]").ClickAsync();
            await anne.Locator("form[action*='/submit'] button").ClickAsync();
            await Expect(anne.Locator("h1")).ToHaveTextAsync("Tak – dine svar er indsendt");
        }
        await using (var noScript = await Chromium.NewContextAsync(javaScript: false))
        {
            var carl = await noScript.NewPageAsync();
            await carl.GotoAsync(LinkFor("carl@test.example"));
            await carl.Locator("a.button-primary").ClickAsync();
            await carl.Locator("input[name=question2][value=false]").CheckAsync(new() { Force = true });
            await carl.Locator("button[value=next]").ClickAsync();
            await carl.Locator("form[action*='/submit'] button").ClickAsync();
            await Expect(carl.Locator("h1")).ToHaveTextAsync("Tak – dine svar er indsendt");
        }

        // The secretariat records an interview on a published guide.
        var lifecycle = new Survey.Core.Questionnaires.QuestionnaireLifecycle(db.Database);
        var guide = (await lifecycle.CreateAsync("""
            { "title": "Interviewguide", "pages": [ { "name": "p1", "elements": [
              { "type": "radiogroup", "name": "changed", "title": "Har du skiftet sektor?", "isRequired": true,
                "choices": [ { "value": "yes", "text": "Ja" }, { "value": "no", "text": "Nej" } ] } ] } ] }
            """, new Survey.Core.Questionnaires.QuestionnaireSettings(Mode: Survey.Core.Questionnaires.Modes.Interview), "test")).Value;
        await lifecycle.PublishAsync(guide, "test");
        await page.GotoAsync(Web("/Interviews/Start"));
        await page.Locator("#Input_Name").FillAsync("Dorte Dahl");
        await page.Locator("#Input_Sector").SelectOptionAsync("region");
        await page.Locator("button", new() { HasText = "Start interviewet" }).ClickAsync();
        await page.Locator("input[name=changed][value=yes]").CheckAsync(new() { Force = true });
        await page.Locator("button", new() { HasText = "Gem og markér som færdigt" }).ClickAsync();
        await Expect(page.Locator(".badge")).ToHaveTextAsync("Færdig");

        // The taskforce downloads the summary as PDF and finds the numbers: two of three said yes.
        var taskforcePassword = (await new UserAccounts(db.Database).CreateAsync("taskforce@test.example", Roles.Taskforce, "test")).Value!;
        await using var taskforceContext = await Chromium.NewContextAsync();
        var taskforce = await taskforceContext.NewPageAsync();
        await taskforce.GotoAsync(Web("/Account/Login"));
        await taskforce.Locator("#Input_Email").FillAsync("taskforce@test.example");
        await taskforce.Locator("#Input_Password").FillAsync(taskforcePassword);
        await taskforce.Locator("button[type=submit]", new() { HasText = "Log ind" }).ClickAsync();
        await taskforce.GotoAsync(Web("/Reports/Summary/1?by=none"));
        var download = await taskforce.RunAndWaitForDownloadAsync(() => taskforce.Locator("a", new() { HasText = "Hent som PDF" }).ClickAsync());
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await download.PathAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        var section = text[text.IndexOf("Har du skiftet sektor?", text.IndexOf("Indhold", StringComparison.Ordinal) + 1, StringComparison.Ordinal)..];
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("Besvarelser 3"));
            Assert.That(section, Does.Contain("Ja 2 (66,7 %)"));
            Assert.That(section, Does.Contain("Nej 1 (33,3 %)"));
        });
    }
}
