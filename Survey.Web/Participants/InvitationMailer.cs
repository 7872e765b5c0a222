using System.Globalization;
using Dapper;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Survey.Core;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;

namespace Survey.Web.Participants;

/// <summary>SMTP settings (section "Smtp"): where invitations are sent from and through.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string Sender { get; set; } = "Taskforce for ledermobilitet <noreply@localhost>";
    /// <summary>None, StartTls, StartTlsWhenAvailable or SslOnConnect.</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public int TimeoutSeconds { get; set; } = 30;

    public static readonly string[] SecurityChoices = ["None", "StartTls", "StartTlsWhenAvailable", "SslOnConnect"];

    /// <summary>What is wrong with these settings, a line each (checked when the back office starts).</summary>
    public static IEnumerable<string> Check(SmtpOptions o)
    {
        if (o.Port is < 1 or > 65535) yield return SiteSettings.Wrong("Smtp:Port", o.Port, "a port from 1 to 65535 (25, 465 or 587 as a rule)");
        if (!SecurityChoices.Contains(o.Security, StringComparer.OrdinalIgnoreCase))
            yield return SiteSettings.Wrong("Smtp:Security", o.Security, "one of " + string.Join(", ", SecurityChoices));
        if (o.TimeoutSeconds is < 1 or > 600) yield return SiteSettings.Wrong("Smtp:TimeoutSeconds", o.TimeoutSeconds, "a number of seconds from 1 to 600");
        if (!MailboxAddress.TryParse(o.Sender, out var sender) || sender.Domain.Length == 0) yield return SiteSettings.Wrong("Smtp:Sender", o.Sender, "an address such as Taskforce <survey@example.dk>");
        if (o.Host is { } host && (host.Length == 0 || host.Any(char.IsWhiteSpace) || Uri.CheckHostName(host) == UriHostNameType.Unknown))
            yield return SiteSettings.Wrong("Smtp:Host", host, "a host name or address, such as smtp.example.dk");
    }
}

public sealed record SendReport(int Sent, int Failed, IReadOnlyList<string> Errors);

