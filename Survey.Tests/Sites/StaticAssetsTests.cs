using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Survey.Tests.BackOffice;
using Survey.Web.Users;

namespace Survey.Tests.Sites;

/// <summary>
/// The files a page needs come by fingerprinted names; the pages themselves come compressed; no
/// font but WOFF2, and a favicon. That the files are kept for a year and come compressed as built
/// holds for a published site (a build's output serves them as it would in development), which
/// <see cref="ReleaseTests"/> checks on the release.
/// </summary>
public partial class StaticAssetsTests
{
    [GeneratedRegex("""(?:href|src)="(/[^"]+\.(?:css|js|svg))"[^>]*""")]
    private static partial Regex AssetLink();

    private static List<string> Links(string html) => AssetLink().Matches(html).Select(m => m.Groups[1].Value).ToList();

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? encoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (encoding is not null) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        return await http.SendAsync(request);
    }

    /// <summary>Each link names its file by its content, and the file is there; with <paramref name="published"/>, kept for a year and compressed as built.</summary>
    internal static async Task AssertFingerprintedAsync(HttpClient http, IReadOnlyList<string> links, bool published = false)
    {
        Assert.That(links, Is.Not.Empty);
        foreach (var link in links)
        {
            Assert.That(link, Does.Match(@"\.[a-z0-9]{8,}\.(css|js|svg)$"), $"{link} is named by its content");
            using var file = await GetAsync(http, link, "br");
            Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK), link);
            if (!published) continue;
            Assert.Multiple(() =>
            {
                Assert.That(file.Headers.CacheControl?.ToString(), Is.EqualTo("max-age=31536000, immutable"), link);
                Assert.That(file.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }), $"{link} comes compressed as built");
            });
        }
    }

    internal static async Task<List<string>> LinksOfAsync(HttpClient http, string path) =>
        Links(await (await http.GetAsync(path)).Content.ReadAsStringAsync());

    [Test]
    public async Task A_leaders_page_links_its_files_by_fingerprinted_names_and_comes_compressed()
    {
        await using var site = await PublicSite.StartAsync();
        var token = await site.InviteAsync();
        using var http = site.CreateClient();
        var page = await GetAsync(http, $"/s/{token}/p/about-you", "br");
        var html = await (await GetAsync(http, $"/s/{token}/p/about-you")).Content.ReadAsStringAsync();
        var links = Links(html);
        Assert.Multiple(() =>
        {
            Assert.That(page.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }), "the page itself is compressed");
            Assert.That(page.Headers.CacheControl?.ToString(), Is.EqualTo("no-store"), "but never kept");
            Assert.That(links, Has.Some.Contains("/css/respond."), html);
            Assert.That(links, Has.Some.Contains("/lib/dkfds/css/dkfds.min."));
            Assert.That(links, Has.Some.Contains("/js/respond."));
            Assert.That(links, Has.Some.Contains("/favicon."), "a favicon is linked, so the browser does not ask for /favicon.ico");
        });
        await AssertFingerprintedAsync(http, links);
    }

    [Test]
    public async Task The_back_office_links_its_files_by_fingerprinted_names()
    {
        await using var site = new BackOfficeSite();
        using var http = await site.SignedInAsync(Roles.Admin);
        var html = await (await http.GetAsync("/")).Content.ReadAsStringAsync();
        var links = Links(html);
        Assert.That(links, Has.Some.Contains("/css/backoffice.").And.Some.Contains("/js/backoffice.").And.Some.Contains("/favicon."), html);
        await AssertFingerprintedAsync(http, links);
    }

    [Test]
    public async Task The_design_systems_fonts_are_served_as_woff2_only()
    {
        await using var site = await PublicSite.StartAsync();
        using var http = site.CreateClient();
        var css = await (await http.GetAsync("/lib/dkfds/css/dkfds.min.css")).Content.ReadAsStringAsync();
        var fonts = Regex.Matches(css, @"url\(\.\./fonts/([^)]+)\)").Select(m => "/lib/dkfds/fonts/" + m.Groups[1].Value).Distinct().ToList();
        var served = new List<string>();
        foreach (var font in fonts)
        {
            if ((await http.GetAsync(font)).StatusCode == HttpStatusCode.OK) served.Add(font);
        }
        Assert.That(served, Is.Not.Empty.And.All.EndsWith(".woff2"));
        Assert.That(served, Has.Some.Contains("IBMPlexSans-Regular.woff2").And.Some.Contains("IBMPlexSans-SemiBold.woff2"));
    }
}
