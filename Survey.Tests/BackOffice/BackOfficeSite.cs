using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Survey.Tests.Sites;
using Survey.Web;
using Survey.Web.Users;

namespace Survey.Tests.BackOffice;

/// <summary>Survey.Web in the test process against its own SQLite file, with helpers to sign in as a role.</summary>
public sealed partial class BackOfficeSite : IAsyncDisposable
{
    public TestDatabase Db { get; } = new();
    public SiteFactory<WebMarker> Factory { get; }
    public UserAccounts Users => new(Db.Database);

    public BackOfficeSite(Dictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        Factory = new SiteFactory<WebMarker>(Db, settings, services);

    public HttpClient Anonymous() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client signed in through the login form as a new user of the role.</summary>
    public async Task<HttpClient> SignedInAsync(string role)
    {
        var email = $"{role}.{Guid.NewGuid():N}@test.example";
        var password = (await Users.CreateAsync(email, role, "test")).Value!;
        var client = Anonymous();
        await SignInCookieAsync(client, email, password);
        return client;
    }

    /// <summary>
    /// Signs in through the login form with <paramref name="client"/> (one that keeps cookies and does not
    /// follow redirects); the sign-in cookie as "name=value", to present to another instance.
    /// </summary>
    public static async Task<string> SignInCookieAsync(HttpClient client, string email, string password)
    {
        var signedIn = await PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "sign-in failed: " + await signedIn.Content.ReadAsStringAsync());
        return signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("survey.backoffice=", StringComparison.Ordinal)).Split(';')[0];
    }

    public async Task<string> ApiKeyAsync(string role)
    {
        var email = $"{role}.{Guid.NewGuid():N}@test.example";
        await Users.CreateAsync(email, role, "test");
        return (await Users.CreateApiKeyAsync(email, "test")).Value!;
    }

    public HttpClient Api(string key)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Posts a form the way a browser does: the anti-forgery token is read from the page first.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? path);
        var token = AntiForgeryToken().Match(page);
        Assert.That(token.Success, Is.True, "no anti-forgery token on " + (formPage ?? path));
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>Uploads a file in a form the way a browser does (multipart, with the page's anti-forgery token).</summary>
    public static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string path, string field, string fileName, byte[] bytes, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? path);
        var token = AntiForgeryToken().Match(page);
        Assert.That(token.Success, Is.True, "no anti-forgery token on " + (formPage ?? path));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), field, fileName },
        };
        return await client.PostAsync(path, form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        Db.Dispose();
    }
}
