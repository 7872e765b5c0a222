using System.Text.Json.Nodes;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;

namespace Survey.Tests.Reports;

/// <summary>A published questionnaire with known answers from invited leaders in each sector, for tests that work the expected numbers out themselves.</summary>
public static class KnownAnswers
{
    /// <summary>
    /// Publishes the definition (minimum group 5), invites count leaders per sector (and idle more who
    /// never answer, for response rates) and submits answersFor(sector) for each answering leader, in order.
    /// </summary>
    public static async Task<(long Id, List<(string Sector, JsonObject Answers)> Raw)> SeedAsync(TestDatabase db, string definition,
        IEnumerable<(string Sector, int Count)> groups, Func<string, JsonObject> answersFor, int idle = 0)
    {
        var lifecycle = new QuestionnaireLifecycle(db.Database);
        var id = (await lifecycle.CreateAsync(definition, new QuestionnaireSettings(MinGroupSize: 5), "test")).Value;
        await lifecycle.PublishAsync(id, "test");
        var contacts = new Contacts(db.Database);
        var invitations = new Invitations(db.Database);
        var submissions = new Submissions(db.Database, new DefinitionCache(db.Database));
        var raw = new List<(string, JsonObject)>();
        var n = 0;
        foreach (var (sector, count) in groups)
        {
            var ids = await contacts.AddAsync(Enumerable.Range(0, count)
                .Select(_ => new ContactInput($"L{++n}", $"l{n}@test.example", "", sector, "")).ToList(), "test");
            if (idle > 0)
                await contacts.AddAsync(Enumerable.Range(0, idle).Select(_ => new ContactInput($"L{++n}", $"l{n}@test.example", "", sector, "")).ToList(), "test");
            var invited = (await invitations.CreateAsync(id, (await contacts.ListAsync()).Where(c => c.Sector == sector).Select(c => c.Id).ToList(), "test")).Value!;
            foreach (var invitation in invited.Where(i => ids.Contains(i.ContactId)))
            {
                var answers = answersFor(sector);
                var result = await submissions.SubmitAsync(invitation.InvitationId, answers);
                Assert.That(result.IsOk, Is.True, string.Join(";", result.Errors?.Keys ?? []));
                raw.Add((sector, answers));
            }
        }
        return (id, raw);
    }
}
