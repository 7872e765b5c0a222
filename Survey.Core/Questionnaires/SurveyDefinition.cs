using System.Text.Json.Nodes;
using Survey.Core.Questionnaires.Expressions;

namespace Survey.Core.Questionnaires;

/// <summary>A questionnaire or interview guide in the supported subset of the SurveyJS format.</summary>
public sealed class SurveyDefinition
{
    public LocalizedText? Title { get; set; }
    public LocalizedText? Description { get; set; }
    public string? Locale { get; set; }
    public List<PageDefinition> Pages { get; set; } = [];

    /// <summary>The buttons' own texts, where the definition gives them (SurveyJS's pageNextText, pagePrevText, completeText).</summary>
    public LocalizedText? PageNextText { get; set; }
    public LocalizedText? PagePrevText { get; set; }
    public LocalizedText? CompleteText { get; set; }

    /// <summary>SurveyJS's showProgressBar as given: "off" hides the page progress; any other value, or none, shows it (top, or bottom for "bottom").</summary>
    public string? ShowProgressBar { get; set; }

    /// <summary>SurveyJS's showQuestionNumbers as given: "on" numbers visible questions through the survey, "onPage" on each page; off when not given.</summary>
    public string? ShowQuestionNumbers { get; set; }

    /// <summary>The receipt's own text (sanitised HTML), and texts chosen by the first condition that holds for the submitted answers.</summary>
    public LocalizedText? CompletedHtml { get; set; }
    public List<CompletedHtmlCondition>? CompletedHtmlOnCondition { get; set; }

    /// <summary>SurveyJS's triggers: actions run when an answer changes and their expression holds.</summary>
    public List<TriggerDefinition>? Triggers { get; set; }

    /// <summary>Named values computed from the answers (SurveyJS's calculatedValues), usable as {name} in conditions and texts.</summary>
    public List<CalculatedValue>? CalculatedValues { get; set; }

    /// <summary>SurveyJS display settings this platform keeps but does not act on, written back on export as they came.</summary>
    public JsonObject Kept { get; } = new();

    /// <summary>The receipt text for these answers in the language, or null for the platform's own.</summary>
    public string? CompletedHtmlFor(JsonObject? answers, string lang)
    {
        if (answers is not null)
        {
            var lookup = Responses.AnswerValidator.Validate(this, answers, Responses.AnswerScope.Draft).Lookup();
            foreach (var c in CompletedHtmlOnCondition ?? [])
                if (c.ExpressionTree is { } tree && tree.IsTrue(lookup) && c.Html?.Get(lang) is { Length: > 0 } html) return html;
        }
        return CompletedHtml?.Get(lang) is { Length: > 0 } own ? own : null;
    }

    /// <summary>Every element of every page in document order, the ones inside panels included (and the panels).</summary>
    public IReadOnlyList<ElementDefinition> AllElements => Index().All;

    /// <summary>Questions are elements that take an answer (everything but html).</summary>
    public IReadOnlyList<ElementDefinition> Questions => Index().Questions;

    /// <summary>The question of that name (exactly; the first where a definition repeats one), or null.</summary>
    public ElementDefinition? QuestionNamed(string name) => Index().ByName.GetValueOrDefault(name);

    /// <summary>
    /// The element lists, made once: a definition is read whole and not changed after (a stored version
    /// is shared by every request answering it), and these are asked for many times per request. Made
    /// again should the list of pages itself be replaced.
    /// </summary>
    private ElementIndex Index()
    {
        var index = _index;
        if (index is not null && ReferenceEquals(index.Pages, Pages)) return index;
        var all = Pages.SelectMany(p => p.AllElements).ToList();
        var questions = all.Where(e => e.IsQuestion).ToList();
        var byName = new Dictionary<string, ElementDefinition>(StringComparer.Ordinal);
        foreach (var q in questions) if (q.Name is { } name) byName.TryAdd(name, q);
        return _index = new ElementIndex(Pages, all, questions, byName);
    }

    private ElementIndex? _index;

    /// <summary>Forgets the element lists, for a reader that has changed the elements after asking for them (names given to unnamed ones).</summary>
    internal void Reindex() => _index = null;

    private sealed record ElementIndex(List<PageDefinition> Pages, List<ElementDefinition> All, List<ElementDefinition> Questions,
        Dictionary<string, ElementDefinition> ByName);

