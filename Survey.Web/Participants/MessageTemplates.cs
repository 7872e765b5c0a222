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

public sealed record MessageTemplate(string Kind, string Language, string Subject, string Body)
{
    public const string NamePlaceholder = "{navn}";
    public const string LinkPlaceholder = "{link}";
    public const string DeadlinePlaceholder = "{frist}";

    public string Fill(string text, string name, string link, string deadline) =>
        text.Replace(NamePlaceholder, name).Replace(LinkPlaceholder, link).Replace(DeadlinePlaceholder, deadline);
}

public sealed class MessageTemplateValidator : AbstractValidator<MessageTemplate>
{
    public MessageTemplateValidator()
    {
        RuleFor(t => t.Subject).NotEmpty().WithMessage(_ => WebText.Format("TplSubjectRequired"))
            .MaximumLength(200).WithMessage(_ => WebText.Format("TplTooLong", 200)).OverridePropertyName("Subject");
        RuleFor(t => t.Body).NotEmpty().WithMessage(_ => WebText.Format("TplBodyRequired"))
            .Must(b => b.Contains(MessageTemplate.LinkPlaceholder, StringComparison.Ordinal))
            .WithMessage(_ => WebText.Format("TplLinkRequired", MessageTemplate.LinkPlaceholder))
            .MaximumLength(10_000).WithMessage(_ => WebText.Format("TplTooLong", 10_000)).OverridePropertyName("Body");
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
