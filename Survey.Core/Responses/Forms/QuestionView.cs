using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Expressions;

namespace Survey.Core.Responses.Forms;

/// <summary>One question as a form shows it: its values as the form holds them, its errors, and whether a condition hides it.</summary>
public sealed record QuestionView(
    ElementDefinition Question,
    int Index,
    string Lang,
    IReadOnlyDictionary<string, StringValues> Values,
    IReadOnlyList<string> Errors,
    bool Hidden)
{
    /// <summary>Required with the answers as they stand (isRequired, or its requiredIf holds).</summary>
    public bool Required { get; init; } = Question.Required;

    /// <summary>Shown but not answerable (readOnly, or its enableIf fails).</summary>
    public bool Disabled { get; init; } = Question.ReadOnly == true;

    /// <summary>Where its choices depend on answers: the keys offered now and those disabled; null when it offers all.</summary>
    public (IReadOnlySet<string> Offered, IReadOnlySet<string> Disabled)? ChoiceState { get; init; }

    /// <summary>
    /// Every option of its field, each with whether it cannot be chosen now (its enableIf fails).
    /// Options not offered now are rendered too, hidden (<see cref="IsOffered"/>), so that the page
    /// script can offer them when an answer on the same page changes.
    /// </summary>
    public IEnumerable<(string Value, string Text, bool Disabled)> Options =>
        Questionnaires.Types.QuestionTypes.Of(Question).FormOptions(Question, Lang)
            .Select(o => (o.Value, o.Text, ChoiceState is { } s && s.Disabled.Contains(o.Value)));

    public bool IsOffered(string value) => ChoiceState is not { } s || s.Offered.Contains(value);

    /// <summary>A panel's elements as the form shows them.</summary>
    public IReadOnlyList<QuestionView> Children { get; init; } = [];

    /// <summary>Whether the page script may change what the field allows: wraps it so that it can be disabled as a whole.</summary>
    public bool CanBeDisabled => Question.ReadOnly == true || Question.EnableIfExpression is not null;

    public string Id => "q" + Index.ToString(CultureInfo.InvariantCulture);
    public string Name => Question.Name!;
    public string Label => Question.Label(Lang);
    public string? Hint => Question.Description?.Get(Lang);
    public StringValues Value => Values.TryGetValue(Name, out var v) ? v : StringValues.Empty;
    public string ValueOf(string field) => Values.TryGetValue(field, out var v) ? v.ToString() : "";
    public bool Has(string value) => Value.Contains(value);
    public string DescribedBy => string.Join(' ', new[] { Hint is { Length: > 0 } ? Id + "-hint" : null, Errors.Count > 0 ? Id + "-error" : null }.Where(s => s is not null));

    /// <summary>The id the error summary links to: the first control of the question.</summary>
    public string FirstControlId => Questionnaires.Types.QuestionTypes.Of(Question).IsControlGroup ? Id + "-0" : Id + "-input";
}

public static class QuestionViews
{
    /// <summary>The element's number in the whole definition (1-based): the stable part of its HTML ids.</summary>
    public static int IndexOf(SurveyDefinition definition, ElementDefinition element) =>
        definition.AllElements.TakeWhile(e => !ReferenceEquals(e, element)).Count() + 1;

