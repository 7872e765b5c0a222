using Dapper;
using Survey.Core;
using Survey.Core.Questionnaires;

namespace Survey.Tests.Questionnaires;

public class QuestionnaireLifecycleTests
{
    private TestDatabase _db = null!;
    private QuestionnaireLifecycle _lifecycle = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _lifecycle = new QuestionnaireLifecycle(_db.Database);
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private async Task<long> CreateAsync(QuestionnaireSettings? settings = null)
    {
        var created = await _lifecycle.CreateAsync(Definitions.Minimal().ToJsonString(), settings ?? new QuestionnaireSettings(), "tester");
        Assert.That(created.IsOk, Is.True);
        return created.Value;
    }

    [Test]
    public async Task A_new_questionnaire_is_a_draft_with_default_settings()
    {
        var row = await _lifecycle.GetAsync(await CreateAsync());
        Assert.Multiple(() =>
        {
            Assert.That(row!.Status, Is.EqualTo(QuestionnaireStatus.Draft));
            Assert.That(row.CurrentVersion, Is.Null);
            Assert.That(row.MinGroupSize, Is.EqualTo(5));
            Assert.That(row.Anonymity, Is.EqualTo(Anonymity.Confidential));
            Assert.That(row.PublicKey, Has.Length.EqualTo(12));
        });
    }

