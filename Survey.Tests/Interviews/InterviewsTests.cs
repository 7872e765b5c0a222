using System.Text.Json.Nodes;
using Dapper;
using Survey.Core;
using Survey.Core.Interviews;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;

namespace Survey.Tests.Interviews;

public class InterviewsTests
{
    private const string Guide = """
        {
          "title": { "da": "Interviewguide", "en": "Interview guide" },
          "pages": [
            {
              "name": "p1",
              "elements": [
                { "type": "radiogroup", "name": "changed", "title": "Skiftet sektor?", "isRequired": true, "choices": ["yes", "no"] },
                { "type": "comment", "name": "brought", "title": "Hvad tog du med?", "visibleIf": "{changed} = 'yes'",
                  "description": { "da": "Spørg efter konkrete eksempler.", "en": "Ask for concrete examples." } },
                { "type": "rating", "name": "interest", "title": "Interesse", "rateMin": 0, "rateMax": 10 }
              ]
            }
          ]
        }
        """;

    private TestDatabase _db = null!;
    private Core.Interviews.Interviews _interviews = null!;
    private Themes _themes = null!;
    private long _guide;
    private InterviewActor _anna = null!, _bo = null!, _secretariat = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = new TestDatabase();
        var lifecycle = new QuestionnaireLifecycle(_db.Database);
        _guide = (await lifecycle.CreateAsync(Guide, new QuestionnaireSettings(Mode: Modes.Interview), "test")).Value;
        await lifecycle.PublishAsync(_guide, "test");
        _interviews = new Core.Interviews.Interviews(_db.Database, new DefinitionCache(_db.Database));
        _themes = new Themes(_db.Database);
        _anna = new InterviewActor(await AddUser("anna@test.example", "interviewer"), "anna@test.example", false);
        _bo = new InterviewActor(await AddUser("bo@test.example", "interviewer"), "bo@test.example", false);
        _secretariat = new InterviewActor(await AddUser("sek@test.example", "secretariat"), "sek@test.example", true);
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private async Task<long> AddUser(string email, string role)
    {
        await using var c = await _db.Database.OpenAsync();
        return await c.ExecuteScalarAsync<long>(
            "INSERT INTO users (email, role, password_hash, created_at) VALUES (@email, @role, 'x', '2026-01-01T00:00:00Z') RETURNING id", new { email, role });
    }

    private async Task<long> Start(InterviewActor actor, bool consent = true) =>
        (await _interviews.StartAsync(new InterviewStart(_guide, null, "Lise Leder", "Region Syd", "region", "2026-11-20", "Teams", consent), actor)).Value;

    private static InterviewEdit Edit(JsonObject answers, bool consent = true, Dictionary<string, string>? notes = null) =>
        new(answers, notes ?? [], "2026-11-20", "Teams", consent);

    private static JsonObject Complete() => new() { ["changed"] = "yes", ["brought"] = "Netværk", ["interest"] = 7 };

    private async Task<long> Responses(string mode = "interview")
    {
        await using var c = await _db.Database.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses WHERE mode = @mode", new { mode });
    }

    [Test]
    public async Task An_interviewer_sees_and_edits_only_their_own_interviews()
    {
        var annas = await Start(_anna);
        var bos = await Start(_bo);
        Assert.Multiple(async () =>
        {
            Assert.That((await _interviews.ListAsync(new(), _anna)).Select(i => i.Id), Is.EqualTo(new[] { annas }));
            Assert.That((await _interviews.ListAsync(new(), _secretariat)).Select(i => i.Id), Is.EquivalentTo(new[] { annas, bos }));
            Assert.That(await _interviews.GetAsync(bos, _anna), Is.Null);
            Assert.That((await _interviews.SaveAsync(bos, Edit(Complete()), _anna)).Kind, Is.EqualTo(OutcomeKind.NotFound));
            Assert.That((await _interviews.CompleteAsync(bos, _anna)).Kind, Is.EqualTo(OutcomeKind.NotFound));
            Assert.That((await _interviews.AddQuoteAsync(bos, new("brought", "x", [1]), _anna)).Kind, Is.EqualTo(OutcomeKind.NotFound));
            Assert.That(await _interviews.HistoryAsync(bos, _anna), Is.Empty);
            Assert.That((await _interviews.SaveAsync(bos, Edit(Complete()), _secretariat)).IsOk, Is.True, "the secretariat may edit any");
        });
    }

