using System.Text.Json.Nodes;
using Survey.Core;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;

namespace Survey.Api.Respond;

/// <summary>
/// One person answering one questionnaire through the pages: a leader with a personal link, or the
/// secretariat previewing a draft. The pages work the same for both; only where the answers go differs.
/// </summary>
public abstract class AnswerSession
{
    /// <summary>The address the pages hang under, "/s/{token}" or "/p/{token}".</summary>
    public required string Base { get; init; }
    public required SurveyDefinition Definition { get; init; }
    public required JsonObject Answers { get; init; }
    public string? DraftPage { get; init; }
    public bool HasDraft { get; init; }
    public bool IsSubmitted { get; init; }
    public bool IsOpen { get; init; } = true;
    public DateTime? CompletedAt { get; init; }
    public string? Reference { get; init; }
    public string Anonymity { get; init; } = "";
    public int MinGroupSize { get; init; }
    /// <summary>Where the page script saves drafts while typing; null when it should not.</summary>
    public string? SaveUrl { get; init; }
    public bool IsPreview { get; init; }

    public abstract Task MarkOpenedAsync();

    /// <summary>Keeps a draft; false when it can no longer be kept (submitted meanwhile).</summary>
    public abstract Task<bool> SaveAsync(JsonObject answers, string? page);

    /// <summary>Submits the answers; completedAtPage is where a complete trigger ended the questionnaire early.</summary>
    public abstract Task<Outcome<SubmittedResponse>> SubmitAsync(JsonObject answers, string? completedAtPage = null);

    /// <summary>The time and reference of a response submitted earlier (after a repeated submit).</summary>
    public abstract Task<(DateTime? SubmittedAt, string? Reference)> EarlierReceiptAsync();
}

/// <summary>A leader answering through a personal link: drafts and the response are stored.</summary>
public sealed class InvitationSession(RespondentSession session, Respondents respondents, Submissions submissions, string token) : AnswerSession
{
    public override Task MarkOpenedAsync() => submissions.MarkOpenedAsync(session);

    public override Task<bool> SaveAsync(JsonObject answers, string? page) =>
        submissions.SaveDraftAsync(session.InvitationId, session.Version, answers, page);

    public override Task<Outcome<SubmittedResponse>> SubmitAsync(JsonObject answers, string? completedAtPage = null) =>
        submissions.SubmitAsync(session, answers, completedAtPage);

    public override async Task<(DateTime? SubmittedAt, string? Reference)> EarlierReceiptAsync()
    {
        var again = await respondents.Sessions.FindAsync(token);
        return (again?.CompletedAt, again?.Reference);
    }
}

/// <summary>The secretariat previewing a draft: the pages behave as for a leader, but nothing is submitted.</summary>
public sealed class PreviewSession(Preview preview, Previews previews) : AnswerSession
{
    /// <summary>The draft's revision the page was made from.</summary>
    public int Revision => preview.Revision;

    public override Task MarkOpenedAsync() => Task.CompletedTask;

    public override async Task<bool> SaveAsync(JsonObject answers, string? page)
    {
        await previews.SaveAsync(preview.TokenHash, answers, page);
        return true;
    }

    public override Task<Outcome<SubmittedResponse>> SubmitAsync(JsonObject answers, string? completedAtPage = null)
    {
        var check = AnswerValidator.Validate(Definition, answers, AnswerScope.Submit, completedAtPage);
        return Task.FromResult(check.IsValid
            ? Outcome<SubmittedResponse>.Ok(new SubmittedResponse(0, "PREVIEW", DateTime.UtcNow))
            : Outcome<SubmittedResponse>.Invalid(check.Errors.ToDictionary(e => e.Key, e => e.Value)));
    }

    public override Task<(DateTime? SubmittedAt, string? Reference)> EarlierReceiptAsync() => Task.FromResult<(DateTime?, string?)>((null, null));
}
