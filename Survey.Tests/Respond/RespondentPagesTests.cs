using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Questionnaires;
using Survey.Tests.Sites;

namespace Survey.Tests.Respond;

/// <summary>The server-rendered pages over plain HTTP, the way a browser without JavaScript uses them.</summary>
public class RespondentPagesTests
{
    private PublicSite _site = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _site = await PublicSite.StartAsync();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _site.BaseAddress };
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _site.DisposeAsync();
    }

    /// <summary>The page as text, character references decoded (the renderer writes æ, ø and å as references).</summary>
    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private Task<HttpResponseMessage> Post(string path, params (string, string)[] fields) =>
        _http.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2))));

    [Test]
    public async Task Opening_a_link_marks_the_invitation_opened_once_and_never_back_from_started_or_submitted()
    {
        var token = await _site.InviteAsync();
        var other = await _site.InviteAsync();
        (string Status, DateTime? OpenedAt) Invitation(string which)
        {
            using var c = _site.Db.Database.Open();
            var id = c.ExecuteScalar<long>("SELECT invitation_id FROM invitation_tokens ORDER BY invitation_id LIMIT 1 OFFSET @n", new { n = which == token ? 0 : 1 });
            return c.QuerySingle<(string, DateTime?)>("SELECT status, opened_at FROM invitations WHERE id = @id", new { id });
        }

        Assert.That(Invitation(token).Status, Is.AnyOf("created", "sent"));
        Assert.That((await _http.GetAsync($"/s/{token}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var first = Invitation(token);
        await _http.GetAsync($"/s/{token}");
        var again = Invitation(token);
        await Post($"/s/{token}/p/about-you", ("current_sector", "state"), ("management_level", "top"), ("years_as_leader", "7"), ("__action", "next"));
        await _http.GetAsync($"/s/{token}");
        var afterDraft = Invitation(token);
        // The JSON API marks it too.
        await _http.GetAsync($"/api/v1/respond/{other}");
        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo("opened"));
            Assert.That(first.OpenedAt, Is.Not.Null);
            Assert.That(again.OpenedAt, Is.EqualTo(first.OpenedAt), "a second view keeps the first time");
            Assert.That(afterDraft.Status, Is.EqualTo("started"), "a view after a draft does not set it back");
            Assert.That(Invitation(other).Status, Is.EqualTo("opened"));
        });
    }

    [Test]
    public async Task Moving_on_saves_the_page_as_a_draft_and_the_link_offers_to_continue_there()
    {
        var token = await _site.InviteAsync();
        var next = await Post($"/s/{token}/p/about-you", ("current_sector", "state"), ("management_level", "top"), ("years_as_leader", "7,5"), ("__action", "next"));
        var welcome = await Text(await _http.GetAsync($"/s/{token}"));
        await using var c = await _site.Db.Database.OpenAsync();
        var draft = JsonNode.Parse(c.ExecuteScalar<string>("SELECT draft_answers FROM invitations WHERE status = 'started'")!)!;
        Assert.Multiple(() =>
        {
            Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(next.Headers.Location!.ToString(), Is.EqualTo($"/s/{token}/p/experience"));
            Assert.That(draft["years_as_leader"]!.GetValue<double>(), Is.EqualTo(7.5));
            Assert.That(welcome, Does.Contain($"href=\"/s/{token}/p/experience\"").And.Contain("Velkommen tilbage"));
        });
    }

    [Test]
    public async Task A_page_with_errors_comes_back_with_422_the_summary_and_what_was_typed()
    {
        var token = await _site.InviteAsync();
        var response = await Post($"/s/{token}/p/about-you", ("years_as_leader", "<b>mange</b>"), ("__action", "next"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(html, Does.Contain("id=\"error-summary\""));
            Assert.That(html, Does.Contain("href=\"#q1-0\"").And.Contain("href=\"#q3-input\""));
            Assert.That(html, Does.Contain("value=\"&lt;b&gt;mange&lt;/b&gt;\""), "what was typed is shown again, escaped");
            Assert.That(html, Does.Not.Contain("<b>mange</b>"));
        });
    }

    [Test]
    public async Task Going_back_keeps_what_was_answered_on_the_page()
    {
        var token = await _site.InviteAsync();
        await Post($"/s/{token}/p/about-you", ("current_sector", "state"), ("management_level", "top"), ("years_as_leader", "7"), ("__action", "next"));
        var back = await Post($"/s/{token}/p/experience", ("sectors_led", "state"), ("sectors_led", "private"), ("__action", "previous"));
        var experience = await (await _http.GetAsync($"/s/{token}/p/experience")).Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(back.Headers.Location!.ToString(), Is.EqualTo($"/s/{token}/p/about-you"));
            Assert.That(experience, Does.Match("value=\"private\"[^>]*checked"));
        });
    }

    [Test]
    public async Task Answer_text_is_escaped_on_the_review_page()
    {
        var token = await _site.InviteAsync();
        var answers = DemoAnswers.Complete();
        answers["recommendation"] = "<script>alert(1)</script>";
        using (var api = _site.CreateClient())
            await api.PutAsync($"/api/v1/respond/{token}/answers", System.Net.Http.Json.JsonContent.Create(new JsonObject { ["answers"] = answers }));
        var html = await (await _http.GetAsync($"/s/{token}/review")).Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
            Assert.That(html, Does.Not.Contain("<script>alert(1)</script>"));
        });
    }

    [Test]
    public async Task A_second_submit_from_the_browser_shows_the_receipt_and_stores_nothing_more()
    {
        var token = await _site.InviteAsync();
        using (var api = _site.CreateClient())
            await api.PutAsync($"/api/v1/respond/{token}/answers", System.Net.Http.Json.JsonContent.Create(new JsonObject { ["answers"] = DemoAnswers.Complete() }));
        var first = await Post($"/s/{token}/submit");
        var second = await Post($"/s/{token}/submit");
        var firstHtml = await Text(first);
        var secondHtml = await Text(second);
        await using var c = await _site.Db.Database.OpenAsync();
        var reference = c.ExecuteScalar<string>("SELECT reference FROM responses")!;
        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(firstHtml, Does.Contain("Tak – dine svar er indsendt").And.Contain(reference));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(secondHtml, Does.Contain("Dine svar er allerede indsendt").And.Contain(reference));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Submitting_an_incomplete_draft_shows_the_first_page_with_a_problem()
    {
        var token = await _site.InviteAsync();
        await Post($"/s/{token}/p/about-you", ("current_sector", "state"), ("management_level", "top"), ("years_as_leader", "7"), ("__action", "next"));
        var response = await Post($"/s/{token}/submit");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(WebUtility.HtmlDecode(html), Does.Contain("<h1>Din erfaring fra sektorerne</h1>"));
            Assert.That(html, Does.Contain("error-summary"));
        });
    }

    [Test]
    public async Task An_unknown_link_and_a_malformed_one_get_the_same_404_page()
    {
        var unknown = await _http.GetAsync("/s/AAAAAAAAAAAAAAAAAAAAAAAA");
        var malformed = await _http.GetAsync("/s/not-a-token");
        Assert.Multiple(async () =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await unknown.Content.ReadAsStringAsync()).Replace("AAAAAAAAAAAAAAAAAAAAAAAA", ""),
                Is.EqualTo((await malformed.Content.ReadAsStringAsync()).Replace("not-a-token", "")));
        });
    }

    [Test]
    public async Task A_closed_questionnaire_shows_the_closed_page_with_410()
    {
        var token = await _site.InviteAsync();
        await _site.Lifecycle.CloseAsync(_site.QuestionnaireId, "test");
        var response = await _http.GetAsync($"/s/{token}");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
            Assert.That(await Text(response), Does.Contain("Spørgeskemaet er lukket"));
        });
    }

    [Test]
    public async Task An_open_link_hands_out_a_fresh_personal_link_each_time()
    {
        var row = (await _site.Lifecycle.GetAsync(_site.QuestionnaireId))!;
        await _site.Lifecycle.UpdateSettingsAsync(_site.QuestionnaireId, row.Settings with { OpenLink = true }, "test");
        var first = await _http.GetAsync($"/o/{row.PublicKey}");
        var second = await _http.GetAsync($"/o/{row.PublicKey}");
        var page = await _http.GetAsync(first.Headers.Location!);
        await using var c = await _site.Db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(first.Headers.Location!.ToString(), Does.StartWith("/s/"));
            Assert.That(second.Headers.Location, Is.Not.EqualTo(first.Headers.Location));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM invitations WHERE contact_id IS NULL"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_questionnaire_without_an_open_link_does_not_hand_out_links()
    {
        var row = (await _site.Lifecycle.GetAsync(_site.QuestionnaireId))!;
        var response = await _http.GetAsync($"/o/{row.PublicKey}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Pages_send_security_headers_and_never_a_referrer()
    {
        var token = await _site.InviteAsync();
        var response = await _http.GetAsync($"/s/{token}");
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("script-src 'self'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        });
    }

    [Test]
    public async Task Open_link_visits_from_one_address_are_limited()
    {
        await using var limited = await PublicSite.StartAsync(new() { ["Survey:OpenLinksPerMinute"] = "3" });
        var row = (await limited.Lifecycle.GetAsync(limited.QuestionnaireId))!;
        await limited.Lifecycle.UpdateSettingsAsync(limited.QuestionnaireId, row.Settings with { OpenLink = true }, "test");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = limited.BaseAddress };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await http.GetAsync($"/o/{row.PublicKey}")).StatusCode);
        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests }));
    }
}
