using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Questionnaires;
using Survey.Tests.Sites;

namespace Survey.Tests.Respond;

public class SubmissionTests
{
    [Test]
    public async Task Fifty_leaders_at_once_and_twenty_submits_of_one_link_make_exactly_fifty_one_responses()
    {
        await using var site = await PublicSite.StartAsync();
        var tokens = await site.InviteManyAsync(51);
        using var http = site.CreateClient();
        Task<HttpResponseMessage> Submit(string token, int seed) =>
            http.PostAsJsonAsync($"/api/v1/respond/{token}/submit", new JsonObject { ["answers"] = DemoAnswers.Complete(seed) });

        var many = tokens.Take(50).Select((t, i) => Submit(t, i));
        var same = Enumerable.Range(0, 20).Select(i => Submit(tokens[50], 100 + i));
        var results = await Task.WhenAll(many.Concat(same));
        var sameStatuses = results.Skip(50).Select(r => r.StatusCode).ToList();

        await using var c = await site.Db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(results.Take(50).Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
            Assert.That(sameStatuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1));
            Assert.That(sameStatuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(19));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses"), Is.EqualTo(51));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(DISTINCT invitation_id) FROM responses"), Is.EqualTo(51));
        });
    }

    [Test]
    public async Task An_anonymous_response_keeps_no_link_to_the_invitation_or_the_contact()
    {
        await using var site = await PublicSite.StartAsync(anonymity: Anonymity.Anonymous);
        var token = await site.InviteAsync();
        using var http = site.CreateClient();
        var response = await http.PostAsJsonAsync($"/api/v1/respond/{token}/submit", new JsonObject { ["answers"] = DemoAnswers.Complete() });
        await using var c = await site.Db.Database.OpenAsync();
        var row = c.QuerySingle("SELECT invitation_id, answers, sector FROM responses");
        var invitation = c.QuerySingle("SELECT status, draft_answers FROM invitations");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((object?)row.invitation_id, Is.Null);
            Assert.That((string)invitation.status, Is.EqualTo("completed"));
            Assert.That((object?)invitation.draft_answers, Is.Null, "no copy of the answers stays with the invitation");
            Assert.That((string)row.sector, Is.EqualTo("municipality"), "the sector is kept for breakdowns");
        });
    }

    [Test]
    public async Task Answer_text_is_stored_exactly_as_given()
    {
        await using var site = await PublicSite.StartAsync();
        var token = await site.InviteAsync();
        using var http = site.CreateClient();
        var answers = DemoAnswers.Complete();
        const string text = "<script>alert('x')</script> & \"æøå\" =SUM(A1)";
        answers["recommendation"] = text;
        await http.PostAsJsonAsync($"/api/v1/respond/{token}/submit", new JsonObject { ["answers"] = answers });
        await using var c = await site.Db.Database.OpenAsync();
        var stored = JsonNode.Parse(c.ExecuteScalar<string>("SELECT answers FROM responses")!)!;
        Assert.That(stored["recommendation"]!.GetValue<string>(), Is.EqualTo(text));
    }
}
