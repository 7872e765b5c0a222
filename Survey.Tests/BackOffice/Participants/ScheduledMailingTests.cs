using System.Net;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using netDumbster.smtp;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Web.Demo;
using Survey.Tests.Sites;
using Survey.Web.Participants;

namespace Survey.Tests.BackOffice.Participants;

/// <summary>
/// Invitations at a chosen time and reminders days later, carried out by the back office's job on a
/// fake clock, through a real SMTP conversation; a restart in the middle mails nobody twice.
/// </summary>
public class ScheduledMailingTests : MailingTestBase
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider(Start);
    }

    /// <summary>The job as one back-office process has it; a new one stands for the site after a restart.</summary>
    private ScheduledMailings Process()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SmtpSettings()).Build();
        var mailer = new InvitationMailer(_db.Database, new MessageTemplates(_db.Database), configuration, _clock);
        return new ScheduledMailings(_db.Database, mailer, _clock, NullLogger<ScheduledMailings>.Instance);
    }

    /// <summary>How many mails each address has had, by subject's first word (Invitation or Påmindelse).</summary>
    private Dictionary<string, int> MailsTo(string kindWord) => _smtp.ReceivedEmail
        .Where(m => m.Headers["Subject"]?.StartsWith(kindWord, StringComparison.Ordinal) == true)
        .GroupBy(m => m.ToAddresses[0].Address).ToDictionary(g => g.Key, g => g.Count());

    private async Task<List<(string Kind, string Status, int Sent)>> MailingsAsync()
    {
        await using var c = await _db.Database.OpenAsync();
        return (await c.QueryAsync<(string, string, int)>("SELECT kind, status, sent FROM scheduled_mailings ORDER BY due_at, id")).ToList();
    }

    [Test]
    public async Task An_invitation_and_two_reminders_go_out_at_their_times_to_whom_they_are_for_and_a_restart_mails_nobody_twice()
    {
        var planned = await Process().ScheduleAsync(_questionnaireId,
            new MailingPlan(MessageKinds.Invitation, Start.UtcDateTime.AddHours(1), [5, 10]), "sekretariat@test.example");
        Assert.That(planned.IsOk, Is.True, string.Join("; ", planned.Errors?.SelectMany(e => e.Value) ?? []));

        // Before its time nothing is sent.
        var early = await Process().RunDueAsync();
        _clock.Advance(TimeSpan.FromHours(1));
        var invitationRun = await Process().RunDueAsync();
        var invited = MailsTo("Invitation");
        var afterInvitation = await MailingsAsync();

        // Anne answers; Bo opens his link. The first reminder goes to Bo and Carl only.
        await using (var c = await _db.Database.OpenAsync())
        {
            await c.ExecuteAsync("UPDATE invitations SET status = 'completed' WHERE contact_id = (SELECT id FROM contacts WHERE email = 'anne@test.example')");
            await c.ExecuteAsync("UPDATE invitations SET status = 'opened' WHERE contact_id = (SELECT id FROM contacts WHERE email = 'bo@test.example')");
        }
        _clock.Advance(TimeSpan.FromDays(4));
        var notYet = await Process().RunDueAsync();
        _clock.Advance(TimeSpan.FromDays(1));
        await Process().RunDueAsync();
        var firstReminders = MailsTo("Påmindelse");

        // The second reminder: a process starts on it, reaches Bo and stops (the site is killed);
        // the process after the restart takes the stale mailing again and mails only Carl.
        _clock.Advance(TimeSpan.FromDays(5));
        await using (var c = await _db.Database.OpenAsync())
        {
            var second = await c.ExecuteScalarAsync<long>("SELECT max(id) FROM scheduled_mailings");
            await c.ExecuteAsync("UPDATE scheduled_mailings SET status = 'running', started_at = @at WHERE id = @second",
                new { second, at = _clock.GetUtcNow().UtcDateTime });
            await c.ExecuteAsync("""
                INSERT INTO mailing_deliveries (mailing_id, invitation_id, claimed_at)
                SELECT @second, i.id, @at FROM invitations i JOIN contacts k ON k.id = i.contact_id WHERE k.email = 'bo@test.example'
                """, new { second, at = _clock.GetUtcNow().UtcDateTime });
        }
        var whileRunning = await Process().RunDueAsync();
        _clock.Advance(ScheduledMailings.StaleRun + TimeSpan.FromMinutes(1));
        var afterRestart = await Process().RunDueAsync();
        var again = await Process().RunDueAsync();
        var reminders = MailsTo("Påmindelse");

        Assert.Multiple(async () =>
        {
            Assert.That(planned.Value, Has.Count.EqualTo(3));
            Assert.That(early, Is.Zero, "nothing is due an hour early");
            Assert.That(invitationRun, Is.EqualTo(1));
            Assert.That(invited, Is.EquivalentTo(new Dictionary<string, int> { ["anne@test.example"] = 1, ["bo@test.example"] = 1, ["carl@test.example"] = 1 }));
            Assert.That(afterInvitation[0], Is.EqualTo(("invitation", "done", 3)));
            Assert.That(afterInvitation.Skip(1).Select(m => m.Status), Is.All.EqualTo("pending"));
            Assert.That(notYet, Is.Zero, "four days after, the first reminder is not due");
            Assert.That(firstReminders, Is.EquivalentTo(new Dictionary<string, int> { ["bo@test.example"] = 1, ["carl@test.example"] = 1 }),
                "those who answered get no reminder");
            Assert.That(whileRunning, Is.Zero, "a mailing another process runs is left to it");
            Assert.That(afterRestart, Is.EqualTo(1));
            Assert.That(again, Is.Zero);
            Assert.That(reminders, Is.EquivalentTo(new Dictionary<string, int> { ["bo@test.example"] = 1, ["carl@test.example"] = 2 }),
                "Bo had the second reminder before the restart and is not mailed it again");
            Assert.That((await MailingsAsync()).Select(m => m.Status), Is.All.EqualTo("done"));
            await using var c = await _db.Database.OpenAsync();
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mailing_deliveries"), Is.EqualTo(3 + 2 + 2));
        });
    }

    [Test]
    public async Task A_reminder_passes_over_someone_invited_less_than_a_day_before()
    {
        await using (var c = await _db.Database.OpenAsync())
            await c.ExecuteAsync("UPDATE invitations SET status = 'sent', sent_at = @at", new { at = Start.UtcDateTime.AddHours(-2) });
        await Process().ScheduleAsync(_questionnaireId, new MailingPlan(MessageKinds.Reminder, Start.UtcDateTime, []), "test");
        await Process().RunDueAsync();
        Assert.That(_smtp.ReceivedEmail, Is.Empty);
        Assert.That((await MailingsAsync()).Single(), Is.EqualTo(("reminder", "done", 0)));
    }

    [Test]
    public async Task Plans_that_cannot_be_kept_are_refused_with_a_reason_and_a_pending_mailing_can_be_cancelled()
    {
        var mailings = Process();
        var past = await mailings.ScheduleAsync(_questionnaireId, new MailingPlan(MessageKinds.Invitation, Start.UtcDateTime.AddHours(-1), []), "test");
        var zeroDays = await mailings.ScheduleAsync(_questionnaireId, new MailingPlan(MessageKinds.Invitation, Start.UtcDateTime.AddHours(1), [0, 5]), "test");
        var twice = await mailings.ScheduleAsync(_questionnaireId, new MailingPlan(MessageKinds.Invitation, Start.UtcDateTime.AddHours(1), [5, 5]), "test");
        await using (var c = await _db.Database.OpenAsync())
            await c.ExecuteAsync("UPDATE questionnaires SET closes_at = @at", new { at = Start.UtcDateTime.AddDays(7) });
        var afterClosing = await mailings.ScheduleAsync(_questionnaireId, new MailingPlan(MessageKinds.Invitation, Start.UtcDateTime.AddHours(1), [5, 10]), "test");
        var ok = await mailings.ScheduleAsync(_questionnaireId, new MailingPlan(MessageKinds.Invitation, Start.UtcDateTime.AddHours(1), [5]), "test");
        var cancelled = await mailings.CancelAsync(_questionnaireId, ok.Value![1], "test");
        _clock.Advance(TimeSpan.FromHours(1));
        await mailings.RunDueAsync();
        var cancelDone = await mailings.CancelAsync(_questionnaireId, ok.Value[0], "test");
        _clock.Advance(TimeSpan.FromDays(5));
        await mailings.RunDueAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(past.Errors!["due"].Single(), Does.Contain("passeret"));
            Assert.That(zeroDays.Errors!["reminderDays"].Single(), Does.Contain("fra 1 til 90"));
            Assert.That(twice.Errors!.ContainsKey("reminderDays"), Is.True);
            Assert.That(afterClosing.Errors!["reminderDays"].Single(), Does.Contain("lukker"));
            Assert.That(cancelled.IsOk, Is.True);
            Assert.That(cancelDone.Kind, Is.EqualTo(Survey.Core.OutcomeKind.Conflict));
            Assert.That(await MailingsAsync(), Is.EqualTo(new[] { ("invitation", "done", 3), ("reminder", "cancelled", 0) }));
            Assert.That(_smtp.ReceivedEmail, Has.Length.EqualTo(3), "the cancelled reminder sent nothing");
            await using var c = await _db.Database.OpenAsync();
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action IN ('schedule-mailings', 'cancel-mailing')"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task The_back_office_schedules_from_its_page_and_its_own_job_sends_when_the_clock_gets_there()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var site = new BackOfficeSite(SmtpSettings(), services => services.AddSingleton<TimeProvider>(clock));
        var client = await site.SignedInAsync("secretariat");
        var guide = await new QuestionnaireLifecycle(site.Db.Database).CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test");
        await new QuestionnaireLifecycle(site.Db.Database).PublishAsync(guide.Value, "test");
        var contact = await new Contacts(site.Db.Database).AddAsync([new ContactInput("Dorte Dam", "dorte@test.example", "", Sectors.Region, "")], "test");
        await new Invitations(site.Db.Database).CreateAsync(guide.Value, contact, "test");
        var local = Survey.Core.Times.ToCopenhagen(clock.GetUtcNow().UtcDateTime).AddHours(2);
        var page = $"/Questionnaires/Invitations/{guide.Value}";
        var bad = await BackOfficeSite.PostFormAsync(client, page + "?handler=Schedule", new()
        {
            ["Schedule.Kind"] = "invitation", ["Schedule.Date"] = local.ToString("yyyy-MM-dd"), ["Schedule.Time"] = local.ToString("HH:mm"), ["Schedule.ReminderDays"] = "fem",
        }, page);
        var badPage = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        var scheduled = await BackOfficeSite.PostFormAsync(client, page + "?handler=Schedule", new()
        {
            ["Schedule.Kind"] = "invitation", ["Schedule.Date"] = local.ToString("yyyy-MM-dd"), ["Schedule.Time"] = local.ToString("HH:mm"), ["Schedule.ReminderDays"] = "5, 10",
        }, page);
        var listed = WebUtility.HtmlDecode(await client.GetStringAsync(page));
        // The job runs on its timer: nothing before the time, the invitation once the clock passes it.
        clock.Advance(TimeSpan.FromMinutes(30));
        await Task.Delay(500);
        var before = _smtp.ReceivedEmail.Length;
        clock.Advance(TimeSpan.FromHours(2));
        for (var i = 0; i < 100 && _smtp.ReceivedEmail.Length == 0; i++) await Task.Delay(100);
        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(badPage, Does.Contain("Skriv antal dage som hele tal"));
            Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(listed, Does.Contain("Planlagte udsendelser").And.Contain(local.ToString("yyyy-MM-dd HH:mm")).And.Contain(local.AddDays(10).ToString("yyyy-MM-dd HH:mm")));
            Assert.That(before, Is.Zero);
            Assert.That(_smtp.ReceivedEmail.Select(m => m.ToAddresses[0].Address), Is.EqualTo(new[] { "dorte@test.example" }));
        });
    }

    [Test]
    public async Task Without_an_smtp_server_send_and_schedule_are_disabled_with_the_reason_beside_them()
    {
        await using var site = new BackOfficeSite();
        var client = await site.SignedInAsync("secretariat");
        var id = (await new QuestionnaireLifecycle(site.Db.Database).CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test")).Value;
        await new QuestionnaireLifecycle(site.Db.Database).PublishAsync(id, "test");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Questionnaires/Invitations/{id}"));
        var buttons = System.Text.RegularExpressions.Regex.Matches(page, "<button[^>]*aria-describedby=\"no-smtp\"[^>]*>").Select(m => m.Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("id=\"no-smtp\"").And.Contain("der er ikke sat en SMTP-server op (Smtp:Host)"));
            Assert.That(buttons, Has.Count.EqualTo(3), "send, remind and schedule");
            Assert.That(buttons, Is.All.Contain("disabled"));
        });
    }
}