    [Test]
    public async Task An_invalid_definition_is_refused_with_its_paths_and_nothing_is_stored()
    {
        var bad = Definitions.Minimal();
        bad.Element(0, 0)["choices"] = new System.Text.Json.Nodes.JsonArray();
        var result = await _lifecycle.CreateAsync(bad.ToJsonString(), new QuestionnaireSettings(), "tester");
        await using var c = await _db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(result.Kind, Is.EqualTo(OutcomeKind.Invalid));
            Assert.That(result.Errors!.Keys, Does.Contain("$.pages[0].elements[0].choices"));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM questionnaires"), Is.Zero);
        });
    }

    [TestCase("poll", "confidential", 5, "mode")]
    [TestCase("survey", "secret", 5, "anonymity")]
    [TestCase("survey", "confidential", 1, "minGroupSize")]
    public async Task Invalid_settings_are_refused(string mode, string anonymity, int minGroup, string field)
    {
        var result = await _lifecycle.CreateAsync(Definitions.Minimal().ToJsonString(), new QuestionnaireSettings(mode, anonymity, minGroup), "tester");
        Assert.That(result.Errors!.Keys, Does.Contain(field));
    }

    [Test]
    public async Task Publishing_freezes_version_one()
    {
        var id = await CreateAsync();
        var published = await _lifecycle.PublishAsync(id, "tester");
        var row = await _lifecycle.GetAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(published.Value, Is.EqualTo(1));
            Assert.That(row!.Status, Is.EqualTo(QuestionnaireStatus.Published));
            Assert.That(await _lifecycle.GetVersionDefinitionAsync(id, 1), Is.EqualTo(Definitions.Minimal().ToJsonString()));
        });
    }

    [Test]
    public async Task Editing_after_publishing_makes_version_two_while_version_one_stays_as_it_was()
    {
        var id = await CreateAsync();
        await _lifecycle.PublishAsync(id, "tester");
        var edited = Definitions.Minimal();
        edited.Element(0, 1)["title"] = "Hvorfor?";
        await _lifecycle.UpdateDraftAsync(id, edited.ToJsonString(), "tester");

        Assert.That((await _lifecycle.GetAsync(id))!.CurrentVersion, Is.EqualTo(1), "the edit is a draft until published");
        var v2 = await _lifecycle.PublishAsync(id, "tester");
        Assert.Multiple(async () =>
        {
            Assert.That(v2.Value, Is.EqualTo(2));
            Assert.That(await _lifecycle.GetVersionDefinitionAsync(id, 1), Does.Not.Contain("Hvorfor?"));
            Assert.That(await _lifecycle.GetVersionDefinitionAsync(id, 2), Does.Contain("Hvorfor?"));
        });
    }

    [Test]
    public async Task Publishing_an_unchanged_draft_keeps_the_version()
    {
        var id = await CreateAsync();
        await _lifecycle.PublishAsync(id, "tester");
        var again = await _lifecycle.PublishAsync(id, "tester");
        Assert.That(again.Value, Is.EqualTo(1));
    }

    [Test]
    public async Task Published_versions_cannot_be_altered_in_the_database()
    {
        var id = await CreateAsync();
        await _lifecycle.PublishAsync(id, "tester");
        await using var c = await _db.Database.OpenAsync();
        var inserted = () => c.Execute("INSERT INTO questionnaire_versions (questionnaire_id, version, definition, published_at) VALUES (@id, 1, '{}', @at)",
            new { id, at = DateTime.UtcNow });
        Assert.That(inserted, Throws.InstanceOf<System.Data.Common.DbException>().With.Message.Contains("UNIQUE").IgnoreCase
            .Or.InstanceOf<System.Data.Common.DbException>().With.Message.Contains("duplicate key"));
    }

    [Test]
    public async Task Anonymity_and_minimum_group_size_are_fixed_once_published()
    {
        var id = await CreateAsync();
        Assert.That((await _lifecycle.UpdateSettingsAsync(id, new QuestionnaireSettings(Anonymity: Anonymity.Anonymous, MinGroupSize: 10), "tester")).IsOk, Is.True,
            "before publishing the settings can change");
        await _lifecycle.PublishAsync(id, "tester");
        var changed = await _lifecycle.UpdateSettingsAsync(id, new QuestionnaireSettings(Anonymity: Anonymity.Identified, MinGroupSize: 3), "tester");
        var openLink = await _lifecycle.UpdateSettingsAsync(id, new QuestionnaireSettings(Anonymity: Anonymity.Anonymous, MinGroupSize: 10, OpenLink: true), "tester");
        var row = await _lifecycle.GetAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(changed.Kind, Is.EqualTo(OutcomeKind.Invalid));
            Assert.That(changed.Errors!.Keys, Is.EquivalentTo(new[] { "anonymity", "minGroupSize" }));
            Assert.That(openLink.IsOk, Is.True, "other settings may still change");
            Assert.That(row!.Anonymity, Is.EqualTo(Anonymity.Anonymous));
            Assert.That(row.MinGroupSize, Is.EqualTo(10));
            Assert.That(row.OpenLink, Is.True);
        });
    }

    [Test]
    public async Task A_closed_questionnaire_takes_no_more_edits_or_versions()
    {
        var id = await CreateAsync();
        await _lifecycle.PublishAsync(id, "tester");
        Assert.That((await _lifecycle.CloseAsync(id, "tester")).IsOk, Is.True);
        var row = await _lifecycle.GetAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(row!.Status, Is.EqualTo(QuestionnaireStatus.Closed));
            Assert.That(QuestionnaireLifecycle.IsOpen(row, DateTime.UtcNow), Is.False);
            Assert.That((await _lifecycle.UpdateDraftAsync(id, Definitions.Minimal().ToJsonString(), "tester")).Kind, Is.EqualTo(OutcomeKind.Conflict));
            Assert.That((await _lifecycle.PublishAsync(id, "tester")).Kind, Is.EqualTo(OutcomeKind.Conflict));
        });
    }

    [Test]
    public async Task A_draft_cannot_be_closed()
    {
        var id = await CreateAsync();
        Assert.That((await _lifecycle.CloseAsync(id, "tester")).Kind, Is.EqualTo(OutcomeKind.Conflict));
    }

    [Test]
    public async Task Opening_and_closing_dates_decide_whether_it_is_open()
    {
        var now = DateTime.UtcNow;
        var id = await CreateAsync(new QuestionnaireSettings(OpensAt: now.AddDays(1), ClosesAt: now.AddDays(10)));
        await _lifecycle.PublishAsync(id, "tester");
        var row = (await _lifecycle.GetAsync(id))!;
        Assert.Multiple(() =>
        {
            Assert.That(QuestionnaireLifecycle.IsOpen(row, now), Is.False);
            Assert.That(QuestionnaireLifecycle.IsOpen(row, now.AddDays(2)), Is.True);
            Assert.That(QuestionnaireLifecycle.IsOpen(row, now.AddDays(11)), Is.False);
        });
    }

    [Test]
    public async Task Unknown_questionnaires_are_not_found()
    {
        Assert.Multiple(async () =>
        {
            Assert.That((await _lifecycle.PublishAsync(999, "tester")).Kind, Is.EqualTo(OutcomeKind.NotFound));
            Assert.That((await _lifecycle.CloseAsync(999, "tester")).Kind, Is.EqualTo(OutcomeKind.NotFound));
            Assert.That(await _lifecycle.GetAsync(999), Is.Null);
        });
    }

    [Test]
    public async Task Every_step_is_written_to_the_audit_log()
    {
        var id = await CreateAsync();
        await _lifecycle.UpdateDraftAsync(id, Definitions.Minimal().ToJsonString(), "anna@example.dk");
        await _lifecycle.PublishAsync(id, "anna@example.dk");
        await _lifecycle.CloseAsync(id, "anna@example.dk");
        await using var c = await _db.Database.OpenAsync();
        var actions = c.Query<string>("SELECT action FROM audit_log WHERE entity = 'questionnaire' AND entity_id = @id ORDER BY id", new { id = id.ToString() });
        Assert.That(actions, Is.EqualTo(new[] { "create", "edit-definition", "publish", "close" }));
    }
}
