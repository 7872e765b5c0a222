using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;

namespace Survey.Api.Respond;

/// <summary>What every public page knows: the language, how to switch it, and the questionnaire's title.</summary>
public sealed record PageFrame(string Lang, string Title, string? QuestionnaireTitle, string PathWithoutLang, bool IsPreview = false)
{
    public string LinkFor(string lang) => PathWithoutLang + (lang == "da" ? "" : (PathWithoutLang.Contains('?') ? "&" : "?") + "lang=" + lang);

    public string Link(string path) => path + (Lang == "da" ? "" : (path.Contains('?') ? "&" : "?") + "lang=" + Lang);

    public static string CurrentLang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "da";
}

public sealed record QuestionView(
    ElementDefinition Question,
    int Index,
    string Lang,
    IReadOnlyDictionary<string, StringValues> Values,
    IReadOnlyList<string> Errors,
    bool Hidden)
{
    public string Id => "q" + Index.ToString(CultureInfo.InvariantCulture);
    public string Name => Question.Name!;
    public string Label => Question.Label(Lang);
    public string? Hint => Question.Description?.Get(Lang);
    public StringValues Value => Values.TryGetValue(Name, out var v) ? v : StringValues.Empty;
    public string ValueOf(string field) => Values.TryGetValue(field, out var v) ? v.ToString() : "";
    public bool Has(string value) => Value.Contains(value);
    public string DescribedBy => string.Join(' ', new[] { Hint is { Length: > 0 } ? Id + "-hint" : null, Errors.Count > 0 ? Id + "-error" : null }.Where(s => s is not null));

    /// <summary>The id the error summary links to: the first control of the question.</summary>
    public string FirstControlId => Question.Type switch
    {
        ElementTypes.RadioGroup or ElementTypes.Checkbox or ElementTypes.Boolean or ElementTypes.Rating
            or ElementTypes.Matrix or ElementTypes.Ranking => Id + "-0",
        _ => Id + "-input",
    };
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
}

public sealed record ReviewItem(string Question, IReadOnlyList<string> Answer, string ChangeHref);

public sealed record ReviewSection(string Title, IReadOnlyList<ReviewItem> Items);

public sealed record ReviewModel(PageFrame Frame, string Base, IReadOnlyList<ReviewSection> Sections, int PageCount)
{
    public string SubmitAction => Frame.Link($"{Base}/submit");
}

public sealed record WelcomeModel(PageFrame Frame, string Token, string? Description, string Anonymity, int MinGroupSize,
    int Minutes, int QuestionCount, string StartHref, bool Resumed);

public sealed record ReceiptModel(PageFrame Frame, DateTime SubmittedAtUtc, string? Reference, bool JustSubmitted);

public sealed record MessageModel(PageFrame Frame, string Heading, string Body);

/// <summary>Builds page models from a definition and a set of answers.</summary>
public static class PageBuilder
{
    public static IReadOnlyList<PageDefinition> VisiblePages(SurveyDefinition definition, JsonObject answers) =>
        AnswerValidator.Validate(definition, answers, AnswerScope.Draft).VisiblePages;

    public static int QuestionIndex(SurveyDefinition definition, ElementDefinition element) =>
        definition.AllElements.TakeWhile(e => !ReferenceEquals(e, element)).Count() + 1;

    public static int EstimatedMinutes(SurveyDefinition definition)
    {
        // Roughly 20 seconds for a closed question and a minute for each free-text one.
        var seconds = definition.Questions.Sum(q => q.Type is ElementTypes.Comment ? 60 : q.Type == ElementTypes.Matrix ? 15 * (q.Rows?.Count ?? 1) : 20);
        return Math.Max(2, (int)Math.Ceiling(seconds / 60.0));
    }
}
