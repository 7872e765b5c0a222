using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Configuration;
using netDumbster.smtp;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Web.Demo;
using Survey.Tests.Sites;
using Survey.Web.Participants;

namespace Survey.Tests.BackOffice.Participants;

/// <summary>Invitations and reminders sent through a real SMTP conversation with an in-process server.</summary>
public partial class InvitationMailerTests : MailingTestBase
{
    private InvitationMailer Mailer(int? port = null) => new(_db.Database, new MessageTemplates(_db.Database),
        new ConfigurationBuilder().AddInMemoryCollection(SmtpSettings(port)).Build());

    [GeneratedRegex(@"https://svar\.example\.dk/s/([A-Za-z0-9_-]{24})")]
    private static partial Regex Link();

    private async Task<Dictionary<string, string>> StatusesAsync()
    {
        await using var c = await _db.Database.OpenAsync();
        return (await c.QueryAsync<(string Email, string Status)>(
            "SELECT c.email, i.status FROM invitations i JOIN contacts c ON c.id = i.contact_id")).ToDictionary(r => r.Email, r => r.Status);
    }

    [Test]
    public async Task Invitations_arrive_with_a_working_personal_link_and_are_marked_sent()
    {
        var report = await Mailer().SendAsync(_questionnaireId, MessageKinds.Invitation, null, "test");
        var mails = _smtp.ReceivedEmail;
        var anne = mails.Single(m => m.ToAddresses.Any(a => a.Address == "anne@test.example"));
        var body = anne.MessageParts[0].BodyData;
        var token = Link().Match(body).Groups[1].Value;
        var session = await new RespondentSessions(_db.Database).FindAsync(token);
        Assert.Multiple(async () =>
        {
            Assert.That(report.Value!.Sent, Is.EqualTo(3));
            Assert.That(mails, Has.Length.EqualTo(3));
            Assert.That(body, Does.Contain("Kære Anne Holm").And.Contain("Dear Anne Holm"));
            Assert.That(body, Does.Contain("?lang=en"));
            Assert.That(anne.Headers["Subject"], Does.Contain("Ledere p"));
            Assert.That(session!.ContactName, Is.EqualTo("Anne Holm"));
            Assert.That((await StatusesAsync()).Values, Is.All.EqualTo("sent"));
        });
    }

    [Test]
    public async Task A_send_the_server_refuses_is_marked_failed_with_the_error_and_can_be_sent_again()
    {
        var closedPort = SiteProcess.FreePort();
        var refused = await Mailer(closedPort).SendAsync(_questionnaireId, MessageKinds.Invitation, null, "test");
        await using var c = await _db.Database.OpenAsync();
        var errors = (await c.QueryAsync<string>("SELECT send_error FROM invitations")).ToList();
        var tokens = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM invitation_tokens");
        Assert.Multiple(async () =>
        {
            Assert.That(refused.Value!.Sent, Is.Zero);
            Assert.That(refused.Value.Failed, Is.EqualTo(3));
            Assert.That((await StatusesAsync()).Values, Is.All.EqualTo("failed"));
            Assert.That(errors, Is.All.Not.Empty);
            Assert.That(tokens, Is.EqualTo(3), "links in mails that never went out are withdrawn");
            Assert.That(_smtp.ReceivedEmailCount, Is.Zero);
        });

        var retried = await Mailer().SendAsync(_questionnaireId, MessageKinds.Invitation, [_invited[0].InvitationId], "test");
        var statuses = await StatusesAsync();
        Assert.Multiple(() =>
        {
            Assert.That(retried.Value!.Sent, Is.EqualTo(1));
            Assert.That(statuses["anne@test.example"], Is.EqualTo("sent"));
            Assert.That(statuses["bo@test.example"], Is.EqualTo("failed"));
        });
    }

