using Dapper;
using Survey.Core;
using Survey.Core.Data;
using Survey.Core.Questionnaires;

namespace Survey.Web.Participants;

public static class MailingStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
}

public sealed class ScheduledMailing
{
    public long Id { get; init; }
    public long QuestionnaireId { get; init; }
    public string Kind { get; init; } = "";
    public DateTime DueAt { get; init; }
    public string Status { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTime? FinishedAt { get; init; }
    public int Sent { get; init; }
    public int Failed { get; init; }
    public string? Error { get; init; }
}

/// <summary>What the secretariat asks for: the first mailing at a time, and reminders some days after it.</summary>
public sealed record MailingPlan(string Kind, DateTime DueUtc, IReadOnlyList<int> ReminderDays);

/// <summary>
/// Mailings planned for later: an invitation at a chosen time and reminders some days after it to
/// those who have not completed. They live in the database, so a planned mailing survives a
/// restart, and one whose time came while the site was down runs when it is up again. Several
/// back-office instances may run the job: each mailing is claimed by one of them, and each person it
/// reaches gets a delivery row first, so nobody is mailed the same mailing twice.
/// </summary>
public sealed class ScheduledMailings(SurveyDatabase database, InvitationMailer mailer, TimeProvider time, ILogger<ScheduledMailings> log)
{
    /// <summary>A mailing left running this long was stopped with its site, and is taken again.</summary>
    public static readonly TimeSpan StaleRun = InvitationMailer.StaleClaim;

    /// <summary>A reminder passes over anyone invited less than this before it.</summary>
    public static readonly TimeSpan ReminderAfterAtLeast = TimeSpan.FromDays(1);

    public const int MaxReminderDays = 90;
    public const int MaxReminders = 5;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<Outcome<IReadOnlyList<long>>> ScheduleAsync(long questionnaireId, MailingPlan plan, string actor)
    {
        var errors = new Dictionary<string, string[]>();
        if (!MessageKinds.All.Contains(plan.Kind)) errors["kind"] = [WebText.Format("MailKindInvalid")];
        if (plan.DueUtc < Now.AddMinutes(-1)) errors["due"] = [WebText.Format("MailDuePassed")];
        if (plan.ReminderDays.Count > MaxReminders) errors["reminderDays"] = [WebText.Format("MailTooManyReminders", MaxReminders)];
        else if (plan.ReminderDays.Any(d => d is < 1 or > MaxReminderDays) || plan.ReminderDays.Distinct().Count() != plan.ReminderDays.Count)
            errors["reminderDays"] = [WebText.Format("MailReminderDaysInvalid", MaxReminderDays)];
        await using var connection = await database.OpenAsync();
        var questionnaire = await connection.QuerySingleOrDefaultAsync<QuestionnaireRow>(
            "SELECT id AS Id, status AS Status, mode AS Mode, closes_at AS ClosesAt FROM questionnaires WHERE id = @questionnaireId", new { questionnaireId });
        if (questionnaire is null || questionnaire.Mode != Modes.Survey) return Outcome<IReadOnlyList<long>>.NotFound();
        if (questionnaire.Status != QuestionnaireStatus.Published) return Outcome<IReadOnlyList<long>>.Conflict(CoreText.Format("InvNotPublished"));
        var dues = new[] { (plan.Kind, plan.DueUtc) }.Concat(plan.ReminderDays.Order().Select(d => (MessageKinds.Reminder, plan.DueUtc.AddDays(d)))).ToList();
        if (errors.Count == 0 && questionnaire.ClosesAt is { } closes && dues.Max(d => d.Item2) >= closes)
            errors[plan.ReminderDays.Count > 0 ? "reminderDays" : "due"] = [WebText.Format("MailAfterClosing", Times.LongLocal(closes))];
        if (errors.Count > 0) return Outcome<IReadOnlyList<long>>.Invalid(errors);

        await using var tx = connection.BeginWrite();
        var ids = new List<long>();
        foreach (var (kind, due) in dues)
            ids.Add(await connection.ExecuteScalarAsync<long>("""
                INSERT INTO scheduled_mailings (questionnaire_id, kind, due_at, status, created_by, created_at)
                VALUES (@questionnaireId, @kind, @due, 'pending', @actor, @now) RETURNING id
                """, new { questionnaireId, kind, due, actor, now = Now }, tx));
        await AuditLog.WriteAsync(connection, tx, actor, "schedule-mailings", "questionnaire", questionnaireId,
            after: dues.Select(d => new { kind = d.Item1, due = d.Item2 }).ToList());
        tx.Commit();
        return Outcome<IReadOnlyList<long>>.Ok(ids);
    }

