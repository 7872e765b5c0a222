using System.Net;
using System.Text.Json.Nodes;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Responses;

namespace Survey.Tests.Reports;

public class BreakdownTests
{
    /// <summary>A question called sector, answered by twelve invited leaders of the state who all say "private".</summary>
    private static async Task<(TestDatabase Db, long Id)> SeedAsync()
    {
        var db = new TestDatabase();
        var lifecycle = new QuestionnaireLifecycle(db.Database);
        var id = (await lifecycle.CreateAsync("""
            { "pages": [ { "name": "p1", "elements": [
              { "type": "radiogroup", "name": "sector", "choices": ["state", "private"] },
              { "type": "boolean", "name": "moved" } ] } ] }
            """, new QuestionnaireSettings(MinGroupSize: 5), "test")).Value;
        await lifecycle.PublishAsync(id, "test");
        var contacts = new Contacts(db.Database);
        var ids = (await contacts.AddAsync(Enumerable.Range(0, 12).Select(i => new ContactInput($"S{i}", $"s{i}@test.example", "", Sectors.State, "",
            new Dictionary<string, string> { ["landsdel"] = i < 6 ? "Fyn" : "Sjælland" })).ToList(), "test")).ToList();
        // Three more in the state and three in Sjælland who never answer.
        ids.AddRange(await contacts.AddAsync(Enumerable.Range(0, 3).Select(i => new ContactInput($"T{i}", $"t{i}@test.example", "", Sectors.State, "",
            new Dictionary<string, string> { ["landsdel"] = "Sjælland" })).ToList(), "test"));
        var invited = (await new Invitations(db.Database).CreateAsync(id, ids, "test")).Value!;
        var submissions = new Submissions(db.Database, new DefinitionCache(db.Database));
        foreach (var invitation in invited.Take(12))
            Assert.That((await submissions.SubmitAsync(invitation.InvitationId, new JsonObject { ["sector"] = "private", ["moved"] = true })).IsOk, Is.True);
        return (db, id);
    }

    private static Task<QuestionnaireSummary?> Build(TestDatabase db, long id, string by) =>
        new SummaryBuilder(db.Database, new DefinitionCache(db.Database)).BuildAsync(new SummaryRequest(id, by));

    [Test]
    public async Task A_question_named_like_a_background_variable_never_mixes_with_it()
    {
        var (db, id) = await SeedAsync();
        using var _ = db;
        var background = (await Build(db, id, "sector"))!;
        var explicitBackground = (await Build(db, id, ResponsesBy.Background("sector")))!;
        var question = (await Build(db, id, ResponsesBy.Question("sector")))!;
        var state = background.Groups.Single(g => g.Key == Sectors.State);
        Assert.Multiple(() =>
        {
            Assert.That(background.By, Is.EqualTo("sector"), "the bare name is the background variable");
            Assert.That(explicitBackground.By, Is.EqualTo("sector"));
            Assert.That(background.Groups.Select(g => g.Key), Is.EqualTo(new[] { Sectors.State }));
            Assert.That(state.Invited, Is.EqualTo(15));
            Assert.That(state.Completed, Is.EqualTo(12));
            Assert.That(state.ResponseRate, Is.EqualTo(80.0));
            Assert.That(explicitBackground.Groups.Select(g => (g.Key, g.Invited, g.Completed)), Is.EqualTo(background.Groups.Select(g => (g.Key, g.Invited, g.Completed))));
            Assert.That(question.By, Is.EqualTo("question:sector"));
            Assert.That(question.Groups.Select(g => g.Key), Is.EqualTo(new[] { "private" }));
            Assert.That(question.Groups.Single(g => g.Key == "private").Completed, Is.EqualTo(12));
            Assert.That(question.Groups.Select(g => g.Invited), Is.All.Null, "answers to a question have no invited count");
            Assert.That(question.Groups.Select(g => g.ResponseRate), Is.All.Null);
        });
    }

    [Test]
    public async Task A_breakdown_by_any_background_variable_has_its_own_response_rate()
    {
        var (db, id) = await SeedAsync();
        using var _ = db;
        var summary = (await Build(db, id, ResponsesBy.Background("landsdel")))!;
        var fyn = summary.Groups.Single(g => g.Key == "Fyn");
        var sjaelland = summary.Groups.Single(g => g.Key == "Sjælland");
        Assert.Multiple(() =>
        {
            Assert.That((fyn.Invited, fyn.Completed, fyn.ResponseRate), Is.EqualTo(((long?)6, (long?)6, (double?)100.0)));
            Assert.That((sjaelland.Invited, sjaelland.Completed, sjaelland.ResponseRate), Is.EqualTo(((long?)9, (long?)6, (double?)66.7)));
        });
    }

    [Test]
    public async Task A_malformed_breakdown_is_refused_with_its_parameter_named()
    {
        await using var site = new Survey.Tests.BackOffice.BackOfficeSite();
        using var api = site.Api(await site.ApiKeyAsync(Survey.Web.Users.Roles.Taskforce));
        var response = await api.GetAsync("/api/v1/admin/questionnaires/1/summary.json?by=question:");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(body["errors"]!["by"], Is.Not.Null);
        });
    }
}
