using System.Data;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;

namespace Survey.Core.Interviews;

/// <summary>
/// draft -> completed -> reviewed, or completed -> returned (with a comment) -> completed again.
/// A completed or reviewed interview has a response (mode interview) that counts in the summaries.
/// </summary>
public static class InterviewStatus
{
    public const string Draft = "draft";
    public const string Completed = "completed";
    public const string Returned = "returned";
    public const string Reviewed = "reviewed";
    public static readonly string[] All = [Draft, Completed, Returned, Reviewed];
}

/// <summary>Who acts: an interviewer sees and edits only their own interviews; the secretariat (SeesAll) every one.</summary>
public sealed record InterviewActor(long UserId, string Name, bool SeesAll);

public sealed record InterviewStart(
    long QuestionnaireId, long? ContactId, string? Name, string? Organisation, string? Sector,
    string? HeldOn, string? Channel, bool QuoteConsent);

/// <summary>What the interviewer writes on the record: the guide's answers, notes per question and the talk's facts.</summary>
public sealed record InterviewEdit(
    JsonObject Answers, IReadOnlyDictionary<string, string> Notes, string? HeldOn, string? Channel, bool QuoteConsent);

public sealed record InterviewFilter(long? QuestionnaireId = null, string? Status = null, string? Sector = null, long? InterviewerId = null);

public sealed record QuoteInput(string Question, string Text, IReadOnlyList<long> ThemeIds);

public sealed record Quote(long Id, string Question, string Text, IReadOnlyList<Theme> Themes);

public sealed record HistoryEntry(DateTime At, string Actor, string Field, string? OldValue, string? NewValue);

public sealed record InterviewRecord
{
    public long Id { get; init; }
    public long QuestionnaireId { get; init; }
    public int Version { get; init; }
    public long? ContactId { get; init; }
    public string IntervieweeName { get; init; } = "";
    public string IntervieweeOrganisation { get; init; } = "";
    public string IntervieweeSector { get; init; } = "";
    public long InterviewerId { get; init; }
    public string InterviewerEmail { get; init; } = "";
    public string HeldOn { get; init; } = "";
    public string Channel { get; init; } = "";
    public bool QuoteConsent { get; init; }
    public string Status { get; init; } = "";
    public string Answers { get; init; } = "{}";
    public string Notes { get; init; } = "{}";
    public long? ResponseId { get; init; }
    public long? ReviewerId { get; init; }
    public string? ReviewComment { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public DateTime? ReviewedAt { get; init; }

    public JsonObject AnswerValues => JsonNode.Parse(Answers)!.AsObject();
    public IReadOnlyDictionary<string, string> NoteValues => JsonSerializer.Deserialize<Dictionary<string, string>>(Notes) ?? [];
    /// <summary>Once completed, every change is kept as history, also after the record is sent back.</summary>
    public bool KeepsHistory => CompletedAt is not null;
}

/// <summary>
/// Interview records: an interviewer fills in a guide for one interviewee, with notes and tagged
/// quotes per question, marks it complete, and a second person reviews it. Every command runs in
/// one write transaction, checks who may do it, and after the first completion writes each
/// change to interview_history (who, when, old value, new value).
/// </summary>
public sealed class Interviews(SurveyDatabase database, DefinitionCache definitions)
{
    public const int MaxNoteLength = 20_000;
    public const int MaxQuoteLength = 5_000;
    public const int MaxFieldLength = 300;

    private const string Columns = """
        i.id AS Id, i.questionnaire_id AS QuestionnaireId, i.version AS Version, i.contact_id AS ContactId,
        i.interviewee_name AS IntervieweeName, i.interviewee_organisation AS IntervieweeOrganisation,
        i.interviewee_sector AS IntervieweeSector, i.interviewer_id AS InterviewerId, u.email AS InterviewerEmail,
        i.held_on AS HeldOn, i.channel AS Channel, i.quote_consent AS QuoteConsent, i.status AS Status,
        i.answers AS Answers, i.notes AS Notes, i.response_id AS ResponseId, i.reviewer_id AS ReviewerId,
        i.review_comment AS ReviewComment, i.created_at AS CreatedAt, i.updated_at AS UpdatedAt,
        i.completed_at AS CompletedAt, i.reviewed_at AS ReviewedAt
        """;

