using System.Text.Json;
using Dapper;
using Survey.Core.Data;

namespace Survey.Core.Reports;

/// <summary>A day's mailing of invitations or reminders, as the audit log recorded it (Danish date).</summary>
public sealed record Mailing(DateOnly Day, bool Reminder, long Sent);

/// <summary>
/// How the answers were collected, for the report's method page: who was invited and how, when
/// invitations and reminders went out, whether an open link was offered, and how answers are protected.
/// </summary>
public sealed record SurveyMethod(
    long Invited,
    long Sent,
    DateTime? FirstSentUtc,
    DateTime? LastSentUtc,
    long Reminded,
    long Reminders,
    DateTime? LastReminderUtc,
    IReadOnlyList<Mailing> Mailings,
    bool OpenLink,
    string Anonymity,
    DateTime? OpensUtc,
    DateTime? ClosesUtc);

public sealed partial class SummaryBuilder
{
    /// <summary>How the questionnaire's answers were collected (the summary counts them by mode); null when there is no such questionnaire.</summary>
    public async Task<SurveyMethod?> MethodAsync(SummaryRequest request)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginSnapshotRead();
        var id = request.QuestionnaireId;
        var q = await connection.QuerySingleOrDefaultAsync<(bool OpenLink, string Anonymity, DateTime? Opens, DateTime? Closes)>(
            "SELECT open_link, anonymity, opens_at, closes_at FROM questionnaires WHERE id = @id", new { id }, tx);
        if (q.Anonymity is null) return null;
        var invitations = await connection.QuerySingleAsync<(long Invited, long? Sent, DateTime? First, DateTime? Last, long? Reminded, long? Reminders, DateTime? LastReminder)>("""
            SELECT COUNT(*),
                   SUM(CASE WHEN sent_at IS NOT NULL OR exported_at IS NOT NULL THEN 1 ELSE 0 END),
                   MIN(sent_at), MAX(sent_at),
                   SUM(CASE WHEN reminders > 0 THEN 1 ELSE 0 END), SUM(reminders), MAX(reminded_at)
            FROM invitations WHERE questionnaire_id = @id
            """, new { id }, tx);
        var logged = await connection.QueryAsync<(DateTime At, string Action, string? After)>("""
            SELECT at, action, after_json FROM audit_log
            WHERE entity = 'questionnaire' AND entity_id = @entityId AND action IN ('send-invitations', 'send-reminders')
            ORDER BY at
            """, new { entityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, tx);
        var mailings = logged
            .Select(m => (Day: DateOnly.FromDateTime(Times.ToCopenhagen(m.At)), Reminder: m.Action == "send-reminders", Sent: SentOf(m.After)))
            .Where(m => m.Sent > 0)
            .GroupBy(m => (m.Day, m.Reminder))
            .Select(g => new Mailing(g.Key.Day, g.Key.Reminder, g.Sum(m => m.Sent)))
            .OrderBy(m => m.Day).ThenBy(m => m.Reminder).ToList();
        return new SurveyMethod(invitations.Invited, invitations.Sent ?? 0, invitations.First, invitations.Last, invitations.Reminded ?? 0,
            invitations.Reminders ?? 0, invitations.LastReminder, mailings, q.OpenLink, q.Anonymity, q.Opens, q.Closes);
    }

    private static long SentOf(string? after)
    {
        if (after is null) return 0;
        using var json = JsonDocument.Parse(after);
        return json.RootElement.TryGetProperty("sent", out var sent) && sent.TryGetInt64(out var n) ? n : 0;
    }
}