    public ElementDefinition? FindQuestion(string name) =>
        Questions.FirstOrDefault(q => string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a definition known to be valid (a stored version); anything else throws.</summary>
    public static SurveyDefinition Parse(string json)
    {
        var result = DefinitionImport.Import(json);
        return result.IsValid ? result.Definition! : throw new FormatException(
            "Stored definition is not valid: " + string.Join("; ", result.Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage)));
    }

    public JsonObject ToJson() => DefinitionWriter.Write(this);
}

/// <summary>
/// A trigger: complete (end the questionnaire here, a screen-out), skip (go to the page of gotoName),
/// setvalue (give setToName the value setValue), copyvalue (give setToName the answer to fromName),
/// runexpression (give setToName the value of runExpression).
/// </summary>
public sealed class TriggerDefinition
{
    public static readonly string[] Types = ["complete", "skip", "setvalue", "copyvalue", "runexpression"];

    public string Path { get; set; } = "";
    public string Type { get; set; } = "";
    public string? Expression { get; set; }
    public Expression? ExpressionTree { get; set; }
    public string? SetToName { get; set; }
    public JsonNode? SetValue { get; set; }
    public bool HasSetValue { get; set; }
    public string? FromName { get; set; }
    public string? GotoName { get; set; }
    public string? RunExpression { get; set; }
    public Expression? RunExpressionTree { get; set; }
}

public sealed class CalculatedValue
{
    public string Path { get; set; } = "";
    public string? Name { get; set; }
    public string? Expression { get; set; }
    public Expression? ExpressionTree { get; set; }
    public bool? IncludeIntoResult { get; set; }
}

public sealed class CompletedHtmlCondition
{
    public string Path { get; set; } = "";
    public string? Expression { get; set; }
    public Expression? ExpressionTree { get; set; }
    public LocalizedText? Html { get; set; }
}

public sealed class PageDefinition
{
    public string Path { get; set; } = "";
    public string? Name { get; set; }
    public LocalizedText? Title { get; set; }
    public LocalizedText? Description { get; set; }
    public string? VisibleIf { get; set; }
    public Expression? VisibleIfExpression { get; set; }
    /// <summary>The page's own elements; a panel holds more (<see cref="AllElements"/> walks the tree).</summary>
    public List<ElementDefinition> Elements { get; set; } = [];

    public IEnumerable<ElementDefinition> AllElements => Elements.SelectMany(e => e.SelfAndDescendants());

    public JsonObject Kept { get; } = new();
}

public static class ElementTypes
{
    public const string RadioGroup = "radiogroup";
    public const string Checkbox = "checkbox";
    public const string Dropdown = "dropdown";
    public const string Boolean = "boolean";
    public const string Text = "text";
    public const string Comment = "comment";
    public const string Rating = "rating";
    public const string Matrix = "matrix";
    public const string Html = "html";
    public const string Ranking = "ranking";
    public const string Panel = "panel";
    public const string Tagbox = "tagbox";
    public const string Expression = "expression";
    public const string MultipleText = "multipletext";
    public const string MatrixDropdown = "matrixdropdown";
    public const string PanelDynamic = "paneldynamic";
    public const string MatrixDynamic = "matrixdynamic";

    /// <summary>Every supported type, in the editor's order: the registry of Questionnaires/Types.</summary>
    public static readonly string[] All = Types.QuestionTypes.All.Select(t => t.Name).ToArray();

    public static readonly string[] InputTypes = ["text", "number", "date", "email", "tel", "url", "time", "datetime-local", "month", "range"];

    public static bool HasChoices(string type) => Types.QuestionTypes.Find(type)?.HasChoices == true;

    /// <summary>Single-choice questions: the ones a summary can break results down by.</summary>
    public static bool IsSingleChoice(string type) => Types.QuestionTypes.Find(type)?.IsSingleChoice == true;
}

public sealed class ElementDefinition
{
    public const string OtherValue = "other";
    public const string NoneValue = "none";
    public const string CommentSuffix = "-Comment";

    public string Path { get; set; } = "";
    public string Type { get; set; } = "";
    public string? Name { get; set; }
    public LocalizedText? Title { get; set; }
    public LocalizedText? Description { get; set; }
    public bool? IsRequired { get; set; }
    public string? VisibleIf { get; set; }
    public Expression? VisibleIfExpression { get; set; }
    public List<ChoiceItem>? Choices { get; set; }
    public bool? ShowOtherItem { get; set; }
    public bool? ShowNoneItem { get; set; }

