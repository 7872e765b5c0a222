using Dapper;
using FluentValidation;
using Survey.Core;
using Survey.Core.Data;

namespace Survey.Web.Participants;

public static class MessageKinds
{
    public const string Invitation = "invitation";
    public const string Reminder = "reminder";
    public static readonly string[] All = [Invitation, Reminder];
}

/// <summary>What a mail's placeholders stand for; a null deadline means the questionnaire has no closing date.</summary>
public sealed record MessageFields(string Name, string Link, string? Deadline, string? Title, string Sender);

public sealed partial record MessageTemplate(string Kind, string Language, string Subject, string Body)
{
    public const string NamePlaceholder = "{navn}";
    public const string LinkPlaceholder = "{link}";
    public const string DeadlinePlaceholder = "{frist}";
    public const string TitlePlaceholder = "{titel}";
    public const string SenderPlaceholder = "{afsender}";

    /// <summary>Every placeholder a text may hold, in the order the templates page explains them.</summary>
    public static readonly string[] Placeholders = [NamePlaceholder, LinkPlaceholder, TitlePlaceholder, DeadlinePlaceholder, SenderPlaceholder];

    public string FillSubject(MessageFields f) => Fill(Subject, f).ReplaceLineEndings(" ").Trim();

    public string FillBody(MessageFields f) => Fill(Body, f);

    /// <summary>
    /// The text with its placeholders filled in. Without a deadline, a line that mentions {frist}
    /// is left out altogether (the placeholder alone where the line also holds the link, or in a
    /// subject), so no mail asks for an answer "by as soon as possible".
    /// </summary>
    public static string Fill(string text, MessageFields f)
    {
        if (f.Deadline is null)
            text = string.Join("\n", DropDeadlineLines(text.ReplaceLineEndings("\n").Split('\n'))).Replace(DeadlinePlaceholder, "");
        return text.Replace(NamePlaceholder, f.Name).Replace(LinkPlaceholder, f.Link).Replace(DeadlinePlaceholder, f.Deadline ?? "")
            .Replace(TitlePlaceholder, f.Title ?? "").Replace(SenderPlaceholder, f.Sender);
    }

    /// <summary>The lines without those holding {frist}, and without a blank line doubled where one was taken out.</summary>
    private static IEnumerable<string> DropDeadlineLines(string[] lines)
    {
        var previousBlank = false;
        foreach (var line in lines)
        {
            if (line.Contains(DeadlinePlaceholder, StringComparison.Ordinal) && !line.Contains(LinkPlaceholder, StringComparison.Ordinal) && lines.Length > 1) continue;
            var blank = line.Trim().Length == 0;
            if (blank && previousBlank) continue;
            previousBlank = blank;
            yield return line;
        }
    }

    /// <summary>The {words} of a text that are not placeholders.</summary>
    public static IEnumerable<string> Unknown(string? text) =>
        Braced().Matches(text ?? "").Select(m => m.Value).Where(v => !Placeholders.Contains(v)).Distinct();

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^{}\s]{1,30}\}")]
    private static partial System.Text.RegularExpressions.Regex Braced();
}

public sealed class MessageTemplateValidator : AbstractValidator<MessageTemplate>
{
    public MessageTemplateValidator()
    {
        RuleFor(t => t.Subject).NotEmpty().WithMessage(_ => WebText.Format("TplSubjectRequired"))
            .MaximumLength(200).WithMessage(_ => WebText.Format("TplTooLong", 200))
            .Must(s => !MessageTemplate.Unknown(s).Any())
            .WithMessage(t => WebText.Format("TplUnknownPlaceholder", string.Join(", ", MessageTemplate.Unknown(t.Subject)), string.Join(", ", MessageTemplate.Placeholders)))
            .OverridePropertyName("Subject");
        RuleFor(t => t.Body).NotEmpty().WithMessage(_ => WebText.Format("TplBodyRequired"))
            .Must(b => b.Contains(MessageTemplate.LinkPlaceholder, StringComparison.Ordinal))
            .WithMessage(_ => WebText.Format("TplLinkRequired", MessageTemplate.LinkPlaceholder))
            .MaximumLength(10_000).WithMessage(_ => WebText.Format("TplTooLong", 10_000))
            .Must(b => !MessageTemplate.Unknown(b).Any())
            .WithMessage(t => WebText.Format("TplUnknownPlaceholder", string.Join(", ", MessageTemplate.Unknown(t.Body)), string.Join(", ", MessageTemplate.Placeholders)))
            .OverridePropertyName("Body");
    }
}

/// <summary>The invitation and reminder texts of a questionnaire, in Danish and English, with built-in defaults.</summary>
public sealed class MessageTemplates(SurveyDatabase database)
{
    private static readonly MessageTemplateValidator Validator = new();

    public async Task<MessageTemplate> GetAsync(long questionnaireId, string kind, string language)
    {
        await using var connection = await database.OpenAsync();
        var stored = await connection.QuerySingleOrDefaultAsync<(string Subject, string Body)?>(
            "SELECT subject, body FROM message_templates WHERE questionnaire_id = @questionnaireId AND kind = @kind AND language = @language",
            new { questionnaireId, kind, language });
        return stored is { } t ? new MessageTemplate(kind, language, t.Subject, t.Body) : Default(kind, language);
    }

    public static MessageTemplate Default(string kind, string language)
    {
        using var culture = new CultureScope(language);
        var prefix = kind == MessageKinds.Reminder ? "TplReminder" : "TplInvitation";
        return new MessageTemplate(kind, language, WebText.Format(prefix + "Subject"), WebText.Format(prefix + "Body"));
    }

    public async Task<Outcome<bool>> SaveAsync(long questionnaireId, MessageTemplate template, string actor)
    {
        var validation = Validator.Validate(template);
        if (!validation.IsValid) return Outcome<bool>.Invalid(validation.ToDictionary());
        var before = await GetAsync(questionnaireId, template.Kind, template.Language);
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        await connection.ExecuteAsync("""
            INSERT INTO message_templates (questionnaire_id, kind, language, subject, body, updated_at)
            VALUES (@questionnaireId, @Kind, @Language, @Subject, @Body, @now)
            ON CONFLICT (questionnaire_id, kind, language) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at
            """, new { questionnaireId, template.Kind, template.Language, template.Subject, template.Body, now = DateTime.UtcNow }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "edit-template", "questionnaire", questionnaireId, before, template);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }
}

/// <summary>Runs a block of code in a given UI culture, for texts made outside a request.</summary>
public sealed class CultureScope : IDisposable
{
    private readonly System.Globalization.CultureInfo _previous = System.Globalization.CultureInfo.CurrentUICulture;

    public CultureScope(string language) => System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(language);

    public void Dispose() => System.Globalization.CultureInfo.CurrentUICulture = _previous;
}
