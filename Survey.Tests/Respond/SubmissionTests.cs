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
            Assert.That((string)row.sector, Is.Empty, "one invited person's sector would name them (AnonymityTests has the shared case)");
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

    [Test]
    public async Task After_a_burst_every_201_has_exactly_one_stored_response_with_exactly_the_answers_sent()
    {
        await using var site = await PublicSite.StartAsync();
        var tokens = await site.InviteManyAsync(120);
        var definition = (await new DefinitionCache(site.Db.Database).GetAsync(site.QuestionnaireId, 1))!;
        using var http = site.CreateClient();
        using var gate = new SemaphoreSlim(32);
        var results = await Task.WhenAll(tokens.Select(async (token, i) =>
        {
            var answers = DemoAnswers.Complete(1000 + i, Core.Participants.Sectors.All[i % 5]);
            await gate.WaitAsync();
            try
            {
                var response = await http.PostAsJsonAsync($"/api/v1/respond/{token}/submit", new JsonObject { ["answers"] = answers.DeepClone() });
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                return (response.StatusCode, Id: response.StatusCode == HttpStatusCode.Created ? body["responseId"]!.GetValue<long>() : 0, Sent: answers);
            }
            finally
            {
                gate.Release();
            }
        }));
        await using var c = await site.Db.Database.OpenAsync();
        var stored = (await c.QueryAsync<(long Id, string Answers)>("SELECT id, answers FROM responses")).ToDictionary(r => r.Id, r => r.Answers);
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
            Assert.That(stored, Has.Count.EqualTo(results.Length), "no response more, none less");
            Assert.That(results.Select(r => r.Id).Distinct().Count(), Is.EqualTo(results.Length));
            foreach (var (_, id, sent) in results)
            {
                var expected = Core.Responses.AnswerValidator.Validate(definition, sent, Core.Responses.AnswerScope.Submit).Answers;
                Assert.That(JsonNode.DeepEquals(JsonNode.Parse(stored[id]), expected), Is.True, $"response {id} holds other answers than were sent");
            }
        });
    }
}
