using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Web;
using Survey.Web.Demo;
using Survey.Web.Users;

namespace Survey.Tests.Sites;

/// <summary>A wrong setting stops the site at start with one line naming the key, the value and what is allowed.</summary>
public class SettingsTests
{
    [TestCase("Survey.Api", "--urls=http://127.0.0.1:abc", "Urls is \"http://127.0.0.1:abc\": addresses such as http://127.0.0.1:5080")]
    [TestCase("Survey.Web", "--urls=http://127.0.0.1:70000", "Urls is \"http://127.0.0.1:70000\"")]
    [TestCase("Survey.Web", "--Smtp:Port=70000", "Smtp:Port is \"70000\": a port from 1 to 65535")]
    [TestCase("Survey.Web", "--Smtp:Port=abc", "Smtp:Port is \"abc\": a whole number")]
    [TestCase("Survey.Web", "--Smtp:Security=Maybe", "Smtp:Security is \"Maybe\": one of None, StartTls, StartTlsWhenAvailable, SslOnConnect")]
    [TestCase("Survey.Web", "--Smtp:Sender=nobody", "Smtp:Sender is \"nobody\"")]
    [TestCase("Survey.Api", "--Survey:FailedTokenLookupsPerMinute=0", "Survey:FailedTokenLookupsPerMinute is \"0\": a whole number from 1 to 1000000")]
    [TestCase("Survey.Api", "--Survey:OpenLinksPerMinute=many", "Survey:OpenLinksPerMinute is \"many\": a whole number")]
    [TestCase("Survey.Web", "--Survey:PublicBaseUrl=survey.example.dk", "Survey:PublicBaseUrl is \"survey.example.dk\": an absolute http:// or https:// address")]
    [TestCase("Survey.Web", "--Survey:DataProtection:Certificate=/no/such/keys.pfx", "Survey:DataProtection:Certificate is \"/no/such/keys.pfx\": the path of a PKCS#12 (.pfx) file that exists")]
    [TestCase("Survey.Web", "--Survey:DataProtection:Certificate=/etc/hostname", "Survey:DataProtection:Certificate is \"/etc/hostname\": a PKCS#12 file this password opens")]
    [TestCase("Survey.Web", "--Survey:MinGroupSize=2", "Survey:MinGroupSize is \"2\": a whole number from 3 to 1000")]
    [TestCase("Survey.Web", "--Reports:LogoPath=/no/such/logo.png", "Reports:LogoPath is \"/no/such/logo.png\": a PNG or JPEG file that exists")]
    [TestCase("Survey.Web", "--Reports:LogoPath=/etc/hostname", "Reports:LogoPath is \"/etc/hostname\": a PNG or JPEG file (this one cannot be read as an image)")]
    [TestCase("Survey.Api", "--PublicSite:ContactEmail=sekretariatet", "PublicSite:ContactEmail is \"sekretariatet\": one e-mail address")]
    [TestCase("Survey.Api", "--PublicSite:PrivacyUrl=javascript:alert(1)", "PublicSite:PrivacyUrl is \"javascript:alert(1)\": an http or https address, or a path on this site")]
    [TestCase("Survey.Api", "--PublicSite:AccessibilityUrl=//evil.example", "PublicSite:AccessibilityUrl is \"//evil.example\": an http or https address")]
    [TestCase("Survey.Api", "--Survey:MaxRequestBytes=10", "Survey:MaxRequestBytes is \"10\": a number of bytes from 1024")]
    public void A_wrong_setting_stops_the_site_with_one_line(string site, string setting, string says)
    {
        var (code, error) = StoreConfigurationTests.Start(site, setting);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), error);
            Assert.That(lines, Has.Length.EqualTo(1), error);
            Assert.That(lines.FirstOrDefault(), Does.StartWith("Survey: " + says), error);
        });
    }

    [Test]
    public void Several_wrong_settings_are_each_named_on_a_line_of_their_own()
    {
        var (code, error) = StoreConfigurationTests.Start("Survey.Web", "--Smtp:Port=0", "--Survey:PublicBaseUrl=ftp://x");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(lines, Has.Length.EqualTo(2), error);
            Assert.That(error, Does.Contain("Smtp:Port is \"0\"").And.Contain("Survey:PublicBaseUrl is \"ftp://x\""));
        });
    }

    [Test]
    public async Task A_configured_small_group_minimum_is_where_new_questionnaires_start()
    {
        using var db = new TestDatabase();
        await using var site = new SiteFactory<WebMarker>(db, new() { ["Survey:MinGroupSize"] = "8" });
        var users = new UserAccounts(db.Database);
        await users.CreateAsync("min@test.example", Roles.Admin, "test");
        using var http = site.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await users.CreateApiKeyAsync("min@test.example", "test")).Value!);
        var created = await http.PostAsJsonAsync("/api/v1/admin/questionnaires", new JsonObject
        {
            ["definition"] = JsonNode.Parse(DemoSeeder.ReadDefinition("leader-mobility.json")),
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        await using var c = await db.Database.OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<int>("SELECT min_group_size FROM questionnaires WHERE id = @id", new { id }), Is.EqualTo(8));
    }
}