    [Test]
    public async Task Lists_filter_by_guide_status_sector_and_interviewer()
    {
        var a = await Start(_anna);
        var b = (await _interviews.StartAsync(new InterviewStart(_guide, null, "Per Privat", "Firma A/S", "Privat", "2026-11-21", "", false), _bo)).Value;
        await _interviews.SaveAsync(a, Edit(Complete()), _anna);
        await _interviews.CompleteAsync(a, _anna);
        Assert.Multiple(async () =>
        {
            Assert.That((await _interviews.ListAsync(new(Status: "completed"), _secretariat)).Select(i => i.Id), Is.EqualTo(new[] { a }));
            Assert.That((await _interviews.ListAsync(new(Sector: "private"), _secretariat)).Select(i => i.Id), Is.EqualTo(new[] { b }));
            Assert.That((await _interviews.ListAsync(new(InterviewerId: _bo.UserId), _secretariat)).Select(i => i.Id), Is.EqualTo(new[] { b }));
            Assert.That((await _interviews.ListAsync(new(QuestionnaireId: _guide + 1), _secretariat)), Is.Empty);
        });
    }

    [Test]
    public async Task Starting_checks_the_guide_the_interviewee_and_the_date()
    {
        var survey = (await new QuestionnaireLifecycle(_db.Database).CreateAsync(Guide, new QuestionnaireSettings(), "test")).Value;
        var notGuide = await _interviews.StartAsync(new InterviewStart(survey, null, "A", "", "state", "2026-11-20", "", false), _anna);
        var bad = await _interviews.StartAsync(new InterviewStart(_guide, null, " ", "", "mars", "20/11/2026", "", false), _anna);
        var unknownContact = await _interviews.StartAsync(new InterviewStart(_guide, 999, null, null, null, "2026-11-20", "", false), _anna);
        Assert.Multiple(() =>
        {
            Assert.That(notGuide.Errors!.Keys, Is.EquivalentTo(new[] { "questionnaireId" }));
            Assert.That(bad.Errors!.Keys, Is.EquivalentTo(new[] { "name", "sector", "heldOn" }));
            Assert.That(unknownContact.Errors!.Keys, Is.EquivalentTo(new[] { "contactId" }));
        });
    }

