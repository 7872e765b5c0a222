using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Web.Access;
using Survey.Web.Participants;

namespace Survey.Web.Pages.Questionnaires;

/// <summary>Invite leaders (chosen, whole sectors or a stratified sample), send e-mails and reminders, export links.</summary>
public sealed class InvitationsModel(
    QuestionnaireLifecycle lifecycle, InvitationSelection selection, Invitations invitations, InvitationMailer mailer,
    ScheduledMailings scheduled, SurveyDatabase database, IConfiguration configuration, TimeProvider time) : PageModel
{
    public sealed class ScheduleModel
    {
        public string Kind { get; set; } = MessageKinds.Invitation;
        public string? Date { get; set; }
        public string? Time { get; set; } = "09:00";
        public string? ReminderDays { get; set; }
    }

    [BindProperty] public ScheduleModel Schedule { get; set; } = new();

    public IReadOnlyList<ScheduledMailing> Mailings { get; private set; } = [];

    /// <summary>Whether an SMTP server is set; without one, sending and scheduling are off and the page says why.</summary>
    public bool CanMail => mailer.IsConfigured;

    public sealed class InputModel
    {
        public List<string> Sectors { get; set; } = [];
        public string How { get; set; } = "all";
        public int? PerSector { get; set; }
        public int Seed { get; set; }
        public List<long> ContactIds { get; set; } = [];
    }

    [BindProperty]
    public InputModel Input { get; set; } = new() { Seed = RandomNumberGenerator.GetInt32(1, 1_000_000) };

    public long Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
    public IReadOnlyList<InvitationRow> Invitations { get; private set; } = [];
    public IReadOnlyList<Contact> Uninvited { get; private set; } = [];
    public Dictionary<string, int> UninvitedBySector { get; private set; } = [];
    public int Unsent => Invitations.Count(i => i.Status is "created" or "failed");
    public int Outstanding => Invitations.Count(i => i.Status is "sent" or "opened" or "started");
    public SendReport? Report { get; private set; }

    private async Task<bool> LoadAsync(long id)
    {
        Id = id;
        var row = await lifecycle.GetAsync(id);
        if (row is null || row.Mode != Modes.Survey) return false;
        Title = SurveyDefinition.Parse(row.DraftDefinition).Title?.Get(Lang) ?? $"#{id}";
        Invitations = await selection.ListAsync(id);
        Uninvited = await selection.UninvitedAsync(id);
        UninvitedBySector = Uninvited.GroupBy(c => c.Sector).ToDictionary(g => g.Key, g => g.Count());
        Mailings = await scheduled.ListAsync(id);
        Schedule.Date ??= DateOnly.FromDateTime(Core.Times.ToCopenhagen(time.GetUtcNow().UtcDateTime).AddDays(1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostInviteAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        IReadOnlyList<long> chosen;
        switch (Input.How)
        {
            case "chosen":
                chosen = Input.ContactIds;
                break;
            case "sample":
                if (Input.PerSector is not > 0)
                {
                    ModelState.AddModelError("Input.PerSector", WebText.Format("InvPerSectorRequired"));
                    return Page();
                }
                var pool = await selection.UninvitedAsync(id, Input.Sectors);
                chosen = InvitationSelection.StratifiedSample(pool, Input.PerSector.Value, Input.Seed).Select(c => c.Id).ToList();
                break;
            default:
                chosen = (await selection.UninvitedAsync(id, Input.Sectors)).Select(c => c.Id).ToList();
                break;
        }
        if (chosen.Count == 0)
        {
            ModelState.AddModelError(string.Empty, WebText.Format("InvNobody"));
            return Page();
        }
        var actor = Input.How == "sample" ? $"{User.Actor()} (seed {Input.Seed})" : User.Actor();
        var created = await invitations.CreateAsync(id, chosen.ToList(), actor);
        if (!created.IsOk)
        {
            ModelState.AddOutcome(created);
            return Page();
        }
        TempData["Status"] = Input.How == "sample"
            ? WebText.Format("InvCreatedSample", created.Value!.Count, Input.Seed)
            : WebText.Format("InvCreated", created.Value!.Count);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostScheduleAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var days = new List<int>();
        foreach (var part in (Schedule.ReminderDays ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var d))
            {
                ModelState.AddModelError("Schedule.ReminderDays", WebText.Format("MailReminderDaysInvalid", ScheduledMailings.MaxReminderDays));
                return Page();
            }
            days.Add(d);
        }
        if (!DateOnly.TryParseExact(Schedule.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || !TimeOnly.TryParseExact(Schedule.Time, ["HH:mm", "H:mm", "HH.mm", "H.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            ModelState.AddModelError("Schedule.Date", WebText.Format("MailDateInvalid"));
            return Page();
        }
        var planned = await scheduled.ScheduleAsync(id, new MailingPlan(Schedule.Kind, Core.Times.FromCopenhagen(date.ToDateTime(clock)), days), User.Actor());
        if (!planned.IsOk)
        {
            foreach (var (field, messages) in planned.Errors ?? new Dictionary<string, string[]>())
                foreach (var m in messages)
                    ModelState.AddModelError(field switch { "due" => "Schedule.Date", "reminderDays" => "Schedule.ReminderDays", _ => "Schedule.Kind" }, m);
            if (planned.Errors is null) ModelState.AddOutcome(planned);
            return Page();
        }
        TempData["Status"] = WebText.Format("MailScheduled", planned.Value!.Count);
        return RedirectToPage(null, null, new { id }, "mailings");
    }

    public async Task<IActionResult> OnPostCancelMailingAsync(long id, long mailingId)
    {
        var cancelled = await scheduled.CancelAsync(id, mailingId, User.Actor());
        if (!await LoadAsync(id)) return NotFound();
        if (!cancelled.IsOk)
        {
            ModelState.AddOutcome(cancelled);
            return Page();
        }
        TempData["Status"] = WebText.Format("MailCancelled");
        return RedirectToPage(null, null, new { id }, "mailings");
    }

    public Task<IActionResult> OnPostSendAsync(long id) => SendAsync(id, MessageKinds.Invitation, null);

    public Task<IActionResult> OnPostRemindAsync(long id) => SendAsync(id, MessageKinds.Reminder, null);

    public Task<IActionResult> OnPostRetryAsync(long id, long invitationId) => SendAsync(id, MessageKinds.Invitation, [invitationId]);

    private async Task<IActionResult> SendAsync(long id, string kind, IReadOnlyCollection<long>? only)
    {
        var sent = await mailer.SendAsync(id, kind, only, User.Actor(), HttpContext.RequestAborted);
        if (!await LoadAsync(id)) return NotFound();
        if (sent.IsOk) Report = sent.Value;
        else ModelState.AddOutcome(sent);
        return Page();
    }

    /// <summary>
    /// A CSV of personal links for the organisation's own mailing. Each export issues new links (the
    /// old ones keep working), since only their hashes are stored. An exported invitation counts as
    /// sent (exported_at), so a later e-mail mailing does not invite the person a second time.
    /// </summary>
    public async Task<IActionResult> OnPostExportAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var baseUrl = InvitationsApi.PublicBaseUrl(configuration);
        var rows = new List<string[]>();
        await using (var connection = await database.OpenAsync())
        {
            foreach (var i in Invitations.Where(i => i.Status != "completed"))
            {
                var token = await Tokens.IssueAsync(connection, null, i.Id);
                await Dapper.SqlMapper.ExecuteAsync(connection, """
                    UPDATE invitations SET exported_at = @now,
                        status = CASE WHEN status IN ('created', 'failed') THEN 'sent' ELSE status END,
                        sent_at = COALESCE(sent_at, @now), send_error = NULL
                    WHERE id = @Id
                    """, new { i.Id, now = DateTime.UtcNow });
                rows.Add([i.Name, i.Email, i.Organisation, Sectors.Label(i.Sector, Lang), $"{baseUrl}/s/{token}"]);
            }
            await AuditLog.WriteAsync(connection, null, User.Actor(), "export-links", "questionnaire", id, after: new { count = rows.Count });
        }
        var csv = CsvFile.Write([WebText.Format("CName"), WebText.Format("Email"), WebText.Format("COrganisation"), WebText.Format("ColSector"), "Link"], rows);
        return File(csv, "text/csv", $"links-{id}.csv");
    }
}