    public async Task<IReadOnlyList<ScheduledMailing>> ListAsync(long questionnaireId)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<ScheduledMailing>("""
            SELECT id AS Id, questionnaire_id AS QuestionnaireId, kind AS Kind, due_at AS DueAt, status AS Status, created_by AS CreatedBy,
                   finished_at AS FinishedAt, sent AS Sent, failed AS Failed, error AS Error
            FROM scheduled_mailings WHERE questionnaire_id = @questionnaireId ORDER BY due_at, id
            """, new { questionnaireId })).ToList();
    }

    /// <summary>Cancels a mailing that has not started; one that runs or ran cannot be.</summary>
    public async Task<Outcome<bool>> CancelAsync(long questionnaireId, long mailingId, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var status = await connection.ExecuteScalarAsync<string?>(
            "SELECT status FROM scheduled_mailings WHERE id = @mailingId AND questionnaire_id = @questionnaireId", new { mailingId, questionnaireId }, tx);
        if (status is null) return Outcome<bool>.NotFound();
        if (status != MailingStatus.Pending) return Outcome<bool>.Conflict(WebText.Format("MailCannotCancel"));
        await connection.ExecuteAsync("UPDATE scheduled_mailings SET status = 'cancelled', finished_at = @now WHERE id = @mailingId", new { mailingId, now = Now }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "cancel-mailing", "questionnaire", questionnaireId, after: new { mailing = mailingId });
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Runs every mailing that is due (and any a stopped site left running); returns how many ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var ran = 0;
        while (!cancellationToken.IsCancellationRequested && await ClaimNextAsync() is { } mailing)
        {
            ran++;
            string status = MailingStatus.Done, error;
            int sent = 0, failed = 0;
            try
            {
                var only = mailing.Kind == MessageKinds.Reminder ? await RemindableAsync(mailing) : null;
                var outcome = only is { Count: 0 }
                    ? Outcome<SendReport>.Ok(new SendReport(0, 0, []))
                    : await mailer.SendAsync(mailing.QuestionnaireId, mailing.Kind, only, mailing.CreatedBy + " (planlagt)", cancellationToken, mailing.Id);
                if (outcome.IsOk)
                {
                    (sent, failed) = (outcome.Value!.Sent, outcome.Value.Failed);
                    error = string.Join("\n", outcome.Value.Errors.Take(20));
                }
                else
                {
                    status = MailingStatus.Failed;
                    error = outcome.Reason ?? WebText.Format("MailFailedUnknown");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Scheduled mailing {Mailing} failed", mailing.Id);
                (status, error) = (MailingStatus.Failed, e.Message);
            }
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync("""
                UPDATE scheduled_mailings SET status = @status, finished_at = @now, sent = sent + @sent, failed = failed + @failed, error = @error
                WHERE id = @Id
                """, new { mailing.Id, status, now = Now, sent, failed, error = error.Length > 0 ? error : null });
            log.LogInformation("Scheduled {Kind} mailing {Mailing} for questionnaire {Questionnaire}: {Sent} sent, {Failed} failed",
                mailing.Kind, mailing.Id, mailing.QuestionnaireId, sent, failed);
        }
        return ran;
    }

    /// <summary>Takes the earliest due mailing for this instance, or null when none is due.</summary>
    private async Task<ScheduledMailing?> ClaimNextAsync()
    {
        await using var connection = await database.OpenAsync();
        var now = Now;
        var stale = now - StaleRun;
        foreach (var candidate in await connection.QueryAsync<ScheduledMailing>("""
            SELECT id AS Id, questionnaire_id AS QuestionnaireId, kind AS Kind, due_at AS DueAt, status AS Status, created_by AS CreatedBy
            FROM scheduled_mailings
            WHERE (status = 'pending' AND due_at <= @now) OR (status = 'running' AND started_at < @stale)
            ORDER BY due_at, id LIMIT 5
            """, new { now, stale }))
        {
            var claimed = await connection.ExecuteAsync("""
                UPDATE scheduled_mailings SET status = 'running', started_at = @now
                WHERE id = @Id AND ((status = 'pending' AND due_at <= @now) OR (status = 'running' AND started_at < @stale))
                """, new { candidate.Id, now, stale });
            if (claimed == 1) return candidate;
        }
        return null;
    }

    /// <summary>Those a reminder is for: not completed, and invited at least a day before it.</summary>
    private async Task<IReadOnlyCollection<long>> RemindableAsync(ScheduledMailing mailing)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<long>("""
            SELECT id FROM invitations
            WHERE questionnaire_id = @QuestionnaireId AND status IN ('sent', 'opened', 'started') AND sent_at <= @cutoff
            """, new { mailing.QuestionnaireId, cutoff = Now - ReminderAfterAtLeast })).ToHashSet();
    }
}

/// <summary>The background job: looks for due mailings when the site starts and then every half minute.</summary>
public sealed class MailingScheduler(ScheduledMailings mailings, TimeProvider time, ILogger<MailingScheduler> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await mailings.RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store may be away for a moment; the next round tries again.
                log.LogWarning(e, "Looking for scheduled mailings failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