    [Test]
    public async Task A_contact_is_copied_onto_the_record_and_their_background_goes_with_the_response()
    {
        var contact = (await new Contacts(_db.Database).AddAsync(
            [new ContactInput("Karl Kommune", "karl@test.example", "Aarhus Kommune", "municipality", "Direktør", new Dictionary<string, string> { ["level"] = "top" })], "test"))[0];
        var id = (await _interviews.StartAsync(new InterviewStart(_guide, contact, null, null, null, "2026-11-20", "Aarhus", true), _anna)).Value;
        await _interviews.SaveAsync(id, Edit(Complete()), _anna);
        await _interviews.CompleteAsync(id, _anna);
        var record = (await _interviews.GetAsync(id, _anna))!;
        await using var c = await _db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That((record.IntervieweeName, record.IntervieweeOrganisation, record.IntervieweeSector), Is.EqualTo(("Karl Kommune", "Aarhus Kommune", "municipality")));
            var values = SummaryRowWriter.ReadAsync(c, c.ExecuteScalar<long>("SELECT id FROM responses")).Result!;
            Assert.That(values.Background["level"], Is.EqualTo("top"));
            Assert.That(values.Values.Any(v => v.Key.Question == "interest"));
            Assert.That(c.ExecuteScalar<string>("SELECT sector FROM response_summaries"), Is.EqualTo("municipality"));
        });
    }

    [Test]
    public async Task A_draft_may_be_incomplete_but_completing_applies_every_rule_of_the_guide()
    {
        var id = await Start(_anna);
        var draft = await _interviews.SaveAsync(id, Edit(new JsonObject { ["interest"] = 4 }), _anna);
        var incomplete = await _interviews.CompleteAsync(id, _anna);
        var badShape = await _interviews.SaveAsync(id, Edit(new JsonObject { ["interest"] = "many" }), _anna);
        Assert.Multiple(async () =>
        {
            Assert.That(draft.IsOk, Is.True);
            Assert.That(incomplete.Errors!.Keys, Is.EquivalentTo(new[] { "changed" }));
            Assert.That(badShape.Errors!.Keys, Is.EquivalentTo(new[] { "interest" }));
            Assert.That(await Responses(), Is.Zero, "nothing counts before completion");
        });
        await _interviews.SaveAsync(id, Edit(new JsonObject { ["changed"] = "no", ["brought"] = "hidden", ["interest"] = 4 }), _anna);
        var completed = await _interviews.CompleteAsync(id, _anna);
        var record = (await _interviews.GetAsync(id, _anna))!;
        Assert.Multiple(async () =>
        {
            Assert.That(completed.IsOk, Is.True);
            Assert.That(record.Status, Is.EqualTo(InterviewStatus.Completed));
            Assert.That(record.AnswerValues.ContainsKey("brought"), Is.False, "answers to hidden questions are dropped");
            Assert.That(await Responses(), Is.EqualTo(1));
            Assert.That(await _interviews.HistoryAsync(id, _anna), Is.Empty, "drafting is not history");
        });
    }

    [Test]
    public async Task Every_change_after_completion_is_kept_as_history_and_the_counted_response_follows()
    {
        var id = await Start(_anna);
        await _interviews.SaveAsync(id, Edit(Complete(), notes: new() { ["brought"] = "Talte længe om netværk." }), _anna);
        await _interviews.CompleteAsync(id, _anna);
        var theme = (await _themes.AddAsync("netværk", "test")).Value;

        var stillIncomplete = await _interviews.SaveAsync(id, Edit(new JsonObject { ["interest"] = 2 }), _anna);
        var changed = Complete();
        changed["interest"] = 9;
        await _interviews.SaveAsync(id, Edit(changed, consent: false, notes: new() { ["brought"] = "Rettet note." }), _anna);
        await _interviews.AddQuoteAsync(id, new("brought", "Man tager sit netværk med.", [theme]), _anna);

        var history = await _interviews.HistoryAsync(id, _secretariat);
        await using var c = await _db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(stillIncomplete.Errors!.Keys, Is.EquivalentTo(new[] { "changed" }), "a completed interview must stay complete");
            Assert.That(history.Select(h => (h.Actor, h.Field, h.OldValue, h.NewValue)), Is.EqualTo(new (string, string, string?, string?)[]
            {
                ("anna@test.example", "quoteConsent", "true", "false"),
                ("anna@test.example", "answer:interest", "7", "9"),
                ("anna@test.example", "note:brought", "Talte længe om netværk.", "Rettet note."),
                ("anna@test.example", "quote:brought", null, "Man tager sit netværk med. [netværk]"),
            }));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses"), Is.EqualTo(1), "the response is replaced, not added");
            Assert.That(SummaryRowWriter.ReadAsync(c, c.ExecuteScalar<long>("SELECT id FROM responses")).Result!.Values.Single(v => v.Key.Question == "interest").Number,
                Is.EqualTo(9));
        });
    }

    [Test]
    public async Task Review_states_move_only_as_allowed()
    {
        var id = await Start(_anna);
        await _interviews.SaveAsync(id, Edit(Complete()), _anna);
        var reviewDraft = await _interviews.ReviewAsync(id, true, null, _secretariat);
        await _interviews.CompleteAsync(id, _anna);
        var byInterviewer = await _interviews.ReviewAsync(id, true, null, _bo);
        var withoutComment = await _interviews.ReviewAsync(id, false, " ", _secretariat);
        var sentBack = await _interviews.ReviewAsync(id, false, "Mangler citat om løn.", _secretariat);
        var afterReturn = await Responses();
        var reviewReturned = await _interviews.ReviewAsync(id, true, null, _secretariat);
        var recompleted = await _interviews.CompleteAsync(id, _anna);
        var completeTwice = await _interviews.CompleteAsync(id, _anna);
        var approved = await _interviews.ReviewAsync(id, true, null, _secretariat);
        var record = (await _interviews.GetAsync(id, _anna))!;
        var history = await _interviews.HistoryAsync(id, _anna);
        Assert.Multiple(async () =>
        {
            Assert.That(reviewDraft.Kind, Is.EqualTo(OutcomeKind.Conflict));
            Assert.That(byInterviewer.Kind, Is.EqualTo(OutcomeKind.NotFound), "an interviewer cannot review");
            Assert.That(withoutComment.Errors!.Keys, Is.EquivalentTo(new[] { "comment" }));
            Assert.That(sentBack.IsOk, Is.True);
            Assert.That(afterReturn, Is.Zero, "a returned interview leaves the summaries");
            Assert.That(reviewReturned.Kind, Is.EqualTo(OutcomeKind.Conflict));
            Assert.That(recompleted.IsOk, Is.True);
            Assert.That(completeTwice.Kind, Is.EqualTo(OutcomeKind.Conflict));
            Assert.That(approved.IsOk, Is.True);
            Assert.That(record.Status, Is.EqualTo(InterviewStatus.Reviewed));
            Assert.That(record.ReviewerId, Is.EqualTo(_secretariat.UserId));
            Assert.That(await Responses(), Is.EqualTo(1));
            Assert.That(history.Where(h => h.Field == "status").Select(h => h.NewValue),
                Is.EqualTo(new[] { "returned", "completed", "reviewed" }));
            Assert.That(history.Where(h => h.Field == "reviewComment").Select(h => (h.OldValue, h.NewValue)),
                Is.EqualTo(new (string?, string?)[] { (null, "Mangler citat om løn."), ("Mangler citat om løn.", null) }), "approval clears the comment, and history keeps it");
        });
    }

    [Test]
    public async Task Nobody_reviews_their_own_interview()
    {
        var id = await Start(_secretariat);
        await _interviews.SaveAsync(id, Edit(Complete()), _secretariat);
        await _interviews.CompleteAsync(id, _secretariat);
        var own = await _interviews.ReviewAsync(id, true, null, _secretariat);
        Assert.That(own.Kind, Is.EqualTo(OutcomeKind.Conflict));
    }

    [Test]
    public async Task Changing_a_reviewed_interview_sends_it_back_for_a_new_review()
    {
        var id = await Start(_anna);
        await _interviews.SaveAsync(id, Edit(Complete()), _anna);
        await _interviews.CompleteAsync(id, _anna);
        await _interviews.ReviewAsync(id, true, null, _secretariat);
        var changed = Complete();
        changed["interest"] = 1;
        await _interviews.SaveAsync(id, Edit(changed), _anna);
        var record = (await _interviews.GetAsync(id, _anna))!;
        var history = await _interviews.HistoryAsync(id, _anna);
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(InterviewStatus.Completed));
            Assert.That(history.Last().Field, Is.EqualTo("status"));
            Assert.That(history.Last().NewValue, Is.EqualTo("completed"));
        });
    }

    [Test]
    public async Task Quotes_need_text_known_themes_and_a_question_of_the_guide()
    {
        var id = await Start(_anna);
        var theme = (await _themes.AddAsync("barrierer", "test")).Value;
        var other = (await _themes.AddAsync("løn", "test")).Value;
        var bad = await _interviews.AddQuoteAsync(id, new("nope", " ", []), _anna);
        var unknownTheme = await _interviews.AddQuoteAsync(id, new("brought", "Citat", [theme, 999]), _anna);
        var ok = await _interviews.AddQuoteAsync(id, new("brought", "Lønnen var en barriere.", [theme, other, theme]), _anna);
        var quotes = await _interviews.QuotesAsync(id, _anna);
        Assert.Multiple(() =>
        {
            Assert.That(bad.Errors!.Keys, Is.EquivalentTo(new[] { "text", "themes", "question" }));
            Assert.That(unknownTheme.Errors!.Keys, Is.EquivalentTo(new[] { "themes" }));
            Assert.That(ok.IsOk, Is.True);
            Assert.That(quotes.Single().Themes.Select(t => t.Name), Is.EqualTo(new[] { "barrierer", "løn" }));
        });
        Assert.That((await _themes.DeleteAsync(theme, "test")).Kind, Is.EqualTo(OutcomeKind.Conflict), "a theme in use stays");
        Assert.That((await _interviews.RemoveQuoteAsync(id, ok.Value, _anna)).IsOk, Is.True);
        Assert.That((await _themes.DeleteAsync(theme, "test")).IsOk, Is.True);
    }

    [Test]
    public async Task Theme_names_are_required_and_unique_whatever_the_case()
    {
        await _themes.AddAsync("Kultur", "test");
        Assert.Multiple(async () =>
        {
            Assert.That((await _themes.AddAsync("kultur", "test")).Errors!.Keys, Is.EquivalentTo(new[] { "name" }));
            Assert.That((await _themes.AddAsync("  ", "test")).Errors!.Keys, Is.EquivalentTo(new[] { "name" }));
            Assert.That((await _themes.ListAsync()).Select(t => t.Name), Is.EqualTo(new[] { "Kultur" }));
        });
    }

    [Test]
    public async Task Erasing_a_contact_erases_their_interviews_and_the_numbers_they_added()
    {
        var contact = (await new Contacts(_db.Database).AddAsync([new ContactInput("Karl", "karl@test.example", "", "state", "")], "test"))[0];
        var id = (await _interviews.StartAsync(new InterviewStart(_guide, contact, null, null, null, "2026-11-20", "", true), _anna)).Value;
        await _interviews.SaveAsync(id, Edit(Complete()), _anna);
        await _interviews.CompleteAsync(id, _anna);
        await new Contacts(_db.Database).EraseAsync(contact, "test");
        await using var c = await _db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM interviews"), Is.Zero);
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses"), Is.Zero);
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM response_summaries"), Is.Zero);
        });
    }
}
