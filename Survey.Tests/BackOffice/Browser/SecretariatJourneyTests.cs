using System.Net;
using System.Net.Sockets;
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

namespace Survey.Tests.BackOffice.Browser;

/// <summary>
/// The secretariat's whole round in Chromium, on both real sites sharing one database: build a
/// questionnaire with a condition, preview, publish, import leaders, invite by e-mail; a leader
/// answers from the link in the mail; the monitoring then shows one of three completed.
/// </summary>
public partial class SecretariatJourneyTests
{
    private sealed class Site<T>(string db, Dictionary<string, string?> settings) : WebApplicationFactory<T> where T : class
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Survey", db);
            foreach (var (k, v) in settings) builder.UseSetting(k, v);
            builder.UseEnvironment("Production");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"(http://127\.0\.0\.1:\d+/s/[A-Za-z0-9_-]{24})")]
    private static partial Regex Link();

    [Test]
    public async Task The_secretariat_builds_publishes_and_invites_and_sees_a_leaders_answer_arrive()
    {
        using var db = new TestDatabase();
        using var smtp = SimpleSmtpServer.Start(FreePort());
        await using var api = new Site<ApiMarker>(db.FilePath, []);
        api.UseKestrel(0);
        api.StartServer();
        var apiBase = api.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var web = new Site<WebMarker>(db.FilePath, new()
        {
            ["Survey:PublicBaseUrl"] = apiBase,
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Configuration.Port.ToString(),
            ["Smtp:Security"] = "None",
        });
        web.UseKestrel(0);
        web.StartServer();
        string Web(string path) => new Uri(web.ClientOptions.BaseAddress, path).ToString();

        var password = (await new UserAccounts(db.Database).CreateAsync("sekretariat@test.example", Roles.Secretariat, "test")).Value!;
        await using var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
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
        await page.Locator("button[value='add:0']").ClickAsync();
        await page.Locator("#type-0").SelectOptionAsync("comment");
        await page.Locator("button[value='add:0']").ClickAsync();
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
        await page.Locator("#BuildValue").FillAsync("true");
        await page.Locator("button[value=build]").ClickAsync();
        await Expect(page.Locator("#Input_VisibleIf")).ToHaveValueAsync("{question2} = true");
        await Expect(page.Locator("#condition-check")).ToHaveTextAsync("");
        await page.Locator("#Input_VisibleIf").PressSequentiallyAsync(" ");
        await Expect(page.Locator("#condition-check")).ToHaveTextAsync("Betingelsen er gyldig.");
        await page.Locator("button[value=save]").ClickAsync();
        await Expect(page.Locator(".bo-editor-element").Nth(2)).ToContainTextAsync("{question2} = true");

        // Preview on the public site, then publish.
        await page.Locator("a", new() { HasText = "Forhåndsvis" }).First.ClickAsync();
        await Expect(page.Locator(".preview-banner")).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Lille prøve");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("journey-preview"), FullPage = true });
        await page.GotoAsync(Web("/Questionnaires/Details/1"));
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
    }
}