/// <summary>
/// Sends invitations and reminders by e-mail. Each mail carries a fresh personal link; an
/// invitation is marked sent only once the SMTP server has accepted the message, and a refused
/// one is marked failed with the server's answer, ready to be sent again. Each invitation is
/// claimed in the database before it is mailed, so mailings running at once never mail one person
/// twice, and a person is reminded at most once in ReminderInterval.
/// </summary>
public sealed class InvitationMailer(SurveyDatabase database, MessageTemplates templates, IConfiguration configuration, TimeProvider? time = null)
{
    private DateTime UtcNow => (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;

    /// <summary>Whether mail can be sent at all: an SMTP server is set (Smtp:Host).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Options.Host);

    private sealed class Target
    {
        public long InvitationId { get; init; }
        public string Name { get; init; } = "";
        public string Email { get; init; } = "";
        public string Status { get; init; } = "";
    }

    /// <summary>A claim older than this was left by a site that stopped mid-mailing, and may be taken.</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);

    /// <summary>A person reminded this recently is not reminded again, however often Send is pressed.</summary>
    public static readonly TimeSpan ReminderInterval = TimeSpan.FromHours(1);

    public SmtpOptions Options => configuration.GetSection("Smtp").Get<SmtpOptions>() ?? new SmtpOptions();

    /// <summary>
    /// Sends to the given invitations, or to every one that is due: not yet sent (invitations) or not
    /// yet completed (reminders). A scheduled mailing passes its id: each person then gets a delivery
    /// row of that mailing before the mail goes out, and one who has one is passed over, so a mailing
    /// run again after a restart mails nobody twice.
    /// </summary>
    public async Task<Outcome<SendReport>> SendAsync(long questionnaireId, string kind, IReadOnlyCollection<long>? invitationIds, string actor,
        CancellationToken cancellationToken = default, long? mailingId = null)
    {
        var options = Options;
        if (string.IsNullOrWhiteSpace(options.Host)) return Outcome<SendReport>.Conflict(WebText.Format("MailNotConfigured"));
        await using var connection = await database.OpenAsync(cancellationToken);
        var questionnaire = await connection.QuerySingleOrDefaultAsync<QuestionnaireRow>(
            "SELECT id AS Id, status AS Status, mode AS Mode, draft_definition AS DraftDefinition, closes_at AS ClosesAt FROM questionnaires WHERE id = @questionnaireId",
            new { questionnaireId });
        if (questionnaire is null) return Outcome<SendReport>.NotFound();
        if (questionnaire.Status != QuestionnaireStatus.Published) return Outcome<SendReport>.Conflict(CoreText.Format("InvNotPublished"));

        var due = kind == MessageKinds.Reminder ? "('sent', 'opened', 'started')" : "('created', 'failed')";
        var targets = (await connection.QueryAsync<Target>($"""
            SELECT i.id AS InvitationId, c.name AS Name, c.email AS Email, i.status AS Status
            FROM invitations i JOIN contacts c ON c.id = i.contact_id
            WHERE i.questionnaire_id = @questionnaireId AND i.status IN {due}
            ORDER BY i.id
            """, new { questionnaireId })).Where(t => invitationIds is null || invitationIds.Contains(t.InvitationId)).ToList();
        if (targets.Count == 0) return Outcome<SendReport>.Ok(new SendReport(0, 0, []));

        var da = await templates.GetAsync(questionnaireId, kind, "da");
        var en = await templates.GetAsync(questionnaireId, kind, "en");
        var title = SurveyDefinition.Parse(questionnaire.DraftDefinition).Title;
        var baseUrl = InvitationsApi.PublicBaseUrl(configuration);
        string? Deadline(string language) => questionnaire.ClosesAt is { } closes
            ? Times.ToCopenhagen(closes).AddMinutes(-1).ToString(language == "en" ? "d MMMM yyyy" : "d. MMMM yyyy", new CultureInfo(language == "en" ? "en-GB" : "da-DK"))
            : null;
        var senderName = MailboxAddress.Parse(options.Sender) is { Name.Length: > 0 } named ? named.Name : MailboxAddress.Parse(options.Sender).Address;

        using var client = new SmtpClient { Timeout = options.TimeoutSeconds * 1000 };
        var sent = 0;
        var errors = new List<string>();
        string? connectError = null;
        try
        {
            await client.ConnectAsync(options.Host, options.Port, Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true), cancellationToken);
            if (!string.IsNullOrEmpty(options.Username)) await client.AuthenticateAsync(options.Username, options.Password ?? "", cancellationToken);
        }
        catch (Exception e) when (e is IOException or SmtpCommandException or SmtpProtocolException or AuthenticationException or System.Net.Sockets.SocketException or SslHandshakeException)
        {
            connectError = e.Message;
        }

        foreach (var target in targets)
        {
            var now = UtcNow;
            var claimed = await connection.ExecuteAsync($"""
                UPDATE invitations SET mail_claimed_at = @now
                WHERE id = @InvitationId AND status IN {due} AND (mail_claimed_at IS NULL OR mail_claimed_at < @stale)
                {(kind == MessageKinds.Reminder ? "AND (reminded_at IS NULL OR reminded_at < @recent)" : "")}
                """, new { target.InvitationId, now, stale = now - StaleClaim, recent = now - ReminderInterval });
            // Another mailing has it, has just sent it, or it was completed meanwhile.
            if (claimed == 0) continue;
            if (mailingId is { } mailing && await connection.ExecuteAsync("""
                    INSERT INTO mailing_deliveries (mailing_id, invitation_id, claimed_at) VALUES (@mailing, @InvitationId, @now)
                    ON CONFLICT (mailing_id, invitation_id) DO NOTHING
                    """, new { mailing, target.InvitationId, now }) == 0)
            {
                // This mailing reached the person before the site stopped: let the claim go and pass on.
                await connection.ExecuteAsync("UPDATE invitations SET mail_claimed_at = NULL WHERE id = @InvitationId", new { target.InvitationId });
                continue;
            }
            var token = await Tokens.IssueAsync(connection, null, target.InvitationId);
            var link = $"{baseUrl}/s/{token}";
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(options.Sender));
            message.To.Add(new MailboxAddress(target.Name, target.Email));
            var danish = new MessageFields(target.Name, link, Deadline("da"), title?.Get("da"), senderName);
            message.Subject = da.FillSubject(danish);
            message.Body = new TextPart("plain")
            {
                Text = da.FillBody(danish)
                    + "\n\n------------------------------------------------------------\nIn English\n\n"
                    + en.FillBody(danish with { Link = link + "?lang=en", Deadline = Deadline("en"), Title = title?.Get("en") }),
            };
            var error = connectError;
            if (error is null)
            {
                try
                {
                    await client.SendAsync(message, cancellationToken);
                }
                catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or ServiceNotConnectedException)
                {
                    error = e.Message;
                    if (!client.IsConnected) connectError = error;
                }
            }
            if (error is null)
            {
                sent++;
                SurveyMetrics.EmailsSent.Add(1);
                await connection.ExecuteAsync(kind == MessageKinds.Reminder
                    ? "UPDATE invitations SET reminded_at = @now, reminders = reminders + 1, send_error = NULL, mail_claimed_at = NULL WHERE id = @InvitationId"
                    : "UPDATE invitations SET status = CASE WHEN status IN ('created', 'failed') THEN 'sent' ELSE status END, sent_at = @now, send_error = NULL, mail_claimed_at = NULL WHERE id = @InvitationId",
                    new { target.InvitationId, now = UtcNow });
            }
            else
            {
                SurveyMetrics.EmailsFailed.Add(1);
                // The link never reached anyone: take it back.
                await Tokens.WithdrawAsync(connection, token);
                errors.Add($"{target.Email}: {error}");
                await connection.ExecuteAsync(kind == MessageKinds.Reminder
                    ? "UPDATE invitations SET send_error = @error, mail_claimed_at = NULL WHERE id = @InvitationId"
                    : "UPDATE invitations SET status = CASE WHEN status IN ('created', 'failed') THEN 'failed' ELSE status END, send_error = @error, mail_claimed_at = NULL WHERE id = @InvitationId",
                    new { target.InvitationId, error });
            }
        }
        if (client.IsConnected) await client.DisconnectAsync(quit: true, CancellationToken.None);
        await AuditLog.WriteAsync(connection, null, actor, kind == MessageKinds.Reminder ? "send-reminders" : "send-invitations", "questionnaire",
            questionnaireId, after: new { sent, failed = errors.Count });
        return Outcome<SendReport>.Ok(new SendReport(sent, errors.Count, errors));
    }
}
