using System.Text.Json.Nodes;
using Bogus;
using Dapper;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Web.Demo;

namespace Survey.Tests.Demo;

public class DemoSeederTests
{
    private static DemoSeeder Seeder(TestDatabase db) => DemoSeeder.Over(db.Database);

    [Test]
    public async Task The_demo_has_a_published_questionnaire_and_interview_guide_and_200_leaders_in_every_sector()
    {
        using var db = new TestDatabase();
        var result = await Seeder(db).SeedAsync(responses: 40);
        await using var c = await db.Database.OpenAsync();
        var sectors = c.Query<(string Sector, long Count)>("SELECT sector, COUNT(*) FROM contacts GROUP BY sector").ToDictionary(r => r.Sector, r => r.Count);
        var modes = c.Query<string>("SELECT mode FROM questionnaires WHERE status = 'published' ORDER BY id").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.ContactsAdded, Is.EqualTo(DemoSeeder.DemoContacts));
            Assert.That(result.ResponsesAdded, Is.EqualTo(40));
            Assert.That(sectors.Keys, Is.EquivalentTo(Sectors.All));
            Assert.That(sectors.Values.Sum(), Is.EqualTo(200));
            Assert.That(modes, Is.EqualTo(new[] { Modes.Survey, Modes.Interview }));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM contacts WHERE email NOT LIKE '%.example'"), Is.Zero, "demo e-mails never reach a real inbox");
        });
    }

    [Test]
    public async Task Seeding_again_reuses_the_demo_and_adds_more_responses()
    {
        using var db = new TestDatabase();
        var first = await Seeder(db).SeedAsync(responses: 5);
        var second = await Seeder(db).SeedAsync(responses: 7);
        await using var c = await db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(second.QuestionnaireId, Is.EqualTo(first.QuestionnaireId));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM questionnaires"), Is.EqualTo(2));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses WHERE mode = 'web'"), Is.EqualTo(12));
            Assert.That(second.InterviewsAdded, Is.Zero, "the demo interviews are recorded once");
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM interviews"), Is.EqualTo(first.InterviewsAdded));
            Assert.That(c.Query<string>("SELECT name FROM themes ORDER BY name"), Is.EqualTo(new[] { "barrierer", "kultur", "løn", "rekruttering", "videndeling" }),
                "the quote themes are seeded once");
        });
    }

    [Test]
    public async Task The_demo_has_completed_interviews_whose_numbers_and_quotes_the_guides_summary_shows()
    {
        using var db = new TestDatabase();
        var result = await Seeder(db).SeedAsync(responses: 10);
        var summary = (await new Survey.Core.Reports.SummaryBuilder(db.Database, new DefinitionCache(db.Database))
            .BuildAsync(new Survey.Core.Reports.SummaryRequest(result.InterviewGuideId)))!;
        await using var c = await db.Database.OpenAsync();
        var quoted = summary.Quotes.Themes.SelectMany(t => t.Sectors).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.InterviewsAdded, Is.EqualTo(15));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM interviews WHERE status = 'completed'"), Is.EqualTo(15));
            Assert.That(summary.Completed, Is.EqualTo(15));
            Assert.That(summary.Questions.Single(q => q.Name == "sharing_extent").Answered, Is.EqualTo(15));
            Assert.That(quoted.Select(s => s.Sector).Distinct(), Is.EquivalentTo(new[] { Sectors.State, Sectors.Municipality, Sectors.Private }));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM interviews WHERE NOT quote_consent"), Is.GreaterThan(0), "some did not consent");
            Assert.That(quoted.SelectMany(s => s.Quotes).Count(), Is.EqualTo(c.ExecuteScalar<long>(
                "SELECT COUNT(*) FROM interview_quotes q JOIN interviews i ON i.id = q.interview_id JOIN interview_quote_themes t ON t.quote_id = q.id WHERE i.quote_consent")),
                "every consented quote is shown, and no other");
        });
    }

    [Test]
    public async Task More_responses_than_leaders_makes_more_leaders()
    {
        using var db = new TestDatabase();
        var result = await Seeder(db).SeedAsync(responses: 230);
        Assert.That(result.ResponsesAdded, Is.EqualTo(230));
    }

    [Test]
    public void Simulated_answers_are_valid_and_depend_on_the_sector()
    {
        var def = SurveyDefinition.Parse(DemoSeeder.ReadDefinition("leader-mobility.json"));
        var faker = new Faker { Random = new Randomizer(7) };
        var bySector = Sectors.All.ToDictionary(s => s, s => Enumerable.Range(0, 200).Select(_ => DemoSeeder.SimulateAnswers(faker, s)).ToList());
        foreach (var answers in bySector.Values.SelectMany(a => a))
        {
            var check = AnswerValidator.Validate(def, answers, AnswerScope.Submit);
            Assert.That(check.Errors, Is.Empty, answers.ToJsonString());
        }
        double Share(string sector, Func<JsonObject, bool> f) => bySector[sector].Count(f) / 200.0;
        var privatePay = bySector[Sectors.Private].Average(a => a["barriers"]!["pay"]!.GetValue<int>());
        var statePay = bySector[Sectors.State].Average(a => a["barriers"]!["pay"]!.GetValue<int>());
        Assert.Multiple(() =>
        {
            Assert.That(bySector[Sectors.Region].All(a => a["current_sector"]!.GetValue<string>() == Sectors.Region), Is.True);
            Assert.That(Share(Sectors.Private, a => a["changed_sector"]!.GetValue<bool>()), Is.LessThan(Share(Sectors.State, a => a["changed_sector"]!.GetValue<bool>())));
            Assert.That(privatePay, Is.GreaterThan(statePay));
        });
    }
}
