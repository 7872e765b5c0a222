using System.Net;
using Survey.Tests.BackOffice;
using Survey.Tests.Sites;
using Survey.Web.Users;

namespace Survey.Tests.Faults;

/// <summary>Simple input found answering 500; each must be a 4xx or a message next to the field.</summary>
public class SimpleInputTests
{
    /// <summary>As typed in the address bar: %5C is a backslash, which browsers read as a slash, and %09 a tab, which they drop.</summary>
    [TestCase("/%5Cevil.example")]
    [TestCase("//evil.example")]
    [TestCase("https://evil.example")]
    [TestCase("/%09/evil.example")]
    [TestCase("%2F%5Cevil.example")]
    public async Task The_language_switch_goes_home_instead_of_to_another_host(string returnUrl)
    {
        await using var site = new BackOfficeSite();
        using var client = site.Anonymous();
        var response = await client.GetAsync("/language?lang=en&returnUrl=" + returnUrl);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/"));
        });
    }

    [Test]
    public async Task The_language_switch_returns_to_a_page_of_the_site()
    {
        await using var site = new BackOfficeSite();
        using var client = site.Anonymous();
        var response = await client.GetAsync("/language?lang=en&returnUrl=" + Uri.EscapeDataString("/Contacts?x=1"));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/Contacts?x=1"));
    }

    [Test]
    public async Task A_new_user_with_an_empty_email_gets_a_message_next_to_the_field()
    {
        await using var site = new BackOfficeSite();
        using var admin = await site.SignedInAsync(Roles.Admin);
        var response = await BackOfficeSite.PostFormAsync(admin, "/Admin/Users", new() { ["Input.Email"] = "", ["Input.Role"] = Roles.Taskforce });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page, Does.Contain("form-error"));
        });
    }

    [Test]
    public async Task Unknown_preview_links_are_rate_limited_like_unknown_personal_links()
    {
        await using var site = await PublicSite.StartAsync(new() { ["Survey:FailedTokenLookupsPerMinute"] = "3" });
        using var http = site.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await http.GetAsync("/p/" + new string((char)('A' + i), 24))).StatusCode);
        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }));
    }
}