    /// <summary>
    /// The views of some elements for a form: values as the form holds them, errors by question name,
    /// and hidden where the answers' conditions (as checked) hide a question or a text block.
    /// </summary>
    public static IReadOnlyList<QuestionView> Build(SurveyDefinition definition, IEnumerable<ElementDefinition> elements, string lang,
        IReadOnlyDictionary<string, StringValues> values, IReadOnlyDictionary<string, string[]> errors, AnswerCheck check)
    {
        var lookup = new AnswerLookup(check.Answers);
        return elements.Select(e => new QuestionView(e, IndexOf(definition, e), lang, values,
                errors.TryGetValue(e.Name ?? "", out var messages) ? messages : [],
                // Inside a panel only its own condition counts here: a hidden panel hides what it holds.
                Hidden: e.IsQuestion ? !(e.VisibleIfExpression?.IsTrue(lookup) ?? true) || (e.Parent is null && !check.VisibleQuestions.Contains(e.Name!))
                    : !(e.VisibleIfExpression?.IsTrue(lookup) ?? true))
            {
                Children = e.Elements is null ? [] : Build(definition, e.Elements, lang, values, errors, check),
                // A hidden question shows its own isRequired, for when the script reveals it.
                Required = e.IsQuestion && (check.RequiredQuestions.Contains(e.Name!) || (e.Required && !check.VisibleQuestions.Contains(e.Name!))),
                Disabled = e.IsQuestion && check.ReadOnlyQuestions.Contains(e.Name!),
                ChoiceState = e.Name is not null && check.Choices.TryGetValue(e.Name, out var state) ? state : null,
            })
            .ToList();
    }

    /// <summary>
    /// What the form's script (question-form.js) needs, as JSON for a script element: the answers
    /// given before and each question's condition as the tree the server evaluates, with its values.
    /// The default encoder escapes &lt;, &gt; and &amp;, so the JSON cannot close the element it sits in.
    /// </summary>
    /// <summary>The views and, after each panel, the views inside it, in document order.</summary>
    public static IEnumerable<QuestionView> Flatten(IEnumerable<QuestionView> views) =>
        views.SelectMany(v => Flatten(v.Children).Prepend(v));

    /// <summary>The views a person sees: not hidden, and in no hidden panel.</summary>
    public static IEnumerable<QuestionView> Shown(IEnumerable<QuestionView> views) =>
        views.Where(v => !v.Hidden).SelectMany(v => Shown(v.Children).Prepend(v));

    public static string ScriptState(IReadOnlyList<QuestionView> views, JsonObject answers, JsonObject? more = null)
    {
        var state = more?.DeepClone().AsObject() ?? [];
        state["answers"] = answers.DeepClone();
        state["questions"] = new JsonArray(Flatten(views).Select(v => (JsonNode)new JsonObject
        {
            ["name"] = v.Name,
            ["parent"] = v.Question.Parent?.Name,
            ["id"] = v.Id,
            ["type"] = v.Question.Type,
            ["inputType"] = v.Question.EffectiveInputType,
            ["visibleIf"] = v.Question.VisibleIfExpression?.ToJson(),
            ["requiredIf"] = v.Question.RequiredIfExpression?.ToJson(),
            ["enableIf"] = v.Question.EnableIfExpression?.ToJson(),
            ["readOnly"] = v.Question.ReadOnly == true ? true : null,
            ["required"] = v.Question.Required ? true : null,
            ["choicesVisibleIf"] = v.Question.ChoicesVisibleIfExpression?.ToJson(),
            ["choicesFrom"] = v.Question.ChoicesFromQuestion is { } from ? new JsonObject { ["question"] = from, ["mode"] = v.Question.ChoicesFromQuestionMode ?? "all" } : null,
            ["choiceConditions"] = ChoiceConditions(v.Question.Choices),
            ["choices"] = Values(v.Question.Choices),
            ["columns"] = Values(v.Question.Columns),
            ["rows"] = Values(v.Question.Rows),
        }).ToArray());
        return state.ToJsonString(JsonSerializerOptions.Default);
    }

    /// <summary>Each choice's own visibleIf and enableIf as trees, by position; null when no choice has one.</summary>
    private static JsonArray? ChoiceConditions(List<ChoiceItem>? items) =>
        items is null || items.All(i => i.VisibleIfExpression is null && i.EnableIfExpression is null) ? null
            : new JsonArray(items.Select(i => (JsonNode?)new JsonObject
            {
                ["visibleIf"] = i.VisibleIfExpression?.ToJson(),
                ["enableIf"] = i.EnableIfExpression?.ToJson(),
            }).ToArray());

    private static JsonArray? Values(List<ChoiceItem>? items) =>
        items is null ? null : new JsonArray(items.Select(i => (JsonNode?)i.Value.DeepClone()).ToArray());
}