    [Test]
    public async Task Sends_and_reminders_at_the_same_moment_mail_each_person_once()
    {
        // Many more invitations than the three of the set-up, as in the report that found it (300).
        var more = await new Contacts(_db.Database).AddAsync(Enumerable.Range(0, 60).Select(i =>
            new ContactInput($"Leder {i}", $"leder{i}@test.example", "Org", Sectors.Region, "Chef")).ToList(), "test");
        await new Invitations(_db.Database).CreateAsync(_questionnaireId, more, "test");
        var sends = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Mailer().SendAsync(_questionnaireId, MessageKinds.Invitation, null, "test"))));
        var invited = _smtp.ReceivedEmailCount;
        var reminders = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Mailer().SendAsync(_questionnaireId, MessageKinds.Reminder, null, "test"))));
        var perPerson = _smtp.ReceivedEmail.GroupBy(m => m.ToAddresses[0].Address).Select(g => g.Count()).ToList();
        var again = await Mailer().SendAsync(_questionnaireId, MessageKinds.Reminder, null, "test");
        Assert.Multiple(() =>
        {
            Assert.That(sends.Sum(s => s.Value!.Sent), Is.EqualTo(63), "four sends at once mailed 63 invitations between them");
            Assert.That(invited, Is.EqualTo(63));
            Assert.That(reminders.Sum(r => r.Value!.Sent), Is.EqualTo(63), "four reminder runs at once remind each person once");
            Assert.That(perPerson, Is.All.EqualTo(2), "one invitation and one reminder each");
            Assert.That(again.Value!.Sent, Is.Zero, "nobody is reminded twice within the hour");
        });
    }

    [Test]
    public async Task Exported_links_are_marked_and_not_mailed_again()
    {
        await using var site = new BackOfficeSite();
        var lifecycle = new QuestionnaireLifecycle(site.Db.Database);
        var id = (await lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test")).Value;
        await lifecycle.PublishAsync(id, "test");
        var ids = await new Contacts(site.Db.Database).AddAsync([new ContactInput("Eva Eks", "eva@test.example", "Org", Sectors.State, "Chef")], "test");
        await new Invitations(site.Db.Database).CreateAsync(id, ids, "test");
        using var client = await site.SignedInAsync(Survey.Web.Users.Roles.Secretariat);
        var export = await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/Invitations/{id}?handler=Export", [], formPage: $"/Questionnaires/Invitations/{id}");
        await using var c = await site.Db.Database.OpenAsync();
        var row = c.QuerySingle("SELECT status, exported_at FROM invitations");
        Assert.Multiple(() =>
        {
            Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string)row.status, Is.EqualTo(InvitationStatus.Sent));
            Assert.That((object?)row.exported_at, Is.Not.Null);
        });
    }

    [Test]
    public async Task Reminders_go_only_to_those_who_have_not_completed_and_earlier_links_keep_working()
    {
        await Mailer().SendAsync(_questionnaireId, MessageKinds.Invitation, null, "test");
        var firstMailToken = Link().Match(_smtp.ReceivedEmail.Single(m => m.ToAddresses.Any(a => a.Address == "bo@test.example")).MessageParts[0].BodyData).Groups[1].Value;
        var submissions = new Submissions(_db.Database, new DefinitionCache(_db.Database));
        await submissions.SubmitAsync(_invited[0].InvitationId, Survey.Tests.Respond.DemoAnswers.Complete());
        _smtp.ClearReceivedEmail();

        var report = await Mailer().SendAsync(_questionnaireId, MessageKinds.Reminder, null, "test");
        var recipients = _smtp.ReceivedEmail.SelectMany(m => m.ToAddresses).Select(a => a.Address).ToList();
        var sessions = new RespondentSessions(_db.Database);
        Assert.Multiple(async () =>
        {
            Assert.That(report.Value!.Sent, Is.EqualTo(2));
            Assert.That(recipients, Is.EquivalentTo(new[] { "bo@test.example", "carl@test.example" }));
            Assert.That(_smtp.ReceivedEmail[0].MessageParts[0].BodyData, Does.Contain("endnu ikke modtaget"));
            Assert.That(await sessions.FindAsync(firstMailToken), Is.Not.Null, "the link in the first e-mail still works");
            Assert.That(await sessions.FindAsync(_invited[1].Token), Is.Not.Null, "and so does the one the API handed out");
        });
    }

    [Test]
    public async Task Edited_templates_are_used_with_their_placeholders_filled_in()
    {
        var templates = new MessageTemplates(_db.Database);
        var saved = await templates.SaveAsync(_questionnaireId, new MessageTemplate(MessageKinds.Invitation, "da", "Hej {navn}: {titel}",
            "Kære {navn}\n\nSvar på {titel}: {link}\n\nSvar senest {frist}.\n\nHilsen {afsender}"), "test");
        var missingLink = await templates.SaveAsync(_questionnaireId, new MessageTemplate(MessageKinds.Invitation, "da", "Hej", "Intet link her"), "test");
        var unknown = await templates.SaveAsync(_questionnaireId, new MessageTemplate(MessageKinds.Invitation, "da", "Hej {name}", "Kære {navn} {link} {dato}"), "test");
        await Mailer().SendAsync(_questionnaireId, MessageKinds.Invitation, [_invited[2].InvitationId], "test");
        var mail = _smtp.ReceivedEmail.Single();
        var undated = mail.MessageParts[0].BodyData;
        // With a closing date the deadline line is there, with the day before it.
        await using (var c = await _db.Database.OpenAsync())
            await c.ExecuteAsync("UPDATE questionnaires SET closes_at = @at", new { at = new DateTime(2027, 1, 15, 23, 0, 0, DateTimeKind.Utc) });
        await Mailer().SendAsync(_questionnaireId, MessageKinds.Invitation, [_invited[1].InvitationId], "test");
        var dated = _smtp.ReceivedEmail.Single(m => m.ToAddresses[0].Address == "bo@test.example").MessageParts[0].BodyData;
        Assert.Multiple(() =>
        {
            Assert.That(saved.IsOk, Is.True);
            Assert.That(missingLink.IsOk, Is.False);
            Assert.That(unknown.Errors!["Subject"].Single(), Does.Contain("{name}").And.Contain("{navn}, {link}, {titel}, {frist}, {afsender}"));
            Assert.That(unknown.Errors!["Body"].Single(), Does.Contain("{dato}"));
            Assert.That(mail.Headers["Subject"], Is.EqualTo("Hej Carl Berg: Ledere på tværs af sektorer"));
            Assert.That(undated, Does.StartWith("Kære Carl Berg\n\nSvar på Ledere på tværs af sektorer: https://svar.example.dk/s/"));
            Assert.That(undated, Does.Not.Contain("senest").And.Not.Contain("{frist}").And.Not.Contain("\n\n\n"), "no deadline line, and no doubled gap where it was");
            Assert.That(undated, Does.Contain("Hilsen Sekretariatet"));
            Assert.That(dated, Does.Contain("Svar senest 15. januar 2027."));
        });
    }

    [Test]
    public async Task Without_smtp_settings_nothing_is_sent_and_nothing_is_marked()
    {
        var mailer = new InvitationMailer(_db.Database, new MessageTemplates(_db.Database), new ConfigurationBuilder().Build());
        var result = await mailer.SendAsync(_questionnaireId, MessageKinds.Invitation, null, "test");
        Assert.Multiple(async () =>
        {
            Assert.That(result.IsOk, Is.False);
            Assert.That((await StatusesAsync()).Values, Is.All.EqualTo("created"));
        });
    }

    [Test]
    public void A_stratified_sample_is_the_same_for_the_same_seed_and_takes_n_per_sector()
    {
        var contacts = Enumerable.Range(1, 60).Select(i => new Contact { Id = i, Name = $"L{i}", Sector = Sectors.All[i % 3] }).ToList();
        var first = InvitationSelection.StratifiedSample(contacts, 4, seed: 42);
        var again = InvitationSelection.StratifiedSample(contacts, 4, seed: 42);
        var other = InvitationSelection.StratifiedSample(contacts, 4, seed: 43);
        Assert.Multiple(() =>
        {
            Assert.That(first.Select(c => c.Id), Is.EqualTo(again.Select(c => c.Id)));
            Assert.That(first.Select(c => c.Id), Is.Not.EqualTo(other.Select(c => c.Id)));
            Assert.That(first.GroupBy(c => c.Sector).Select(g => g.Count()), Is.All.EqualTo(4));
        });
    }
}