    public async Task<Outcome<long>> StartAsync(InterviewStart start, InterviewActor actor)
    {
        var errors = new Dictionary<string, string[]>();
        var heldOn = ParseDate(start.HeldOn);
        if (heldOn is null) errors["heldOn"] = [CoreText.Format("IntDateInvalid")];
        if ((start.Channel ?? "").Length > MaxFieldLength) errors["channel"] = [CoreText.Format("ConTooLong", MaxFieldLength)];

        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var guide = await connection.QuerySingleOrDefaultAsync<(string Mode, string Status, int? CurrentVersion)>(
            "SELECT mode, status, current_version FROM questionnaires WHERE id = @QuestionnaireId", new { start.QuestionnaireId }, tx);
        if (guide.Mode is null) return Outcome<long>.NotFound();
        if (guide.Mode != Modes.Interview) errors["questionnaireId"] = [CoreText.Format("IntNotAGuide")];
        else if (guide.Status != QuestionnaireStatus.Published || guide.CurrentVersion is null) errors["questionnaireId"] = [CoreText.Format("IntGuideNotOpen")];

        string name, organisation, sector;
        if (start.ContactId is { } contactId)
        {
            var contact = await connection.QuerySingleOrDefaultAsync<Contact>(
                $"SELECT {Contacts.Columns} FROM contacts WHERE id = @contactId", new { contactId }, tx);
            if (contact is null) { errors["contactId"] = [CoreText.Format("IntContactUnknown")]; name = organisation = sector = ""; }
            else (name, organisation, sector) = (contact.Name, contact.Organisation, contact.Sector);
        }
        else
        {
            // An interviewee met on the spot: name, organisation and sector are enough.
            name = (start.Name ?? "").Trim();
            organisation = (start.Organisation ?? "").Trim();
            sector = Sectors.Parse(start.Sector) ?? "";
            if (name.Length == 0) errors["name"] = [CoreText.Format("ConNameRequired")];
            else if (name.Length > MaxFieldLength) errors["name"] = [CoreText.Format("ConTooLong", MaxFieldLength)];
            if (organisation.Length > MaxFieldLength) errors["organisation"] = [CoreText.Format("ConTooLong", MaxFieldLength)];
            if (sector.Length == 0 || !Sectors.All.Contains(sector))
                errors["sector"] = [CoreText.Format("ConSectorInvalid", Sectors.LabelList())];
        }
        if (errors.Count > 0) return Outcome<long>.Invalid(errors);

        var now = DateTime.UtcNow;
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO interviews (questionnaire_id, version, contact_id, interviewee_name, interviewee_organisation, interviewee_sector,
                                    interviewer_id, held_on, channel, quote_consent, status, created_at, updated_at)
            VALUES (@QuestionnaireId, @version, @ContactId, @name, @organisation, @sector, @UserId, @heldOn, @channel, @QuoteConsent, 'draft', @now, @now)
            RETURNING id
            """,
            new
            {
                start.QuestionnaireId, version = guide.CurrentVersion, start.ContactId, name, organisation, sector, actor.UserId,
                heldOn, channel = (start.Channel ?? "").Trim(), start.QuoteConsent, now,
            }, tx);
        await AuditLog.WriteAsync(connection, tx, actor.Name, "create", "interview", id, after: new { start.QuestionnaireId, start.ContactId, sector });
        tx.Commit();
        return Outcome<long>.Ok(id);
    }

    /// <summary>The record, or null when it does not exist or the actor may not see it.</summary>
    public async Task<InterviewRecord?> GetAsync(long id, InterviewActor actor)
    {
        await using var connection = await database.OpenAsync();
        var record = await ReadAsync(connection, null, id);
        return record is not null && MaySee(record, actor) ? record : null;
    }

    public async Task<IReadOnlyList<InterviewRecord>> ListAsync(InterviewFilter filter, InterviewActor actor)
    {
        await using var connection = await database.OpenAsync();
        var where = new List<string>();
        if (!actor.SeesAll) where.Add("i.interviewer_id = @UserId");
        if (filter.QuestionnaireId is not null) where.Add("i.questionnaire_id = @QuestionnaireId");
        if (!string.IsNullOrEmpty(filter.Status)) where.Add("i.status = @Status");
        if (!string.IsNullOrEmpty(filter.Sector)) where.Add("i.interviewee_sector = @Sector");
        if (filter.InterviewerId is not null) where.Add("i.interviewer_id = @InterviewerId");
        var sql = $"SELECT {Columns} FROM interviews i JOIN users u ON u.id = i.interviewer_id"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
            + " ORDER BY i.held_on DESC, i.id DESC";
        return (await connection.QueryAsync<InterviewRecord>(sql,
            new { actor.UserId, filter.QuestionnaireId, filter.Status, filter.Sector, filter.InterviewerId })).ToList();
    }

    /// <summary>
    /// Saves what the interviewer wrote. A draft (or a returned record) may be incomplete; a
    /// completed or reviewed one must stay complete, its response is rewritten, and a reviewed one
    /// goes back to completed to be reviewed again.
    /// </summary>
    public async Task<Outcome<InterviewRecord>> SaveAsync(long id, InterviewEdit edit, InterviewActor actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var record = await ReadAsync(connection, tx, id);
        if (record is null || !MaySee(record, actor)) return Outcome<InterviewRecord>.NotFound();
        var definition = await DefinitionOf(record);

        var counts = record.Status is InterviewStatus.Completed or InterviewStatus.Reviewed;
        var check = AnswerValidator.Validate(definition, edit.Answers, counts ? AnswerScope.Submit : AnswerScope.Draft);
        var errors = new Dictionary<string, string[]>(check.Errors);
        var heldOn = ParseDate(edit.HeldOn);
        if (heldOn is null) errors["heldOn"] = [CoreText.Format("IntDateInvalid")];
        if ((edit.Channel ?? "").Length > MaxFieldLength) errors["channel"] = [CoreText.Format("ConTooLong", MaxFieldLength)];
        var questions = definition.Questions.Select(q => q.Name!).ToHashSet(StringComparer.Ordinal);
        var notes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (question, text) in edit.Notes)
        {
            var note = (text ?? "").Trim();
            if (note.Length == 0) continue;
            if (!questions.Contains(question)) errors["notes." + question] = [CoreText.Format("IntQuestionUnknown", question)];
            else if (note.Length > MaxNoteLength) errors["notes." + question] = [CoreText.Format("ConTooLong", MaxNoteLength)];
            else notes[question] = note;
        }
        if (errors.Count > 0) return Outcome<InterviewRecord>.Invalid(errors);

        var now = DateTime.UtcNow;
        var answersJson = RespondentSessions.ToStorage(check.Answers);
        var notesJson = JsonSerializer.Serialize(notes);
        var channel = (edit.Channel ?? "").Trim();
        var status = record.Status == InterviewStatus.Reviewed ? InterviewStatus.Completed : record.Status;
        if (record.KeepsHistory)
        {
            var changes = Changes(record, check.Answers, notes, heldOn!, channel, edit.QuoteConsent).ToList();
            if (changes.Count == 0) return Outcome<InterviewRecord>.Ok(record);
            if (status != record.Status) changes.Add(("status", record.Status, status));
            await WriteHistoryAsync(connection, tx, id, actor, now, changes);
        }
        await connection.ExecuteAsync("""
            UPDATE interviews SET answers = @answersJson, notes = @notesJson, held_on = @heldOn, channel = @channel,
                   quote_consent = @QuoteConsent, status = @status, updated_at = @now
            WHERE id = @id
            """, new { answersJson, notesJson, heldOn, channel, edit.QuoteConsent, status, now, id }, tx);
        if (counts) await WriteResponseAsync(connection, tx, record with { Answers = answersJson }, definition, check.Answers, now);
        tx.Commit();
        return Outcome<InterviewRecord>.Ok((await ReadAsync(connection, null, id))!);
    }

    /// <summary>Marks a draft or returned interview complete: every rule of the guide must hold, as for a submitted questionnaire.</summary>
    public async Task<Outcome<bool>> CompleteAsync(long id, InterviewActor actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var record = await ReadAsync(connection, tx, id);
        if (record is null || !MaySee(record, actor)) return Outcome<bool>.NotFound();
        if (record.Status is not (InterviewStatus.Draft or InterviewStatus.Returned))
            return Outcome<bool>.Conflict(CoreText.Format("IntCannotComplete", record.Status));
        var definition = await DefinitionOf(record);
        var check = AnswerValidator.Validate(definition, record.AnswerValues, AnswerScope.Submit);
        if (!check.IsValid) return Outcome<bool>.Invalid(check.Errors.ToDictionary(e => e.Key, e => e.Value));

        var now = DateTime.UtcNow;
        if (record.KeepsHistory) await WriteHistoryAsync(connection, tx, id, actor, now, [("status", record.Status, InterviewStatus.Completed)]);
        // The completed record holds what counts: a draft kept the answers of questions the guide hides, completing drops them.
        var answersJson = RespondentSessions.ToStorage(check.Answers);
        await connection.ExecuteAsync("""
            UPDATE interviews SET status = 'completed', answers = @answersJson, completed_at = coalesce(completed_at, @now), updated_at = @now WHERE id = @id
            """, new { id, now, answersJson }, tx);
        await WriteResponseAsync(connection, tx, record with { Answers = answersJson }, definition, check.Answers, now);
        await AuditLog.WriteAsync(connection, tx, actor.Name, "complete", "interview", id);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// A second person reviews a completed interview: approves it (reviewed) or sends it back with a
    /// comment (returned, and its numbers leave the summaries until it is completed again).
    /// </summary>
    public async Task<Outcome<bool>> ReviewAsync(long id, bool approve, string? comment, InterviewActor reviewer)
    {
        if (!reviewer.SeesAll) return Outcome<bool>.NotFound();
        comment = (comment ?? "").Trim();
        if (!approve && comment.Length == 0) return Outcome<bool>.Invalid("comment", CoreText.Format("IntCommentRequired"));
        if (comment.Length > MaxNoteLength) return Outcome<bool>.Invalid("comment", CoreText.Format("ConTooLong", MaxNoteLength));
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var record = await ReadAsync(connection, tx, id);
        if (record is null) return Outcome<bool>.NotFound();
        if (record.Status != InterviewStatus.Completed) return Outcome<bool>.Conflict(CoreText.Format("IntCannotReview", record.Status));
        if (record.InterviewerId == reviewer.UserId) return Outcome<bool>.Conflict(CoreText.Format("IntReviewOwn"));

        var now = DateTime.UtcNow;
        var status = approve ? InterviewStatus.Reviewed : InterviewStatus.Returned;
        var changes = new List<(string, string?, string?)> { ("status", record.Status, status) };
        if (comment.Length > 0 || record.ReviewComment is not null) changes.Add(("reviewComment", record.ReviewComment, comment.Length > 0 ? comment : null));
        await WriteHistoryAsync(connection, tx, id, reviewer, now, changes);
        await connection.ExecuteAsync("""
            UPDATE interviews SET status = @status, reviewer_id = @UserId, review_comment = @comment, reviewed_at = @now, updated_at = @now
            WHERE id = @id
            """, new { status, reviewer.UserId, comment = comment.Length > 0 ? comment : null, now, id }, tx);
        if (!approve && record.ResponseId is { } responseId)
            await connection.ExecuteAsync("DELETE FROM responses WHERE id = @responseId", new { responseId }, tx);
        await AuditLog.WriteAsync(connection, tx, reviewer.Name, approve ? "review" : "return", "interview", id);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// Erases an interview with everything it holds (answers, notes, quotes, history) and the numbers
    /// it added to the summaries: for a person's request to be forgotten when they are not a contact.
    /// Only the secretariat may; the audit log keeps that it happened, not what it held.
    /// </summary>
    public async Task<Outcome<bool>> EraseAsync(long id, InterviewActor actor)
    {
        if (!actor.SeesAll) return Outcome<bool>.NotFound();
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var record = await ReadAsync(connection, tx, id);
        if (record is null) return Outcome<bool>.NotFound();
        if (record.ResponseId is { } responseId)
            await connection.ExecuteAsync("DELETE FROM responses WHERE id = @responseId", new { responseId }, tx);
        await connection.ExecuteAsync("DELETE FROM interviews WHERE id = @id", new { id }, tx);
        await AuditLog.WriteAsync(connection, tx, actor.Name, "erase", "interview", id);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    public async Task<Outcome<long>> AddQuoteAsync(long id, QuoteInput input, InterviewActor actor)
    {
        var text = (input.Text ?? "").Trim();
        var errors = new Dictionary<string, string[]>();
        if (text.Length == 0) errors["text"] = [CoreText.Format("IntQuoteRequired")];
        else if (text.Length > MaxQuoteLength) errors["text"] = [CoreText.Format("ConTooLong", MaxQuoteLength)];
        if (input.ThemeIds.Count == 0) errors["themes"] = [CoreText.Format("IntThemeRequired")];

        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var record = await ReadAsync(connection, tx, id);
        if (record is null || !MaySee(record, actor)) return Outcome<long>.NotFound();
        var definition = await DefinitionOf(record);
        if (!definition.Questions.Any(q => q.Name == input.Question)) errors["question"] = [CoreText.Format("IntQuestionUnknown", input.Question)];
        var themeIds = input.ThemeIds.Distinct().ToList();
        var themes = (await connection.QueryAsync<Theme>(
            $"SELECT id AS Id, name AS Name FROM themes WHERE id {connection.Sql().In("@themeIds")} ORDER BY name", new { themeIds }, tx)).ToList();
        if (themes.Count != themeIds.Count) errors["themes"] = [CoreText.Format("IntThemeUnknown")];
        if (errors.Count > 0) return Outcome<long>.Invalid(errors);

        var now = DateTime.UtcNow;
        var quoteId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO interview_quotes (interview_id, question, text, created_at) VALUES (@id, @Question, @text, @now) RETURNING id
            """, new { id, input.Question, text, now }, tx);
        await connection.ExecuteAsync("INSERT INTO interview_quote_themes (quote_id, theme_id) VALUES (@quoteId, @themeId)",
            themeIds.Select(themeId => new { quoteId, themeId }), tx);
        if (record.KeepsHistory)
            await WriteHistoryAsync(connection, tx, id, actor, now, [($"quote:{input.Question}", null, QuoteText(text, themes))]);
        await Touch(connection, tx, record, actor, now);
        tx.Commit();
        return Outcome<long>.Ok(quoteId);
    }

