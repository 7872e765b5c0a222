using System.Net;
using Dapper;
using Survey.Core.Questionnaires;
using Survey.Tests.BackOffice;
using Survey.Tests.Questionnaires;
using Survey.Tests.Sites;
using Survey.Web.Users;

namespace Survey.Tests.Respond;

public class PreviewTests
{
    [Test]
    public async Task A_preview_follows_the_draft_and_tells_its_page_the_revision_to_watch()
    {
        await using var site = await PublicSite.StartAsync();
        var draftId = (await site.Lifecycle.CreateAsync(Definitions.Minimal().ToJsonString(), new QuestionnaireSettings(), "test")).Value;
        var token = (await new Previews(site.Db.Database).CreateAsync(draftId))!;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = site.BaseAddress };
        var before = WebUtility.HtmlDecode(await http.GetStringAsync($"/p/{token}/p/p1"));
        var revisionBefore = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"/p/{token}/revision"))!["revision"]!.GetValue<int>();
        var row = (await site.Lifecycle.GetAsync(draftId))!;
        var changed = System.Text.Json.Nodes.JsonNode.Parse(row.DraftDefinition)!;
        changed["pages"]![0]!["title"] = "Ny sidetitel fra editoren";
        Assert.That((await site.Lifecycle.UpdateDraftAsync(draftId, changed.ToJsonString(), "test", row.DraftRevision)).IsOk, Is.True);
        var after = WebUtility.HtmlDecode(await http.GetStringAsync($"/p/{token}/p/p1"));
        var revisionAfter = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"/p/{token}/revision"))!["revision"]!.GetValue<int>();
        var unknown = await http.GetAsync("/p/AAAAAAAAAAAAAAAAAAAAAAAA/revision");
        Assert.Multiple(() =>
        {
            Assert.That(before, Does.Not.Contain("Ny sidetitel fra editoren"));
            Assert.That(before, Does.Contain($"\"revisionUrl\":\"/p/{token}/revision\"").And.Contain($"\"revision\":{revisionBefore}"));
            Assert.That(after, Does.Contain("<h1>Ny sidetitel fra editoren</h1>"), "the same preview link shows the draft as it is now");
            Assert.That(revisionAfter, Is.EqualTo(revisionBefore + 1));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task A_draft_is_previewed_through_the_leaders_pages_and_nothing_is_stored()
    {
        await using var site = await PublicSite.StartAsync();
        var draftId = (await site.Lifecycle.CreateAsync(Definitions.Minimal().ToJsonString(), new QuestionnaireSettings(), "test")).Value;
        var token = (await new Previews(site.Db.Database).CreateAsync(draftId))!;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = site.BaseAddress };

        var welcome = WebUtility.HtmlDecode(await (await http.GetAsync($"/p/{token}")).Content.ReadAsStringAsync());
        var next = await http.PostAsync($"/p/{token}/p/p1", new FormUrlEncodedContent(new Dictionary<string, string> { ["sector"] = "private", ["why"] = "Fordi", ["__action"] = "next" }));
        var submit = await http.PostAsync($"/p/{token}/submit", new FormUrlEncodedContent([]));
        var receipt = WebUtility.HtmlDecode(await submit.Content.ReadAsStringAsync());
        var unknown = await http.GetAsync("/p/AAAAAAAAAAAAAAAAAAAAAAAA");
        await using var c = await site.Db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(welcome, Does.Contain("Forhåndsvisning af kladden").And.Contain("Prøve"));
            Assert.That(next.Headers.Location!.ToString(), Is.EqualTo($"/p/{token}/review"));
            Assert.That(receipt, Does.Contain("Tak – dine svar er indsendt").And.Not.Contain("Kvitteringsnummer"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses"), Is.Zero);
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM invitations"), Is.Zero);
        });
    }

    [Test]
    public async Task The_back_office_sends_the_secretariat_to_a_preview_on_the_public_site()
    {
        await using var site = new BackOfficeSite();
        var id = (await new QuestionnaireLifecycle(site.Db.Database).CreateAsync(Definitions.Minimal().ToJsonString(), new QuestionnaireSettings(), "test")).Value;
        using var client = await site.SignedInAsync(Roles.Secretariat);
        var response = await client.GetAsync($"/Questionnaires/Preview/{id}?lang=en");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location!.ToString(), Does.Match("^http://127.0.0.1:5080/p/[A-Za-z0-9_-]{24}\\?lang=en$"));
        });
    }
}