    /// <summary>The definition's own labels for "Other" and "None".</summary>
    public LocalizedText? OtherText { get; set; }
    public LocalizedText? NoneText { get; set; }

    /// <summary>A comment box's height in lines (SurveyJS's rows on a comment question).</summary>
    public int? CommentRows { get; set; }

    /// <summary>How many columns the choices are laid out in on a wide screen (0: side by side as they fit).</summary>
    public int? ColCount { get; set; }

    /// <summary>none, asc, desc (by text) or random (shuffled once per respondent, the same on every visit).</summary>
    public string? ChoicesOrder { get; set; }
    public List<ChoiceItem>? Rows { get; set; }
    public List<ChoiceItem>? Columns { get; set; }
    public int? RateMin { get; set; }
    public int? RateMax { get; set; }
    public LocalizedText? MinRateDescription { get; set; }
    public LocalizedText? MaxRateDescription { get; set; }
    public JsonValue? Min { get; set; }
    public JsonValue? Max { get; set; }
    public int? MaxLength { get; set; }
    public string? InputType { get; set; }
    public List<ValidatorDefinition>? Validators { get; set; }
    public LocalizedText? Html { get; set; }

    /// <summary>The hint shown inside an empty text box (text and comment questions).</summary>
    public LocalizedText? Placeholder { get; set; }

    /// <summary>A matrixdropdown's columns, each a question of its cellType that every row asks.</summary>
    public List<ElementDefinition>? CellColumns { get; set; }

    /// <summary>A matrixdropdown's cellType for columns that give none (dropdown when it says nothing).</summary>
    public string? CellType { get; set; }

    /// <summary>The same question under another name (a cell of a matrixdropdown or a row's question on a form), still labelled by its own name where it has no title.</summary>
    public ElementDefinition WithName(string name)
    {
        var copy = (ElementDefinition)MemberwiseClone();
        copy.Title ??= Name is null ? null : LocalizedText.Plain(Name);
        copy.Name = name;
        return copy;
    }

    /// <summary>
    /// A paneldynamic's template: the questions asked once per row (a row per post in a career
    /// history). They are no questions of the definition themselves: their answers live in the rows.
    /// </summary>
    public List<ElementDefinition>? TemplateElements { get; set; }

    /// <summary>A paneldynamic's row counts: shown at first (panelCount), at least (minPanelCount), at most (maxPanelCount).</summary>
    public int? PanelCount { get; set; }
    public int? MinPanelCount { get; set; }
    public int? MaxPanelCount { get; set; }

    /// <summary>SurveyJS's own maxPanelCount when a definition gives none (settings.panel.maxPanelCount).</summary>
    public const int DefaultMaxPanelCount = 100;
    public int EffectiveMaxPanelCount => Math.Clamp(MaxPanelCount ?? DefaultMaxPanelCount, 1, DefaultMaxPanelCount);
    public int EffectiveMinPanelCount => Math.Clamp(MinPanelCount ?? 0, 0, EffectiveMaxPanelCount);

    /// <summary>How many rows a repeating group shows before the leader adds or removes any.</summary>
    public int InitialPanelCount => Math.Clamp(
        Math.Max(PanelCount ?? (Types.QuestionTypes.Find(Type) as Types.PanelDynamicType)?.DefaultRowCount ?? 0, EffectiveMinPanelCount), 0, EffectiveMaxPanelCount);

    /// <summary>A paneldynamic's own texts: each row's title ({panelIndex} its number) and the add and remove buttons.</summary>
    public LocalizedText? TemplateTitle { get; set; }
    public LocalizedText? PanelAddText { get; set; }
    public LocalizedText? PanelRemoveText { get; set; }

    /// <summary>The same question as a part of another in a summary: named by its path, titled by both (Matrix: row, column).</summary>
    public ElementDefinition AsPart(string name, Func<string, string> label)
    {
        var copy = WithName(name);
        copy.Title = LocalizedText.Of(label("da"), label("en"));
        return copy;
    }

    /// <summary>A multipletext question's items, each read as a small text question.</summary>
    public List<ElementDefinition>? Items { get; set; }

    /// <summary>An expression question's formula, whose value the server computes and stores.</summary>
    public string? ValueExpression { get; set; }
    public Expression? ValueExpressionTree { get; set; }