/// <summary>The texts page: its placeholders explained beside the texts, a wrong one refused next to its field with the text kept, and each questionnaire's own defaults.</summary>
public class MessageTemplatePageTests
{
    [Test]
    public async Task The_texts_page_explains_every_placeholder_refuses_an_unknown_one_beside_its_field_and_new_questionnaires_get_general_texts()
    {
        await using var site = new BackOfficeSite();
        var client = await site.SignedInAsync("secretariat");
        var lifecycle = new QuestionnaireLifecycle(site.Db.Database);
        var id = (await lifecycle.CreateAsync("""{ "title": "Trivsel blandt ledere", "pages": [ { "name": "p", "elements": [ { "type": "text", "name": "q" } ] } ] }""",
            new QuestionnaireSettings(), "test")).Value;
        var seeded = await DemoSeeder.Over(site.Db.Database).SeedAsync(responses: 0);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Questionnaires/Templates/{id}"));
        var posted = await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/Templates/{id}", new()
        {
            ["Input.Kind"] = "reminder", ["Input.Language"] = "en", ["Input.Subject"] = "Reminder", ["Input.Body"] = "Dear {name}, {link}",
        }, $"/Questionnaires/Templates/{id}");
        var refused = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());
        var demo = await new MessageTemplates(site.Db.Database).GetAsync(seeded.QuestionnaireId, MessageKinds.Invitation, "da");
        Assert.Multiple(() =>
        {
            foreach (var field in MessageTemplate.Placeholders) Assert.That(page, Does.Contain($"<dt><code>{field}</code></dt>"), field);
            Assert.That(page, Does.Contain("udelades hver linje med {frist}"));
            Assert.That(page, Does.Contain("Du er inviteret til at besvare spørgeskemaet \"{titel}\"").And.Not.Contain("Taskforcen for ledermobilitet undersøger"),
                "a new questionnaire starts from general texts, not the demo's");
            Assert.That(refused, Does.Match("<label class=\"form-label\" for=\"body-reminder-en\">[^<]*</label>\\s*<span class=\"form-error-message\">The text uses \\{name\\}|Teksten bruger \\{name\\}"));
            Assert.That(refused, Does.Contain("href=\"#body-reminder-en\""), "the summary links to the field");
            Assert.That(refused, Does.Contain(">Dear {name}, {link}</textarea>"), "what was typed stays");
            Assert.That(demo.Body, Does.Contain("Taskforcen for ledermobilitet undersøger"), "the demo keeps its own texts");
        });
    }
}