    public async Task<Outcome<bool>> RemoveQuoteAsync(long id, long quoteId, InterviewActor actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var record = await ReadAsync(connection, tx, id);
        if (record is null || !MaySee(record, actor)) return Outcome<bool>.NotFound();
        var quote = (await QuotesAsync(connection, tx, id)).SingleOrDefault(q => q.Id == quoteId);
        if (quote is null) return Outcome<bool>.NotFound();
        var now = DateTime.UtcNow;
        await connection.ExecuteAsync("DELETE FROM interview_quotes WHERE id = @quoteId", new { quoteId }, tx);
        if (record.KeepsHistory)
            await WriteHistoryAsync(connection, tx, id, actor, now, [($"quote:{quote.Question}", QuoteText(quote.Text, quote.Themes), null)]);
        await Touch(connection, tx, record, actor, now);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    public async Task<IReadOnlyList<Quote>> QuotesAsync(long id, InterviewActor actor)
    {
        await using var connection = await database.OpenAsync();
        var record = await ReadAsync(connection, null, id);
        return record is null || !MaySee(record, actor) ? [] : await QuotesAsync(connection, null, id);
    }

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(long id, InterviewActor actor)
    {
        await using var connection = await database.OpenAsync();
        var record = await ReadAsync(connection, null, id);
        if (record is null || !MaySee(record, actor)) return [];
        return (await connection.QueryAsync<HistoryEntry>("""
            SELECT at AS At, actor AS Actor, field AS Field, old_value AS OldValue, new_value AS NewValue
            FROM interview_history WHERE interview_id = @id ORDER BY id
            """, new { id })).ToList();
    }

    private static bool MaySee(InterviewRecord record, InterviewActor actor) => actor.SeesAll || record.InterviewerId == actor.UserId;

    private async Task<SurveyDefinition> DefinitionOf(InterviewRecord record) =>
        await definitions.GetAsync(record.QuestionnaireId, record.Version)
        ?? throw new InvalidOperationException($"Guide {record.QuestionnaireId} has no version {record.Version}.");

    private static Task<InterviewRecord?> ReadAsync(IDbConnection connection, IDbTransaction? tx, long id) =>
        connection.QuerySingleOrDefaultAsync<InterviewRecord>(
            $"SELECT {Columns} FROM interviews i JOIN users u ON u.id = i.interviewer_id WHERE i.id = @id", new { id }, tx);

    private static async Task<IReadOnlyList<Quote>> QuotesAsync(IDbConnection connection, IDbTransaction? tx, long id)
    {
        var rows = await connection.QueryAsync<(long Id, string Question, string Text, long? ThemeId, string? ThemeName)>("""
            SELECT q.id, q.question, q.text, t.id, t.name
            FROM interview_quotes q
            LEFT JOIN interview_quote_themes qt ON qt.quote_id = q.id
            LEFT JOIN themes t ON t.id = qt.theme_id
            WHERE q.interview_id = @id
            ORDER BY q.id, t.name
            """, new { id }, tx);
        return rows.GroupBy(r => (r.Id, r.Question, r.Text))
            .Select(g => new Quote(g.Key.Id, g.Key.Question, g.Key.Text,
                g.Where(r => r.ThemeId is not null).Select(r => new Theme(r.ThemeId!.Value, r.ThemeName!)).ToList()))
            .ToList();
    }

    private static string QuoteText(string text, IEnumerable<Theme> themes) =>
        $"{text} [{string.Join(", ", themes.Select(t => t.Name))}]";

    private static async Task Touch(IDbConnection connection, IDbTransaction tx, InterviewRecord record, InterviewActor actor, DateTime now)
    {
        // A changed quote on a reviewed interview needs a new review, like any other change.
        if (record.Status == InterviewStatus.Reviewed)
            await WriteHistoryAsync(connection, tx, record.Id, actor, now, [("status", record.Status, InterviewStatus.Completed)]);
        await connection.ExecuteAsync(
            "UPDATE interviews SET updated_at = @now, status = CASE WHEN status = 'reviewed' THEN 'completed' ELSE status END WHERE id = @Id",
            new { now, record.Id }, tx);
    }

    private static IEnumerable<(string Field, string? Old, string? New)> Changes(
        InterviewRecord record, JsonObject answers, IReadOnlyDictionary<string, string> notes, string heldOn, string channel, bool consent)
    {
        if (record.HeldOn != heldOn) yield return ("heldOn", record.HeldOn, heldOn);
        if (record.Channel != channel) yield return ("channel", record.Channel, channel);
        if (record.QuoteConsent != consent) yield return ("quoteConsent", Bool(record.QuoteConsent), Bool(consent));
        var before = record.AnswerValues;
        foreach (var key in before.Select(p => p.Key).Union(answers.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var old = before[key]?.ToJsonString();
            var now = answers[key]?.ToJsonString();
            if (old != now) yield return ($"answer:{key}", old, now);
        }
        var oldNotes = record.NoteValues;
        foreach (var key in oldNotes.Keys.Union(notes.Keys).Order(StringComparer.Ordinal))
        {
            var old = oldNotes.GetValueOrDefault(key);
            var now = notes.GetValueOrDefault(key);
            if (old != now) yield return ($"note:{key}", old, now);
        }
        static string Bool(bool b) => b ? "true" : "false";
    }

    private static Task WriteHistoryAsync(IDbConnection connection, IDbTransaction tx, long id, InterviewActor actor, DateTime at,
        IEnumerable<(string Field, string? Old, string? New)> changes) =>
        connection.ExecuteAsync("""
            INSERT INTO interview_history (interview_id, at, actor, field, old_value, new_value) VALUES (@id, @at, @actor, @Field, @Old, @New)
            """, changes.Select(c => new { id, at, actor = actor.Name, c.Field, c.Old, c.New }), tx);

    /// <summary>Replaces the interview's response (mode interview) so that the summaries count its closed questions once.</summary>
    private static async Task WriteResponseAsync(IDbConnection connection, IDbTransaction tx, InterviewRecord record,
        SurveyDefinition definition, JsonObject answers, DateTime now)
    {
        string? reference = null;
        if (record.ResponseId is { } old)
        {
            reference = await connection.ExecuteScalarAsync<string?>("SELECT reference FROM responses WHERE id = @old", new { old }, tx);
            await connection.ExecuteAsync("DELETE FROM responses WHERE id = @old", new { old }, tx);
        }
        var background = record.ContactId is { } contactId
            ? await connection.ExecuteScalarAsync<string?>("SELECT background FROM contacts WHERE id = @contactId", new { contactId }, tx) ?? "{}"
            : "{}";
        var responseId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO responses (questionnaire_id, version, invitation_id, reference, mode, sector, background, answers, submitted_at)
            VALUES (@QuestionnaireId, @Version, NULL, @reference, 'interview', @IntervieweeSector, @background, @answers, @now)
            RETURNING id
            """,
            new
            {
                record.QuestionnaireId, record.Version, reference = reference ?? Submissions.NewReference(), record.IntervieweeSector,
                background, answers = RespondentSessions.ToStorage(answers), now,
            }, tx);
        await ResponseValues.WriteAsync(connection, tx, responseId, record.QuestionnaireId, definition, answers, record.IntervieweeSector,
            JsonSerializer.Deserialize<Dictionary<string, string>>(background) ?? [], "interview", now);
        await connection.ExecuteAsync("UPDATE interviews SET response_id = @responseId WHERE id = @Id", new { responseId, record.Id }, tx);
    }

    private static string? ParseDate(string? text) =>
        DateOnly.TryParseExact((text ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
}
