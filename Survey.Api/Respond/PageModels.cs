using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Core.Responses.Forms;

namespace Survey.Api.Respond;

/// <summary>What every public page knows: the language, how to switch it, and the questionnaire's title.</summary>
public sealed record PageFrame(string Lang, string Title, string? QuestionnaireTitle, string PathWithoutLang, bool IsPreview = false)
{
    public string LinkFor(string lang) => PathWithoutLang + (lang == "da" ? "" : (PathWithoutLang.Contains('?') ? "&" : "?") + "lang=" + lang);

    public string Link(string path) => path + (Lang == "da" ? "" : (path.Contains('?') ? "&" : "?") + "lang=" + Lang);

    public static string CurrentLang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "da";
}

public sealed record QuestionPageModel(
    PageFrame Frame,
    string Base,
    SurveyDefinition Definition,
    PageDefinition Page,
    int PageNumber,
    int PageCount,
    bool IsFirst,
    IReadOnlyList<QuestionView> Questions,
    IReadOnlyList<(string Label, string Href, string Message)> ErrorSummary,
    string? Notice,
    string StateJson)
{
    public string Action => Frame.Link($"{Base}/p/{Uri.EscapeDataString(Page.Name!)}");

    /// <summary>Reached by "Change" on the review: the page's main button returns there.</summary>
    public bool ReturnToReview { get; init; }

    /// <summary>Piping for the page's own texts (its title and description), with the answers as they stand.</summary>
    public Func<string, string> Pipe { get; init; } = text => text;
}

public sealed record ReviewItem(string Question, IReadOnlyList<string> Answer, string ChangeHref);

public sealed record ReviewSection(string Title, IReadOnlyList<ReviewItem> Items);

public sealed record ReviewModel(PageFrame Frame, string Base, IReadOnlyList<ReviewSection> Sections, int PageCount, string? SubmitText = null)
{
    public string SubmitAction => Frame.Link($"{Base}/submit");
}

public sealed record WelcomeModel(PageFrame Frame, string Token, string? Description, string Anonymity, int MinGroupSize,
    int Minutes, int QuestionCount, string StartHref, bool Resumed);

/// <summary>The receipt; CompletedHtml is the definition's own text for it (completedHtml or completedHtmlOnCondition), unsanitised.</summary>
public sealed record ReceiptModel(PageFrame Frame, DateTime? SubmittedAtUtc, string? Reference, bool JustSubmitted, string? CompletedHtml = null);

public sealed record MessageModel(PageFrame Frame, string Heading, string Body);

/// <summary>A page of the site's own (the privacy notice, the accessibility statement): only the frame.</summary>
public sealed record InfoModel(PageFrame Frame);

/// <summary>Builds page models from a definition and a set of answers.</summary>
public static class PageBuilder
{
    public static IReadOnlyList<PageDefinition> VisiblePages(SurveyDefinition definition, JsonObject answers) =>
        AnswerValidator.Validate(definition, answers, AnswerScope.Draft).VisiblePages;

    public static int EstimatedMinutes(SurveyDefinition definition)
    {
        // Roughly 20 seconds for a closed question and a minute for each free-text one.
        var seconds = definition.Questions.Sum(q => Survey.Core.Questionnaires.Types.QuestionTypes.Of(q).EstimatedSeconds(q));
        return Math.Max(2, (int)Math.Ceiling(seconds / 60.0));
    }
}
