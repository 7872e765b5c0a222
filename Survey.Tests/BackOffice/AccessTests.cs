using System.Net;
using Survey.Web.Users;

namespace Survey.Tests.BackOffice;

public class AccessTests
{
    private BackOfficeSite _site = null!;

    [OneTimeSetUp]
    public void Start() => _site = new BackOfficeSite();

    [OneTimeTearDown]
    public async Task Stop() => await _site.DisposeAsync();

    [TestCase("/")]
    [TestCase("/Questionnaires")]
    [TestCase("/Contacts")]
    [TestCase("/Admin/Users")]
    public async Task Without_signing_in_every_page_redirects_to_the_login(string path)
    {
        using var client = _site.Anonymous();
        var response = await client.GetAsync(path);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location!.ToString(), Does.Contain("/Account/Login"));
        });
    }

    // Each role against each area: true means allowed, false means refused (403 page).
    [TestCase(Roles.Admin, "/", true)]
    [TestCase(Roles.Admin, "/Questionnaires", true)]
    [TestCase(Roles.Admin, "/Contacts", true)]
    [TestCase(Roles.Admin, "/Admin/Users", true)]
    [TestCase(Roles.Admin, "/Admin/Audit", true)]
    [TestCase(Roles.Secretariat, "/", true)]
    [TestCase(Roles.Secretariat, "/Questionnaires", true)]
    [TestCase(Roles.Secretariat, "/Questionnaires/Create", true)]
    [TestCase(Roles.Secretariat, "/Contacts", true)]
    [TestCase(Roles.Secretariat, "/Contacts/Import", true)]
    [TestCase(Roles.Secretariat, "/Admin/Users", false)]
    [TestCase(Roles.Secretariat, "/Admin/Audit", false)]
    [TestCase(Roles.Interviewer, "/", true)]
    [TestCase(Roles.Interviewer, "/Questionnaires", false)]
    [TestCase(Roles.Interviewer, "/Contacts", false)]
    [TestCase(Roles.Interviewer, "/Admin/Users", false)]
    [TestCase(Roles.Taskforce, "/", true)]
    [TestCase(Roles.Taskforce, "/Questionnaires", false)]
    [TestCase(Roles.Taskforce, "/Contacts/Import", false)]
    [TestCase(Roles.Taskforce, "/Admin/Audit", false)]
    [TestCase(Roles.Taskforce, "/Account/ApiKeys", true)]
    public async Task Each_role_reaches_only_its_areas(string role, string path, bool allowed)
    {
        using var client = await _site.SignedInAsync(role);
        var response = await client.GetAsync(path);
        if (allowed) Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        else Assert.That(response.Headers.Location?.ToString(), Does.Contain("/Account/Forbidden"));
    }

    [Test]
    public async Task The_forbidden_page_answers_403()
    {
        using var client = await _site.SignedInAsync(Roles.Taskforce);
        Assert.That((await client.GetAsync("/Account/Forbidden")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Repeated_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var email = $"lock.{Guid.NewGuid():N}@test.example";
        var password = (await _site.Users.CreateAsync(email, Roles.Secretariat, "test")).Value!;
        using var client = _site.Anonymous();
        for (var i = 0; i < UserAccounts.MaxFailedLogins; i++)
            await BackOfficeSite.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = "wrong" + i });
        var right = await BackOfficeSite.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        var page = WebUtility.HtmlDecode(await right.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the login page is shown again, not a redirect");
            Assert.That(page, Does.Contain("spærret"));
        });
    }

    [Test]
    public async Task An_admin_gives_a_locked_out_user_a_new_password_shown_once_and_only_an_admin_may()
    {
        var email = $"forgot.{Guid.NewGuid():N}@test.example";
        var old = (await _site.Users.CreateAsync(email, Roles.Secretariat, "test")).Value!;
        var id = (await _site.Users.FindAsync(email))!.Id;
        using var someone = _site.Anonymous();
        for (var i = 0; i < UserAccounts.MaxFailedLogins; i++)
            await BackOfficeSite.PostFormAsync(someone, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = "wrong" + i });

        using var secretariat = await _site.SignedInAsync(Roles.Secretariat);
        var refused = await BackOfficeSite.PostFormAsync(secretariat, $"/Admin/Users?handler=Reset&userId={id}", new(), formPage: "/Account/ChangePassword");
        using var admin = await _site.SignedInAsync(Roles.Admin);
        var reset = await BackOfficeSite.PostFormAsync(admin, $"/Admin/Users?handler=Reset&userId={id}", new(), formPage: "/Admin/Users");
        var page = await reset.Content.ReadAsStringAsync();
        var password = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "<code class=\"bo-secret\">([^<]+)</code>").Groups[1].Value);

        using var user = _site.Anonymous();
        var withOld = await BackOfficeSite.PostFormAsync(user, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = old });
        var withNew = await BackOfficeSite.PostFormAsync(user, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        var again = await admin.GetStringAsync("/Admin/Users");
        await using var c = await _site.Db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(refused.Headers.Location?.ToString(), Does.Contain("/Account/Forbidden"));
            Assert.That(WebUtility.HtmlDecode(page), Does.Contain(email + " har fået en ny adgangskode"));
            Assert.That(password, Has.Length.GreaterThanOrEqualTo(16));
            Assert.That(withOld.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the old password no longer signs in");
            Assert.That(withNew.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the new one does, the lockout lifted");
            Assert.That(again, Does.Not.Contain(password), "shown once");
            Assert.That(Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT COUNT(*) FROM audit_log WHERE action = 'reset-password' AND entity_id = @id", new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_wrong_password_is_shown_next_to_the_field()
    {
        var email = $"wrong.{Guid.NewGuid():N}@test.example";
        await _site.Users.CreateAsync(email, Roles.Secretariat, "test");
        using var client = _site.Anonymous();
        var response = await BackOfficeSite.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = "nope" });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.That(page, Does.Contain("E-mail eller adgangskode er forkert.").And.Contain("error-summary"));
    }

    [Test]
    public async Task A_form_posted_without_the_anti_forgery_token_is_refused()
    {
        using var client = await _site.SignedInAsync(Roles.Admin);
        var response = await client.PostAsync("/Admin/Users", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@test.example", ["Input.Role"] = "admin" }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Changing_the_password_makes_the_new_one_work()
    {
        var email = $"change.{Guid.NewGuid():N}@test.example";
        var password = (await _site.Users.CreateAsync(email, Roles.Secretariat, "test")).Value!;
        using var client = _site.Anonymous();
        await BackOfficeSite.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        var tooShort = await BackOfficeSite.PostFormAsync(client, "/Account/ChangePassword", new() { ["Input.CurrentPassword"] = password, ["Input.NewPassword"] = "short" });
        var changed = await BackOfficeSite.PostFormAsync(client, "/Account/ChangePassword", new() { ["Input.CurrentPassword"] = password, ["Input.NewPassword"] = "a-much-longer-passphrase" });
        var (result, _) = await _site.Users.SignInAsync(email, "a-much-longer-passphrase");
        Assert.Multiple(() =>
        {
            Assert.That(tooShort.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(result, Is.EqualTo(SignInOutcome.Success));
        });
    }

    [Test]
    public async Task Back_office_pages_send_security_headers()
    {
        using var client = _site.Anonymous();
        var response = await client.GetAsync("/Account/Login");
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("frame-ancestors 'none'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        });
    }

    [Test]
    public async Task A_missing_page_is_an_html_page_for_people_and_problem_details_for_scripts()
    {
        using var client = await _site.SignedInAsync(Roles.Admin);
        var page = await client.GetAsync("/no/such/page");
        var api = await client.GetAsync("/api/v1/admin/nothing-here");
        Assert.Multiple(async () =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(page.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            Assert.That(WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), Does.Contain("Siden findes ikke"));
            Assert.That(api.Content.Headers.ContentType?.MediaType, Is.Not.EqualTo("text/html"));
        });
    }

    [Test]
    public async Task The_language_switch_is_remembered_for_the_back_office()
    {
        using var client = _site.Anonymous();
        var switched = await client.GetAsync("/language?lang=en&returnUrl=%2FAccount%2FLogin");
        var cookie = switched.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
        var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        var page = WebUtility.HtmlDecode(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        var offsite = await client.GetAsync("/language?lang=en&returnUrl=https%3A%2F%2Fevil.example");
        Assert.Multiple(() =>
        {
            Assert.That(switched.Headers.Location!.ToString(), Is.EqualTo("/Account/Login"));
            Assert.That(page, Does.Contain("<html lang=\"en\">").And.Contain("Sign in"));
            Assert.That(offsite.Headers.Location!.ToString(), Is.EqualTo("/"), "no redirect away from the site");
        });
    }

    [TestCase(Roles.Taskforce, true)]
    [TestCase(Roles.Secretariat, true)]
    [TestCase(Roles.Admin, true)]
    [TestCase(Roles.Interviewer, false)]
    public async Task The_summary_page_is_for_the_taskforce_secretariat_and_admins(string role, bool allowed)
    {
        var lifecycle = new Survey.Core.Questionnaires.QuestionnaireLifecycle(_site.Db.Database);
        var id = (await lifecycle.CreateAsync(Survey.Tests.Questionnaires.Definitions.Minimal().ToJsonString(), new Survey.Core.Questionnaires.QuestionnaireSettings(), "test")).Value;
        await lifecycle.PublishAsync(id, "test");
        using var client = await _site.SignedInAsync(role);
        var response = await client.GetAsync($"/Reports/Summary/{id}");
        if (allowed) Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        else Assert.That(response.Headers.Location?.ToString(), Does.Contain("/Account/Forbidden"));
    }
}