    /// <summary>Required while this holds (and the question is visible), besides isRequired.</summary>
    public string? RequiredIf { get; set; }
    public Expression? RequiredIfExpression { get; set; }

    /// <summary>Answerable only while this holds; otherwise shown read-only, its answer kept and not checked.</summary>
    public string? EnableIf { get; set; }
    public Expression? EnableIfExpression { get; set; }
    public bool? ReadOnly { get; set; }

    /// <summary>The definition's own message for a missing answer, in place of the platform's.</summary>
    public LocalizedText? RequiredErrorText { get; set; }

    /// <summary>A condition on each choice, with {item} the choice's value: the choices for which it fails are not offered.</summary>
    public string? ChoicesVisibleIf { get; set; }
    public Expression? ChoicesVisibleIfExpression { get; set; }

    /// <summary>The choices are another question's (all of them, or those chosen or not chosen there).</summary>
    public string? ChoicesFromQuestion { get; set; }
    public string? ChoicesFromQuestionMode { get; set; }

    /// <summary>Whether <see cref="Choices"/> are the source question's, linked after reading, and so not written back.</summary>
    public bool ChoicesAreInherited { get; set; }

    public int? MinSelectedChoices { get; set; }
    public int? MaxSelectedChoices { get; set; }

    /// <summary>A matrix whose every row must be answered once it is answered or required.</summary>
    public bool? IsAllRowRequired { get; set; }

    public JsonObject Kept { get; } = new();

    /// <summary>A panel's elements (null for anything else): the definition is a tree of pages, panels and questions.</summary>
    public List<ElementDefinition>? Elements { get; set; }

    /// <summary>The panel this element sits in, or null at the top of its page.</summary>
    public ElementDefinition? Parent { get; set; }

    public IEnumerable<ElementDefinition> SelfAndDescendants() =>
        Elements is null ? [this] : Elements.SelectMany(e => e.SelfAndDescendants()).Prepend(this);

    public bool IsQuestion => Types.QuestionTypes.Find(Type)?.IsQuestion ?? true;
    public bool Required => IsRequired == true;

    /// <summary>Whether anything about its choices depends on answers (a choice's visibleIf or enableIf, choicesVisibleIf, choicesFromQuestion).</summary>
    public bool HasChoiceConditions =>
        ChoicesVisibleIfExpression is not null || ChoicesFromQuestion is not null
        || (Choices?.Any(c => c.VisibleIfExpression is not null || c.EnableIfExpression is not null) ?? false);
    public int EffectiveRateMin => RateMin ?? 1;
    public int EffectiveRateMax => RateMax ?? 5;
    public string EffectiveInputType => InputType ?? "text";

    /// <summary>A text question whose answer is a number: inputType number or range.</summary>
    public bool IsNumericInput => EffectiveInputType is "number" or "range";

    public string Label(string? locale) => Title?.Get(locale) is { Length: > 0 } t ? t : Name ?? "";
}

/// <summary>A choice, row or column: a value and an optional text. A bare value in the JSON stays bare on export.</summary>
public sealed class ChoiceItem
{
    public required JsonValue Value { get; init; }
    public LocalizedText? Text { get; init; }
    public bool IsShorthand { get; init; }
    public string? VisibleIf { get; init; }
    public Expression? VisibleIfExpression { get; init; }
    public string? EnableIf { get; init; }
    public Expression? EnableIfExpression { get; init; }

    /// <summary>The value as text, which is how answers are compared with it.</summary>
    public string Key => Value.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? Value.GetValue<string>()
        : Value.ToJsonString();

    public string Label(string? locale) => Text?.Get(locale) is { Length: > 0 } t ? t : Key;
}

public sealed class ValidatorDefinition
{
    public string Path { get; set; } = "";
    public string Type { get; set; } = "";
    public double? MinValue { get; set; }
    public double? MaxValue { get; set; }
    public int? MinLength { get; set; }
    public int? MaxLength { get; set; }
    public string? Regex { get; set; }
    public LocalizedText? Text { get; set; }

    /// <summary>answercount: how many choices at least and at most.</summary>
    public int? MinCount { get; set; }
    public int? MaxCount { get; set; }

    /// <summary>expression: the condition the answers must meet.</summary>
    public string? Expression { get; set; }
    public Expression? ExpressionTree { get; set; }
}
