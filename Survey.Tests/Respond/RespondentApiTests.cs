using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Questionnaires;
using Survey.Tests.Sites;

namespace Survey.Tests.Respond;

public class RespondentApiTests
{
    private PublicSite _site = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _site = await PublicSite.StartAsync(new() { ["Survey:FailedTokenLookupsPerMinute"] = "5" });
        _http = _site.CreateClient();
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _site.DisposeAsync();
    }

    private static string WithoutTraceId(string problem)
    {
        var node = JsonNode.Parse(problem)!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString();
    }

    private static async Task<JsonNode> Json(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!;

    private Task<HttpResponseMessage> Put(string token, JsonObject answers, string? page = null) =>
        _http.PutAsJsonAsync($"/api/v1/respond/{token}/answers", new JsonObject { ["answers"] = answers, ["page"] = page });

    private Task<HttpResponseMessage> Submit(string token, JsonObject answers) =>
        _http.PostAsJsonAsync($"/api/v1/respond/{token}/submit", new JsonObject { ["answers"] = answers });

    [Test]
    public async Task A_new_link_gives_the_questionnaire_with_status_new()
    {
        var token = await _site.InviteAsync();
        var response = await _http.GetAsync($"/api/v1/respond/{token}");
        var body = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("new"));
            Assert.That(body["questionnaire"]!["version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(body["questionnaire"]!["title"]!.GetValue<string>(), Is.EqualTo("Ledere på tværs af sektorer"));
            Assert.That(body["questionnaire"]!["locale"]!.GetValue<string>(), Is.EqualTo("da"));
            Assert.That(body["questionnaire"]!["definition"]!["pages"]!.AsArray(), Has.Count.EqualTo(6));
            Assert.That(body["answers"]!.AsObject(), Is.Empty);
        });
    }

    [Test]
    public async Task An_unknown_token_and_a_malformed_one_get_the_same_404()
    {
        var unknown = await _http.GetAsync("/api/v1/respond/AAAAAAAAAAAAAAAAAAAAAAAA");
        var malformed = await _http.GetAsync("/api/v1/respond/x");
        Assert.Multiple(async () =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(WithoutTraceId(await unknown.Content.ReadAsStringAsync()), Is.EqualTo(WithoutTraceId(await malformed.Content.ReadAsStringAsync())));
        });
    }

    [Test]
    public async Task Failed_lookups_are_rate_limited_per_address_but_valid_links_keep_working()
    {
        var token = await _site.InviteAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++) statuses.Add((await _http.GetAsync($"/api/v1/respond/unknown{i:D15}abcdefghi")).StatusCode);
        var page = await _http.GetAsync("/s/AAAAAAAAAAAAAAAAAAAAAAAA");
        var valid = await _http.GetAsync($"/api/v1/respond/{token}");
        Assert.Multiple(() =>
        {
            Assert.That(statuses.Take(5), Is.All.EqualTo(HttpStatusCode.NotFound));
            Assert.That(statuses.Skip(5), Is.All.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        });
        Assert.That(valid.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a valid link works even from an address that has been blocked");
    }

    [Test]
    public async Task Valid_links_are_never_rate_limited()
    {
        var tokens = await _site.InviteManyAsync(20);
        foreach (var token in tokens)
            Assert.That((await _http.GetAsync($"/api/v1/respond/{token}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_draft_is_saved_and_comes_back_with_status_draft()
    {
        var token = await _site.InviteAsync();
        var save = await Put(token, new JsonObject { ["current_sector"] = "state", ["years_as_leader"] = 12 }, "experience");
        var body = await Json(await _http.GetAsync($"/api/v1/respond/{token}"));
        Assert.Multiple(() =>
        {
            Assert.That(save.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("draft"));
            Assert.That(body["answers"]!["current_sector"]!.GetValue<string>(), Is.EqualTo("state"));
            Assert.That(body["answers"]!["years_as_leader"]!.GetValue<double>(), Is.EqualTo(12));
        });
    }

    [Test]
    public async Task A_draft_with_a_value_of_the_wrong_shape_gets_422_keyed_by_question()
    {
        var token = await _site.InviteAsync();
        var response = await Put(token, new JsonObject { ["current_sector"] = "mars", ["years_as_leader"] = "many", ["nosuch"] = 1 });
        var body = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "current_sector", "years_as_leader", "nosuch" }));
        });
    }

    [Test]
    public async Task Malformed_json_gets_a_400_problem()
    {
        var token = await _site.InviteAsync();
        var response = await _http.PutAsync($"/api/v1/respond/{token}/answers", new StringContent("{\"answers\": {", Encoding.UTF8, "application/json"));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    [Test]
    public async Task Errors_come_in_english_when_the_script_asks_for_it()
    {
        var token = await _site.InviteAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/respond/{token}/submit")
        {
            Content = JsonContent.Create(new JsonObject { ["answers"] = new JsonObject() }),
        };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var body = await Json(await _http.SendAsync(request));
        Assert.That(body["errors"]!["current_sector"]![0]!.GetValue<string>(), Is.EqualTo("Please answer the question."));
    }

    [Test]
    public async Task Submit_stores_one_response_and_a_second_submit_gets_409()
    {
        var token = await _site.InviteAsync();
        var first = await Submit(token, DemoAnswers.Complete());
        var second = await Submit(token, DemoAnswers.Complete());
        var state = await Json(await _http.GetAsync($"/api/v1/respond/{token}"));
        var receipt = await Json(first);
        await using var c = await _site.Db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(receipt["responseId"]!.GetValue<long>(), Is.GreaterThan(0));
            Assert.That(receipt["submittedAt"], Is.Not.Null);
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(state["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Submit_with_missing_required_answers_gets_422_per_question_and_stores_nothing()
    {
        var token = await _site.InviteAsync();
        var answers = DemoAnswers.Complete();
        answers.Remove("current_sector");
        answers.Remove("barriers");
        var response = await Submit(token, answers);
        var body = await Json(response);
        await using var c = await _site.Db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(body["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "current_sector", "barriers" }));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses"), Is.Zero);
        });
    }

    [Test]
    public async Task Answers_to_hidden_questions_are_dropped_on_submit()
    {
        var token = await _site.InviteAsync();
        var answers = DemoAnswers.Complete();
        answers["changed_sector"] = false;
        answers["brought_with"] = "Skulle ikke gemmes";
        answers["hardest"] = "pay";
        var response = await Submit(token, answers);
        await using var c = await _site.Db.Database.OpenAsync();
        var stored = JsonNode.Parse(c.ExecuteScalar<string>("SELECT answers FROM responses")!)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(stored.ContainsKey("brought_with"), Is.False);
            Assert.That(stored.ContainsKey("hardest"), Is.False);
        });
    }

    [Test]
    public async Task A_closed_questionnaire_refuses_drafts_and_submits_with_410()
    {
        var token = await _site.InviteAsync();
        await _site.Lifecycle.CloseAsync(_site.QuestionnaireId, "test");
        var put = await Put(token, new JsonObject { ["current_sector"] = "state" });
        var submit = await Submit(token, DemoAnswers.Complete());
        var state = await Json(await _http.GetAsync($"/api/v1/respond/{token}"));
        Assert.Multiple(() =>
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
            Assert.That(submit.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
            Assert.That(state["status"]!.GetValue<string>(), Is.EqualTo("closed"));
        });
    }

    [Test]
    public async Task A_draft_after_submitting_gets_409()
    {
        var token = await _site.InviteAsync();
        await Submit(token, DemoAnswers.Complete());
        Assert.That((await Put(token, new JsonObject { ["current_sector"] = "state" })).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task The_response_keeps_the_version_the_leader_started_on()
    {
        var token = await _site.InviteAsync();
        await Put(token, new JsonObject { ["current_sector"] = "state" });
        var edited = JsonNode.Parse(Survey.Web.Demo.DemoSeeder.ReadDefinition("leader-mobility.json"))!;
        edited["title"]!["da"] = "Ledere på tværs af sektorer (rettet)";
        await _site.Lifecycle.UpdateDraftAsync(_site.QuestionnaireId, edited.ToJsonString(), "test");
        await _site.Lifecycle.PublishAsync(_site.QuestionnaireId, "test");
        var late = await _site.InviteAsync();
        await Submit(token, DemoAnswers.Complete(1));
        await Submit(late, DemoAnswers.Complete(2));
        await using var c = await _site.Db.Database.OpenAsync();
        Assert.That(c.Query<long>("SELECT version FROM responses ORDER BY id"), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task The_openapi_document_describes_the_respondent_api()
    {
        var doc = await Json(await _http.GetAsync("/openapi/v1.json"));
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.That(paths, Is.SupersetOf(new[] { "/api/v1/respond/{token}", "/api/v1/respond/{token}/answers", "/api/v1/respond/{token}/submit" }));
    }

    [Test]
    public async Task An_oversized_body_is_refused_with_413_before_it_is_read()
    {
        var token = await _site.InviteAsync();
        // A little over the 1 MiB limit, sent as it is written (chunked): the whole body is on its way before the server answers.
        var answers = new JsonObject { ["recommendation"] = new string('x', 1_052_000) };
        var response = await Put(token, answers);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }
}
