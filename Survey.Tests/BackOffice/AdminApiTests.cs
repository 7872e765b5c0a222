using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Tests.Questionnaires;
using Survey.Web.Demo;
using Survey.Web.Users;

namespace Survey.Tests.BackOffice;

public class AdminApiTests
{
    private BackOfficeSite _site = null!;
    private HttpClient _api = null!;

    [SetUp]
    public async Task Start()
    {
        _site = new BackOfficeSite();
        _api = _site.Api(await _site.ApiKeyAsync(Roles.Secretariat));
    }

    [TearDown]
    public async Task Stop()
    {
        _api.Dispose();
        await _site.DisposeAsync();
    }

    private static async Task<JsonNode> Json(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!;

    private async Task<long> CreateDemoAsync(string anonymity = "confidential")
    {
        var response = await _api.PostAsJsonAsync("/api/v1/admin/questionnaires", new JsonObject
        {
            ["definition"] = JsonNode.Parse(DemoSeeder.ReadDefinition("leader-mobility.json")),
            ["mode"] = "survey",
            ["anonymity"] = anonymity,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await Json(response))["id"]!.GetValue<long>();
    }

    private Task<HttpResponseMessage> PostCsv(string csv) =>
        _api.PostAsync("/api/v1/admin/contacts", new StringContent(csv, Encoding.UTF8, "text/csv"));

    [Test]
    public async Task A_call_without_a_key_gets_401()
    {
        using var anonymous = _site.Anonymous();
        Assert.That((await anonymous.GetAsync("/api/v1/admin/contacts")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_revoked_key_gets_401()
    {
        var email = $"rev.{Guid.NewGuid():N}@test.example";
        await _site.Users.CreateAsync(email, Roles.Secretariat, "test");
        var key = (await _site.Users.CreateApiKeyAsync(email, "test")).Value!;
        var user = (await _site.Users.FindAsync(email))!;
        using var client = _site.Api(key);
        var before = await client.GetAsync("/api/v1/admin/contacts");
        var keyId = (await _site.Users.ListApiKeysAsync(user.Id)).Single().Id;
        await _site.Users.RevokeApiKeyAsync(user.Id, keyId, "test");
        var after = await client.GetAsync("/api/v1/admin/contacts");
        Assert.Multiple(() =>
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task A_made_up_key_gets_401_and_a_taskforce_key_gets_403()
    {
        using var madeUp = _site.Api("svk_AAAAAAAAAAAAAAAAAAAAAAAA");
        using var taskforce = _site.Api(await _site.ApiKeyAsync(Roles.Taskforce));
        Assert.Multiple(async () =>
        {
            Assert.That((await madeUp.GetAsync("/api/v1/admin/contacts")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await taskforce.GetAsync("/api/v1/admin/contacts")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task A_signed_in_cookie_does_not_open_the_admin_api()
    {
        using var browser = await _site.SignedInAsync(Roles.Admin);
        Assert.That((await browser.GetAsync("/api/v1/admin/contacts")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task An_invalid_definition_gets_422_with_json_paths()
    {
        var bad = Definitions.Minimal();
        bad.Element(0, 0)["choices"] = new JsonArray();
        bad["pages"]![0]!["elements"]!.AsArray().Add(JsonNode.Parse("""{ "type": "signaturepad", "name": "sig" }"""));
        var response = await _api.PostAsJsonAsync("/api/v1/admin/questionnaires", new JsonObject { ["definition"] = bad });
        var errors = (await Json(response))["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(errors, Is.EquivalentTo(new[] { "$.pages[0].elements[0].choices", "$.pages[0].elements[2].type" }));
        });
    }

    [Test]
    public async Task Create_publish_invite_and_close_through_the_api()
    {
        var id = await CreateDemoAsync();
        var published = await _api.PostAsync($"/api/v1/admin/questionnaires/{id}/publish", null);
        var imported = await PostCsv("navn;e-mail;organisation;sektor;stilling\nAnne Holm;anne@test.example;Aarhus Kommune;kommune;Direktør\nBo Lund;bo@test.example;Skatteministeriet;stat;Kontorchef\n");
        var invited = await _api.PostAsJsonAsync($"/api/v1/admin/questionnaires/{id}/invitations", new JsonObject { ["all"] = true });
        var links = (await Json(invited)).AsArray();
        var closed = await _api.PostAsync($"/api/v1/admin/questionnaires/{id}/close", null);
        var closedAgainPublish = await _api.PostAsync($"/api/v1/admin/questionnaires/{id}/publish", null);
        Assert.Multiple(async () =>
        {
            Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await Json(published))["version"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That((await Json(imported))["imported"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(links, Has.Count.EqualTo(2));
            Assert.That(links[0]!["url"]!.GetValue<string>(), Is.EqualTo("http://127.0.0.1:5080/s/" + links[0]!["token"]!.GetValue<string>()));
            Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(closedAgainPublish.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        });
    }

    [Test]
    public async Task Inviting_to_an_unpublished_questionnaire_gets_409_and_to_an_unknown_one_404()
    {
        var id = await CreateDemoAsync();
        var draft = await _api.PostAsJsonAsync($"/api/v1/admin/questionnaires/{id}/invitations", new JsonObject { ["all"] = true });
        var unknown = await _api.PostAsJsonAsync("/api/v1/admin/questionnaires/9999/invitations", new JsonObject { ["all"] = true });
        var nobody = await _api.PostAsJsonAsync($"/api/v1/admin/questionnaires/{id}/invitations", new JsonObject());
        Assert.Multiple(() =>
        {
            Assert.That(draft.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(nobody.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        });
    }

    [Test]
    public async Task A_csv_with_a_bad_line_gets_422_with_the_line_and_nothing_is_imported()
    {
        var response = await PostCsv("name,email,sector\nAnne,anne@test.example,state\nBo,not-an-email,state\n");
        var body = await Json(response);
        var list = await Json(await _api.GetAsync("/api/v1/admin/contacts"));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(body["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "line 3: email" }));
            Assert.That(list.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task Contacts_come_in_as_json_and_go_out_with_background_variables()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/admin/contacts", JsonNode.Parse("""
            [ { "name": "Anne Holm", "email": "anne@test.example", "organisation": "Region Nord", "sector": "region", "title": "Direktør", "landsdel": "Nordjylland" } ]
            """));
        var list = (await Json(await _api.GetAsync("/api/v1/admin/contacts"))).AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(list.Single()!["sector"]!.GetValue<string>(), Is.EqualTo("region"));
            Assert.That(list.Single()!["background"]!["landsdel"]!.GetValue<string>(), Is.EqualTo("Nordjylland"));
            Assert.That(list.Single()!["id"]!.GetValue<long>(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Contacts_in_an_unsupported_format_get_415()
    {
        var response = await _api.PostAsync("/api/v1/admin/contacts", new StringContent("<xml/>", Encoding.UTF8, "application/xml"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task Every_api_change_is_in_the_audit_log_under_the_keys_owner()
    {
        var id = await CreateDemoAsync();
        await _api.PostAsync($"/api/v1/admin/questionnaires/{id}/publish", null);
        await using var c = await _site.Db.Database.OpenAsync();
        var actors = c.Query<string>("SELECT DISTINCT actor FROM audit_log WHERE entity = 'questionnaire'").ToList();
        Assert.That(actors.Single(), Does.StartWith("secretariat."));
    }

    [Test]
    public async Task The_openapi_document_describes_the_admin_api()
    {
        using var anonymous = _site.Anonymous();
        var doc = await Json(await anonymous.GetAsync("/openapi/v1.json"));
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "/api/v1/admin/questionnaires", "/api/v1/admin/questionnaires/{id}/publish", "/api/v1/admin/questionnaires/{id}/close",
            "/api/v1/admin/contacts", "/api/v1/admin/questionnaires/{id}/invitations",
        }));
    }

    [Test]
    public async Task The_summary_is_open_to_the_taskforce_and_closed_to_interviewers()
    {
        var id = await CreateDemoAsync();
        await _api.PostAsync($"/api/v1/admin/questionnaires/{id}/publish", null);
        using var taskforce = _site.Api(await _site.ApiKeyAsync(Roles.Taskforce));
        using var interviewer = _site.Api(await _site.ApiKeyAsync(Roles.Interviewer));
        var summary = await taskforce.GetAsync($"/api/v1/admin/questionnaires/{id}/summary.json?by=sector&mode=web");
        var body = await Json(summary);
        var badMode = await taskforce.GetAsync($"/api/v1/admin/questionnaires/{id}/summary.json?mode=mail");
        var missing = await taskforce.GetAsync("/api/v1/admin/questionnaires/9999/summary.json");
        Assert.Multiple(async () =>
        {
            Assert.That(summary.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body["by"]!.GetValue<string>(), Is.EqualTo("sector"));
            Assert.That(body["questions"]!.AsArray(), Has.Count.EqualTo(19), "the demo's 15 questions, and the career history's row count and its three questions");
            Assert.That(badMode.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await interviewer.GetAsync($"/api/v1/admin/questionnaires/{id}/summary.json")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Quotes_csv_is_open_to_the_taskforce_checks_its_filters_and_closed_to_interviewers()
    {
        var id = await CreateDemoAsync();
        await _api.PostAsync($"/api/v1/admin/questionnaires/{id}/publish", null);
        using var taskforce = _site.Api(await _site.ApiKeyAsync(Roles.Taskforce));
        using var interviewer = _site.Api(await _site.ApiKeyAsync(Roles.Interviewer));
        var quotes = await taskforce.GetAsync($"/api/v1/admin/questionnaires/{id}/quotes.csv?format=comma");
        var badMode = await taskforce.GetAsync($"/api/v1/admin/questionnaires/{id}/quotes.csv?mode=mail");
        Assert.Multiple(async () =>
        {
            Assert.That(quotes.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(quotes.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
            Assert.That((await quotes.Content.ReadAsStringAsync()).Trim(), Is.EqualTo("theme,sector,sector_label,question,question_text,quote"));
            Assert.That(badMode.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((await taskforce.GetAsync("/api/v1/admin/questionnaires/9999/quotes.csv")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await interviewer.GetAsync($"/api/v1/admin/questionnaires/{id}/quotes.csv")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }
}
