using Dapper;
using Survey.Core;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Web.Demo;

namespace Survey.Tests.Participants;

public class InvitationsTests
{
    [Test]
    public async Task Everyone_is_invited_once_even_above_sqlites_parameter_limit()
    {
        using var db = new TestDatabase();
        var lifecycle = new QuestionnaireLifecycle(db.Database);
        var id = (await lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test")).Value;
        await lifecycle.PublishAsync(id, "test");
        var contactIds = await new Contacts(db.Database).AddAsync(Enumerable.Range(0, 35_000)
            .Select(i => new ContactInput($"Leder {i}", $"leder{i}@x.example", "", Sectors.State, "")).ToList(), "test");
        var invitations = new Invitations(db.Database);

        var first = await invitations.CreateAsync(id, contactIds, "test");
        var again = await invitations.CreateAsync(id, contactIds, "test");
        var unknown = await invitations.CreateAsync(id, [.. contactIds, 999_999], "test");

        await using var c = await db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(first.Value, Has.Count.EqualTo(35_000));
            Assert.That(again.Value, Is.Empty);
            Assert.That(unknown.Kind, Is.EqualTo(OutcomeKind.Invalid));
            Assert.That(unknown.Errors!["contactIds"].Single(), Does.Contain("999999"));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(DISTINCT contact_id) FROM invitations WHERE questionnaire_id = @id", new { id }), Is.EqualTo(35_000));
        });
    }
}
