using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Participants;
using Survey.Tests.Responses;
using Survey.Tests.Sites;

namespace Survey.Tests.Respond;

/// <summary>A repeating group (the career history) on the leaders' pages without JavaScript: rows added and removed by real buttons.</summary>
public class PanelDynamicPagesTests
{
    private PublicSite _site = null!;
    private long _id;

    [OneTimeSetUp]
    public async Task Start()
    {
        _site = await PublicSite.StartAsync();
        _id = await _site.PublishAsync(PanelDynamicTests.CareerJson);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _site.DisposeAsync();

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string token, string action, params (string, string)[] fields) =>
        http.PostAsync($"/s/{token}/p/p", new FormUrlEncodedContent(fields.Append(("__action", action)).Select(f => KeyValuePair.Create(f.Item1, f.Item2))));

    private static async Task<string> BodyAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Test]
    public async Task A_leader_adds_and_removes_rows_with_buttons_gets_errors_at_each_cell_and_submits_the_rows()
    {
        var token = await _site.InviteToAsync(_id);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _site.BaseAddress };

        var first = await BodyAsync(await http.GetAsync($"/s/{token}/p/p"));
        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Contain("Stilling 1"), "templateTitle with {panelIndex} from 1");
            Assert.That(first, Does.Contain("name=\"career.rows\" value=\"1\""));
            Assert.That(first, Does.Contain("name=\"career[0].sector\""));
            Assert.That(first, Does.Contain("value=\"add:career\"").And.Contain("Tilføj stilling"));
            Assert.That(first, Does.Not.Contain("value=\"remove:career:0\""), "not below minPanelCount 1");
        });

        var added = await PostAsync(http, token, "add:career", ("now", "state"), ("career.rows", "1"), ("career[0].sector", "state"), ("career[0].years", "12"));
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(added.Headers.Location!.ToString(), Does.EndWith("/p/p#q2-p1"), "to the new row");
        Assert.That((await _site.DraftAnswersAsync(token))["career"]!.ToJsonString(), Is.EqualTo("""[{"sector":"state","years":12},{}]"""));

        var two = await BodyAsync(await http.GetAsync($"/s/{token}/p/p"));
        Assert.Multiple(() =>
        {
            Assert.That(two, Does.Contain("Stilling 2"));
            Assert.That(two, Does.Contain("value=\"remove:career:1\"").And.Contain("Fjern<span class=\"sr-only\"> Stilling 2</span>"));
            Assert.That(two, Does.Contain("name=\"career[0].years\" value=\"12\""), "the first row filled in again");
        });

        // The second row is empty: its sector is missing, reported at its path and in the error summary.
        var invalid = await PostAsync(http, token, "next", ("now", "state"), ("career.rows", "2"), ("career[0].sector", "state"), ("career[0].years", "12"),
            ("career[0].manager", "true"));
        var errors = await BodyAsync(invalid);
        Assert.Multiple(() =>
        {
            Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(errors, Does.Contain("id=\"q2-p1-e0-error\""), "the error sits next to the second row's sector");
            Assert.That(errors, Does.Contain("href=\"#q2-p1-e0-input\">Stilling 2: Sektor –"));
            Assert.That(errors, Does.Not.Contain("id=\"q2-p0-e0-error\""));
        });

        var removed = await PostAsync(http, token, "remove:career:1", ("now", "state"), ("career.rows", "2"), ("career[0].sector", "state"), ("career[0].years", "12"),
            ("career[0].manager", "true"));
        Assert.That(removed.Headers.Location!.ToString(), Does.EndWith("#q2-actions"));
        Assert.That((await _site.DraftAnswersAsync(token))["career"]!.ToJsonString(), Is.EqualTo("""[{"sector":"state","years":12,"manager":true}]"""));

        var next = await PostAsync(http, token, "next", ("now", "state"), ("career.rows", "1"), ("career[0].sector", "state"), ("career[0].years", "12"),
            ("career[0].manager", "true"), ("first", "Ministeriet"));
        Assert.That(next.Headers.Location!.ToString(), Does.EndWith("/review"), await BodyAsync(next));
        var review = await BodyAsync(await http.GetAsync($"/s/{token}/review"));
        Assert.That(review, Does.Contain("Stilling 1 – Sektor: state; År: 12; Leder: Ja"));
        var submitted = await http.PostAsync($"/s/{token}/submit", new FormUrlEncodedContent([]));
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await BodyAsync(submitted));
        await using var c = await _site.Db.Database.OpenAsync();
        var stored = await c.ExecuteScalarAsync<string>("""
            SELECT r.answers FROM responses r JOIN invitation_tokens t ON t.invitation_id = r.invitation_id WHERE t.token_hash = @hash
            """, new { hash = Tokens.Hash(token) });
        Assert.That(JsonNode.Parse(stored!)!["career"]!.ToJsonString(), Is.EqualTo("""[{"sector":"state","years":12,"manager":true}]"""));
    }

    [Test]
    public async Task A_matrixdynamic_shows_two_rows_at_first_and_a_leader_removes_them_all()
    {
        var id = await _site.PublishAsync(MatrixDynamicTests.Json);
        var token = await _site.InviteToAsync(id);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _site.BaseAddress };
        var page = await BodyAsync(await http.GetAsync($"/s/{token}/p/p"));
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("name=\"posts.rows\" value=\"2\""));
            Assert.That(page, Does.Contain("name=\"posts[1].sector\""));
            Assert.That(page, Does.Contain("Tilføj række"));
        });
        await PostAsync(http, token, "remove:posts:1", ("posts.rows", "2"), ("posts[0].sector", "state"));
        await PostAsync(http, token, "remove:posts:0", ("posts.rows", "1"), ("posts[0].sector", "state"));
        Assert.That((await _site.DraftAnswersAsync(token))["posts"]!.ToJsonString(), Is.EqualTo("[]"), "no rows, kept as such");
        var empty = await BodyAsync(await http.GetAsync($"/s/{token}/p/p"));
        Assert.That(empty, Does.Contain("name=\"posts.rows\" value=\"0\""), "the first rows do not come back");
        var next = await PostAsync(http, token, "next", ("posts.rows", "0"));
        Assert.That(next.Headers.Location!.ToString(), Does.EndWith("/review"));
    }

    [Test]
    public async Task In_english_a_group_says_its_own_texts_and_one_without_them_says_add_another_and_remove()
    {
        var plain = await _site.PublishAsync("""
            { "elements": [ { "type": "paneldynamic", "name": "jobs", "title": { "da": "Job", "en": "Jobs" }, "panelCount": 2,
              "templateElements": [ { "type": "text", "name": "where", "title": { "da": "Hvor", "en": "Where" } } ] } ] }
            """);
        using var http = new HttpClient { BaseAddress = _site.BaseAddress };
        var career = await BodyAsync(await http.GetAsync($"/s/{await _site.InviteToAsync(_id)}/p/p?lang=en"));
        var jobs = await BodyAsync(await http.GetAsync($"/s/{await _site.InviteToAsync(plain)}/p/page1?lang=en"));
        var danish = await BodyAsync(await http.GetAsync($"/s/{await _site.InviteToAsync(plain)}/p/page1"));
        Assert.Multiple(() =>
        {
            Assert.That(career, Does.Contain("Post 1").And.Contain("Add post"));
            Assert.That(jobs, Does.Contain("Jobs, no. 2").And.Contain("Add another").And.Contain(">Remove<span class=\"sr-only\"> Jobs, no. 1</span>"));
            Assert.That(danish, Does.Contain("Job, nr. 2").And.Contain("Tilføj endnu en").And.Contain(">Fjern<span class=\"sr-only\"> Job, nr. 1</span>"));
        });
    }

    [Test]
    public async Task The_api_reports_a_cells_error_at_its_full_path()
    {
        var token = await _site.InviteToAsync(_id);
        using var http = new HttpClient { BaseAddress = _site.BaseAddress };
        var response = await http.PostAsync($"/api/v1/respond/{token}/submit", new StringContent(
            """{ "answers": { "career": [ { "sector": "state", "manager": true }, { "sector": "region", "years": 61 } ] } }""",
            System.Text.Encoding.UTF8, "application/json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(problem["errors"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "career[1].years" }), problem.ToJsonString());
    }
}
