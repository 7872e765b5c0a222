using System.Net;
using Survey.Tests.BackOffice;
using Survey.Web.Users;

namespace Survey.Tests.Sites;

public class HttpHygieneTests
{
    internal static async Task<HttpStatusCode> UnknownLinkFromAsync(HttpClient http, string? forwardedFor, string? proto = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/respond/" + new string('x', 22));
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
        return (await http.SendAsync(request)).StatusCode;
    }

    [Test]
    public async Task Behind_a_configured_proxy_the_rate_limit_sees_the_clients_address()
    {
        await using var site = await PublicSite.StartAsync(new()
        {
            ["Survey:FailedTokenLookupsPerMinute"] = "3",
            ["Survey:ForwardedHeaders:KnownProxies"] = "127.0.0.1,::1",
        });
        using var http = site.CreateClient();
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) first.Add(await UnknownLinkFromAsync(http, "203.0.113.1"));
        var other = await UnknownLinkFromAsync(http, "203.0.113.2");
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new[] { HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }));
            Assert.That(other, Is.EqualTo(HttpStatusCode.NotFound), "another client behind the same proxy has its own count");
        });
    }

    [Test]
    public async Task Without_a_configured_proxy_nobody_can_choose_their_address_by_a_header()
    {
        await using var site = await PublicSite.StartAsync(new() { ["Survey:FailedTokenLookupsPerMinute"] = "3" });
        using var http = site.CreateClient();
        for (var i = 0; i < 3; i++) await UnknownLinkFromAsync(http, $"198.51.100.{i}");
        Assert.That(await UnknownLinkFromAsync(http, "198.51.100.99"), Is.EqualTo(HttpStatusCode.TooManyRequests),
            "a made-up X-Forwarded-For does not give a fresh count");
    }

    [Test]
    public async Task Hsts_is_sent_over_https_only_and_forwarded_https_comes_only_from_a_known_proxy()
    {
        await using var trusted = await PublicSite.StartAsync(new() { ["Survey:ForwardedHeaders:KnownProxies"] = "127.0.0.1,::1" });
        await using var untrusted = await PublicSite.StartAsync();
        async Task<bool> HasHsts(PublicSite site, string? proto)
        {
            using var http = site.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
            if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
            return (await http.SendAsync(request)).Headers.Contains("Strict-Transport-Security");
        }
        Assert.Multiple(async () =>
        {
            Assert.That(await HasHsts(trusted, "https"), Is.True);
            Assert.That(await HasHsts(trusted, null), Is.False, "not over plain HTTP");
            Assert.That(await HasHsts(untrusted, "https"), Is.False, "the header of a client that is not a proxy is ignored");
        });
    }

    [Test]
    public async Task Pages_answers_and_downloads_with_personal_data_are_never_stored_by_a_browser()
    {
        await using var site = await PublicSite.StartAsync();
        var token = await site.InviteAsync();
        using var http = site.CreateClient();
        string? CacheOf(HttpResponseMessage r) => r.Headers.CacheControl?.ToString();
        var page = await http.GetAsync($"/s/{token}");
        var api = await http.GetAsync($"/api/v1/respond/{token}");
        var css = await http.GetAsync("/css/respond.css");

        await using var backOffice = new BackOfficeSite();
        using var admin = backOffice.Api(await backOffice.ApiKeyAsync(Roles.Admin));
        var contacts = await admin.GetAsync("/api/v1/admin/contacts");
        using var signedIn = await backOffice.SignedInAsync(Roles.Secretariat);
        var contactsPage = await signedIn.GetAsync("/Contacts");
        Assert.Multiple(() =>
        {
            Assert.That(CacheOf(page), Does.Contain("no-store"));
            Assert.That(CacheOf(api), Is.EqualTo("no-store"));
            Assert.That(CacheOf(contacts), Is.EqualTo("no-store"));
            Assert.That(CacheOf(contactsPage), Does.Contain("no-store"));
            Assert.That(css.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(CacheOf(css), Is.EqualTo("no-cache"), "static files may be kept and checked again");
        });
    }
}
