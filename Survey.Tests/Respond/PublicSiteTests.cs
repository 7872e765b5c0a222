using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Survey.Tests.Sites;

namespace Survey.Tests.Respond;

/// <summary>
/// What a leader meets around the questions: "Change" on the review and back, a reload of the submit
/// address, the welcome's facts, and the contact, privacy notice and accessibility statement on every page.
/// </summary>
public partial class PublicSiteTests
{
    private PublicSite _site = null!;
    private HttpClient _http = null!;

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _site.DisposeAsync();
    }

    private async Task StartAsync(Dictionary<string, string?>? settings = null)
    {
        _site = await PublicSite.StartAsync(settings);
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _site.BaseAddress };
    }

    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private Task<HttpResponseMessage> Post(string path, params (string, string)[] fields) =>
        _http.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2))));

    /// <summary>A leader with every page answered (no sector change, so its page is hidden), standing on the review.</summary>
    private async Task<string> OnTheReviewAsync()
    {
        var token = await _site.InviteAsync();
        var answers = DemoAnswers.Complete();
        answers["changed_sector"] = false;
        foreach (var hidden in new[] { "career", "brought_with", "hardest", "success_factors" }) answers.Remove(hidden);
        var saved = await _http.PutAsJsonAsync($"/api/v1/respond/{token}/answers", new JsonObject { ["answers"] = answers, ["page"] = "recommendations" });
        Assert.That(saved.IsSuccessStatusCode, Is.True, await saved.Content.ReadAsStringAsync());
        return token;
    }

    /// <summary>The review's "Change" link for a page.</summary>
    private async Task<string> ChangeLinkAsync(string token, string page, string lang = "")
    {
        var review = await Text(await _http.GetAsync($"/s/{token}/review{lang}"));
        var link = Regex.Match(review, $"href=\"(/s/{token}/p/{page}\\?[^\"#]*)#").Groups[1].Value;
        Assert.That(link, Is.Not.Empty, $"no Change link to {page} on the review");
        return link;
    }

    [Test]
    public async Task Change_on_the_review_returns_to_the_review_after_the_changed_page()
    {
        await StartAsync();
        var token = await OnTheReviewAsync();
        var link = await ChangeLinkAsync(token, "about-you");
        var page = await Text(await _http.GetAsync(link));
        var back = await Post($"/s/{token}/p/about-you", ("current_sector", "state"), ("management_level", "top"), ("years_as_leader", "21"),
            ("__return", "review"), ("__action", "next"));
        // A page shown again for an error keeps the way back.
        var wrong = await Post($"/s/{token}/p/about-you", ("current_sector", "state"), ("management_level", "top"), ("years_as_leader", "mange"),
            ("__return", "review"), ("__action", "next"));
        var wrongPage = await Text(wrong);
        // Without the review's link the page goes on to the next one as before.
        var onwards = await Post($"/s/{token}/p/about-you", ("current_sector", "state"), ("management_level", "top"), ("years_as_leader", "21"), ("__action", "next"));
        Assert.Multiple(async () =>
        {
            Assert.That(link, Is.EqualTo($"/s/{token}/p/about-you?from=review"));
            Assert.That(page, Does.Contain("name=\"__return\" value=\"review\"").And.Contain("Gem og gå tilbage til oversigten"));
            Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(back.Headers.Location!.ToString(), Is.EqualTo($"/s/{token}/review"));
            Assert.That((await _site.DraftAnswersAsync(token))["years_as_leader"]!.GetValue<double>(), Is.EqualTo(21));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(wrongPage, Does.Contain("name=\"__return\" value=\"review\""));
            Assert.That(onwards.Headers.Location!.ToString(), Is.EqualTo($"/s/{token}/p/experience"));
        });
    }

    [Test]
    public async Task A_change_that_opens_a_page_goes_through_that_page_and_then_back_to_the_review_in_the_chosen_language()
    {
        await StartAsync();
        var token = await OnTheReviewAsync();
        var link = await ChangeLinkAsync(token, "experience", "?lang=en");
        var toNewPage = await Post($"/s/{token}/p/experience?lang=en", ("sectors_led", "region"), ("sectors_led", "private"), ("changed_sector", "true"),
            ("__return", "review"), ("__action", "next"));
        var newPage = await Text(await _http.GetAsync(toNewPage.Headers.Location!.ToString()));
        var toReview = await Post($"/s/{token}/p/sector-change?lang=en", ("brought_with", "Drift"), ("hardest", "politics"),
            ("success_factors.mandate", "1"), ("success_factors.network", "2"), ("success_factors.mentor", "3"), ("success_factors.politics", "4"),
            ("success_factors.onboarding", "5"), ("__return", "review"), ("__action", "next"));
        Assert.Multiple(() =>
        {
            Assert.That(link, Is.EqualTo($"/s/{token}/p/experience?from=review&lang=en"));
            Assert.That(toNewPage.Headers.Location!.ToString(), Is.EqualTo($"/s/{token}/p/sector-change?from=review&lang=en"),
                "the page the change opened is answered before the review");
            Assert.That(newPage, Does.Contain("name=\"__return\" value=\"review\"").And.Contain("Save and return to the review"));
            Assert.That(toReview.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), () => Text(toReview).Result);
            Assert.That(toReview.Headers.Location!.ToString(), Is.EqualTo($"/s/{token}/review?lang=en"));
        });
    }

    [Test]
    public async Task A_reload_of_the_submit_address_leads_to_the_review_before_and_to_the_receipt_after_never_a_405()
    {
        await StartAsync();
        var token = await OnTheReviewAsync();
        var before = await _http.GetAsync($"/s/{token}/submit");
        var sent = await Post($"/s/{token}/submit");
        var after = await _http.GetAsync($"/s/{token}/submit?lang=en");
        var receipt = await Text(await _http.GetAsync(after.Headers.Location!.ToString()));
        var unknown = await _http.GetAsync("/s/AAAAAAAAAAAAAAAAAAAAAAAA/submit");
        Assert.Multiple(async () =>
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(before.Headers.Location!.ToString(), Is.EqualTo($"/s/{token}/review"));
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after.Headers.Location!.ToString(), Is.EqualTo($"/s/{token}?lang=en"));
            Assert.That(receipt, Does.Contain("already been submitted").And.Contain("receipt-reference"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            Assert.That(await Text(unknown), Does.Contain("Linket findes ikke"));
        });
    }

    [Test]
    public async Task The_welcome_page_states_the_time_once()
    {
        await StartAsync();
        var token = await _site.InviteAsync();
        foreach (var (lang, word) in new[] { ("", "minut"), ("?lang=en", "minute") })
        {
            var main = Regex.Match(await Text(await _http.GetAsync($"/s/{token}{lang}")), "<main.*</main>", RegexOptions.Singleline).Value;
            Assert.That(Regex.Matches(main, word, RegexOptions.IgnoreCase), Has.Count.EqualTo(1), main);
        }
    }

    [Test]
    public async Task Every_public_page_shows_the_default_contact_privacy_notice_and_accessibility_statement()
    {
        await StartAsync();
        var token = await _site.InviteAsync();
        var paths = new[] { $"/s/{token}", $"/s/{token}/p/about-you", $"/s/{token}/review", "/s/AAAAAAAAAAAAAAAAAAAAAAAA", "/privatliv", "/tilgaengelighed" };
        foreach (var path in paths)
        {
            var page = await Text(await _http.GetAsync(path));
            var footer = Regex.Match(page, "<footer.*</footer>", RegexOptions.Singleline).Value;
            Assert.That(footer, Does.Contain("Svar på den e-mail, du fik linket i").And.Contain("href=\"/privatliv\"").And.Contain("href=\"/tilgaengelighed\""), path);
        }
        var privacy = await _http.GetAsync("/privatliv");
        var statement = await Text(await _http.GetAsync("/tilgaengelighed?lang=en"));
        Assert.Multiple(async () =>
        {
            Assert.That(privacy.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await Text(privacy), Does.Contain("<h1>Sådan behandler vi dine oplysninger</h1>").And.Contain("Taskforce for ledermobilitet er dataansvarlig")
                .And.Contain("Datatilsynet"));
            Assert.That(statement, Does.Contain("<h1>Accessibility statement</h1>").And.Contain("WCAG 2.1").And.Contain("Digitaliseringsstyrelsen")
                .And.Contain("href=\"/privatliv?lang=en\""));
        });
    }

    [Test]
    public async Task The_contact_owner_and_links_follow_the_settings()
    {
        await StartAsync(new()
        {
            ["PublicSite:Owner"] = "Erhvervsministeriet",
            ["PublicSite:OwnerEnglish"] = "Ministry of Industry",
            ["PublicSite:ContactEmail"] = "ledermobilitet@em.example",
            ["PublicSite:ContactPhone"] = "33 92 33 50",
            ["PublicSite:PrivacyUrl"] = "https://em.example/privatliv",
            ["PublicSite:AccessibilityUrl"] = "https://was.example/erklaering/123",
        });
        var token = await _site.InviteAsync();
        var da = await Text(await _http.GetAsync($"/s/{token}"));
        var en = await Text(await _http.GetAsync($"/s/{token}?lang=en"));
        var privacy = await Text(await _http.GetAsync("/privatliv"));
        Assert.Multiple(() =>
        {
            Assert.That(da, Does.Contain("<p class=\"site-owner\">Erhvervsministeriet</p>")
                .And.Contain("Skriv til <a href=\"mailto:ledermobilitet@em.example\">ledermobilitet@em.example</a> eller ring på 33 92 33 50.")
                .And.Contain("href=\"https://em.example/privatliv\"").And.Contain("href=\"https://was.example/erklaering/123\"")
                .And.Not.Contain("Svar på den e-mail"));
            Assert.That(en, Does.Contain("<p class=\"site-owner\">Ministry of Industry</p>").And.Contain("or call 33 92 33 50."));
            Assert.That(privacy, Does.Contain("Erhvervsministeriet er dataansvarlig").And.Contain("mailto:ledermobilitet@em.example"));
        });
    }
}
