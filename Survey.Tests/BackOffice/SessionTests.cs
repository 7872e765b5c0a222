using System.Net;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Survey.Web;
using Survey.Web.Users;

namespace Survey.Tests.BackOffice;

/// <summary>Sessions end when they should: a saved copy of the cookie must stop working, not live on for hours.</summary>
public class SessionTests
{
    private BackOfficeSite _site = null!;

    [SetUp]
    public void SetUp() => _site = new BackOfficeSite();

    [TearDown]
    public async Task TearDown() => await _site.DisposeAsync();

    private sealed record Session(HttpClient Client, string Cookie, string Email, string Password, long Id);

    /// <summary>Signs in through the form and keeps the session cookie, as someone copying it from the browser would.</summary>
    private async Task<Session> SignInAsync(string role)
    {
        var email = $"{role}.{Guid.NewGuid():N}@test.example";
        var password = (await _site.Users.CreateAsync(email, role, "test")).Value!;
        var client = _site.Anonymous();
        var response = await BackOfficeSite.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "sign-in failed");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("survey.backoffice=", StringComparison.Ordinal)).Split(';')[0];
        return new Session(client, cookie, email, password, (await _site.Users.FindAsync(email))!.Id);
    }

    private async Task<HttpStatusCode> WithSavedCookieAsync(string cookie, string path = "/")
    {
        using var client = _site.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Test]
    public async Task Signing_out_ends_a_saved_copy_of_the_cookie()
    {
        var session = await SignInAsync(Roles.Secretariat);
        var before = await WithSavedCookieAsync(session.Cookie);
        await BackOfficeSite.PostFormAsync(session.Client, "/Account/Logout", [], formPage: "/");
        Assert.Multiple(async () =>
        {
            Assert.That(before, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await WithSavedCookieAsync(session.Cookie), Is.EqualTo(HttpStatusCode.Redirect));
        });
    }

    [Test]
    public async Task A_password_change_or_reset_ends_every_session_of_the_user()
    {
        var changer = await SignInAsync(Roles.Secretariat);
        var elsewhere = await SignInAsync(Roles.Secretariat);
        var changed = await BackOfficeSite.PostFormAsync(changer.Client, "/Account/ChangePassword", new()
        {
            ["Input.CurrentPassword"] = changer.Password, ["Input.NewPassword"] = "a-new-long-password",
        });
        await _site.Users.ResetPasswordAsync(elsewhere.Id, "test");
        Assert.Multiple(async () =>
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the change went through");
            Assert.That(await WithSavedCookieAsync(changer.Cookie), Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(await WithSavedCookieAsync(elsewhere.Cookie), Is.EqualTo(HttpStatusCode.Redirect));
        });
    }

    [Test]
    public async Task A_session_ends_twelve_hours_after_sign_in_however_often_it_is_used()
    {
        var user = (await _site.Users.FindAsync((await SignInAsync(Roles.Taskforce)).Email))!;
        var options = _site.Factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        string CookieSignedInAt(DateTime signedIn)
        {
            var principal = new ClaimsPrincipal(new ClaimsIdentity(UserAccounts.SessionClaims(user, signedIn), CookieAuthenticationDefaults.AuthenticationScheme));
            // Issued just now, as a sliding renewal would have it: only the sign-in time is old.
            var properties = new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(8) };
            var ticket = new AuthenticationTicket(principal, properties, CookieAuthenticationDefaults.AuthenticationScheme);
            return "survey.backoffice=" + options.TicketDataFormat.Protect(ticket);
        }
        Assert.Multiple(async () =>
        {
            Assert.That(await WithSavedCookieAsync(CookieSignedInAt(DateTime.UtcNow.AddHours(-11))), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await WithSavedCookieAsync(CookieSignedInAt(DateTime.UtcNow.AddHours(-13))), Is.EqualTo(HttpStatusCode.Redirect));
        });
    }

    [Test]
    public async Task An_admin_disables_a_user_whose_sessions_and_keys_stop_at_once_and_enables_them_again()
    {
        using var admin = await _site.SignedInAsync(Roles.Admin);
        var user = await SignInAsync(Roles.Secretariat);
        var key = (await _site.Users.CreateApiKeyAsync(user.Email, "test")).Value!;
        using var api = _site.Api(key);
        var keyBefore = (await api.GetAsync("/api/v1/admin/contacts")).StatusCode;

        var disabled = await BackOfficeSite.PostFormAsync(admin, $"/Admin/Users?handler=Disable&userId={user.Id}", [], formPage: "/Admin/Users");
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Users"));
        using var again = _site.Anonymous();
        var login = await BackOfficeSite.PostFormAsync(again, "/Account/Login", new() { ["Input.Email"] = user.Email, ["Input.Password"] = user.Password });
        var afterDisable = (await WithSavedCookieAsync(user.Cookie), (await api.GetAsync("/api/v1/admin/contacts")).StatusCode, login.StatusCode);

        await BackOfficeSite.PostFormAsync(admin, $"/Admin/Users?handler=Enable&userId={user.Id}", [], formPage: "/Admin/Users");
        using var enabled = _site.Anonymous();
        var loginAgain = await BackOfficeSite.PostFormAsync(enabled, "/Account/Login", new() { ["Input.Email"] = user.Email, ["Input.Password"] = user.Password });
        await using var c = await _site.Db.Database.OpenAsync();
        var audit = c.Query<string>("SELECT action FROM audit_log WHERE entity = 'user' AND entity_id = @id", new { id = user.Id.ToString() }).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(keyBefore, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(page, Does.Contain(user.Email + " er spærret"));
            Assert.That(afterDisable, Is.EqualTo((HttpStatusCode.Redirect, HttpStatusCode.Unauthorized, HttpStatusCode.OK)),
                "the saved cookie, the API key and a new sign-in all stop working");
            Assert.That(loginAgain.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "enabled again, the user can sign in");
            Assert.That(audit, Is.SupersetOf(new[] { "disable", "enable" }));
        });
    }

    [Test]
    public async Task A_role_change_ends_the_users_sessions_and_revokes_their_keys()
    {
        using var admin = await _site.SignedInAsync(Roles.Admin);
        var user = await SignInAsync(Roles.Secretariat);
        var key = (await _site.Users.CreateApiKeyAsync(user.Email, "test")).Value!;
        var changed = await BackOfficeSite.PostFormAsync(admin, $"/Admin/Users?handler=Role&userId={user.Id}", new() { ["role"] = Roles.Taskforce }, formPage: "/Admin/Users");
        using var api = _site.Api(key);
        Assert.Multiple(async () =>
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((await _site.Users.GetAsync(user.Id))!.Role, Is.EqualTo(Roles.Taskforce));
            Assert.That(await WithSavedCookieAsync(user.Cookie), Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((await api.GetAsync("/api/v1/admin/contacts")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task The_last_active_admin_can_be_neither_disabled_demoted_nor_deleted()
    {
        var admin = await SignInAsync(Roles.Admin);
        await BackOfficeSite.PostFormAsync(admin.Client, "/Admin/Users", new() { ["Input.Email"] = $"made.{Guid.NewGuid():N}@test.example", ["Input.Role"] = Roles.Taskforce });
        var disable = await BackOfficeSite.PostFormAsync(admin.Client, $"/Admin/Users?handler=Disable&userId={admin.Id}", [], formPage: "/Admin/Users");
        var demote = await BackOfficeSite.PostFormAsync(admin.Client, $"/Admin/Users?handler=Role&userId={admin.Id}", new() { ["role"] = Roles.Secretariat }, formPage: "/Admin/Users");
        var delete = await BackOfficeSite.PostFormAsync(admin.Client, $"/Admin/Users?handler=Delete&userId={admin.Id}", [], formPage: "/Admin/Users");
        var deleteText = WebUtility.HtmlDecode(await delete.Content.ReadAsStringAsync());
        // With a second admin, the first may go; the audit trail of what they did stays.
        var second = await SignInAsync(Roles.Admin);
        var deleted = await BackOfficeSite.PostFormAsync(second.Client, $"/Admin/Users?handler=Delete&userId={admin.Id}", [], formPage: "/Admin/Users");
        await using var c = await _site.Db.Database.OpenAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(disable.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the page again with the reason, nothing changed");
            Assert.That(demote.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(deleteText, Does.Contain("sidste aktive administrator"));
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(await _site.Users.GetAsync(admin.Id), Is.Null);
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'delete' AND entity = 'user'"), Is.EqualTo(1));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE actor = @Email", new { admin.Email }), Is.GreaterThan(0),
                "what the deleted admin did stays under their e-mail");
        });
    }

    [Test]
    public async Task The_command_line_disables_changes_roles_and_revokes_keys()
    {
        var email = $"cli.{Guid.NewGuid():N}@test.example";
        await _site.Users.CreateAsync(email, Roles.Secretariat, "test");
        await _site.Users.CreateApiKeyAsync(email, "test");
        await _site.Users.CreateApiKeyAsync(email, "test");
        var services = _site.Factory.Services;
        async Task<int> Run(params string[] args) => await CommandLine.RunAsync(args, services, TextWriter.Null, TextWriter.Null);
        var revoke = await Run("revoke-api-keys", "--email", email);
        var role = await Run("set-role", "--email", email, "--role", Roles.Interviewer);
        var badRole = await Run("set-role", "--email", email, "--role", "king");
        var disable = await Run("disable-user", "--email", email);
        var unknown = await Run("disable-user", "--email", "nobody@test.example");
        var user = (await _site.Users.FindAsync(email))!;
        Assert.Multiple(async () =>
        {
            Assert.That((revoke, role, badRole, disable, unknown), Is.EqualTo((0, 0, 1, 0, 1)));
            Assert.That(user.Role, Is.EqualTo(Roles.Interviewer));
            Assert.That(user.IsDisabled, Is.True);
            Assert.That((await _site.Users.ListApiKeysAsync(user.Id)).Select(k => k.RevokedAt), Is.All.Not.Null);
        });
    }
}

public class LockoutTests
{
    [Test]
    public async Task Forty_wrong_passwords_at_once_get_no_more_than_five_checked_guesses()
    {
        using var db = new TestDatabase();
        var users = new UserAccounts(db.Database);
        var email = $"target.{Guid.NewGuid():N}@test.example";
        var password = (await users.CreateAsync(email, Roles.Admin, "test")).Value!;
        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => users.SignInAsync(email, "wrong" + i))));
        var right = await users.SignInAsync(email, password);
        Assert.Multiple(() =>
        {
            // Invalid means the guess was checked and found wrong; the fifth checked guess is answered with the lock.
            Assert.That(attempts.Count(a => a.Result == SignInOutcome.Invalid), Is.EqualTo(UserAccounts.MaxFailedLogins - 1));
            Assert.That(attempts.Count(a => a.Result == SignInOutcome.LockedOut), Is.EqualTo(40 - (UserAccounts.MaxFailedLogins - 1)));
            Assert.That(right.Result, Is.EqualTo(SignInOutcome.LockedOut), "locked even for the right password");
        });
    }

    [Test]
    public async Task An_unknown_email_is_answered_exactly_like_a_known_one_lock_message_included()
    {
        await using var site = new BackOfficeSite();
        var known = $"known.{Guid.NewGuid():N}@test.example";
        await site.Users.CreateAsync(known, Roles.Secretariat, "test");
        async Task<List<string>> Messages(string email)
        {
            using var client = site.Anonymous();
            var messages = new List<string>();
            for (var i = 0; i < UserAccounts.MaxFailedLogins + 1; i++)
            {
                var page = WebUtility.HtmlDecode(await (await BackOfficeSite.PostFormAsync(client, "/Account/Login",
                    new() { ["Input.Email"] = email, ["Input.Password"] = "wrong" + i })).Content.ReadAsStringAsync());
                messages.Add(System.Text.RegularExpressions.Regex.Match(page, "class=\"form-error-message[^\"]*\"[^>]*>([^<]+)<").Groups[1].Value);
            }
            return messages;
        }
        var forKnown = await Messages(known);
        var forUnknown = await Messages($"nobody.{Guid.NewGuid():N}@test.example");
        Assert.Multiple(() =>
        {
            Assert.That(forUnknown, Is.EqualTo(forKnown));
            Assert.That(forUnknown[^1], Does.Contain("spærret"));
        });
    }
}
