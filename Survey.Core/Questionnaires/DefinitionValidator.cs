using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;

namespace Survey.Core.Questionnaires;

/// <summary>
/// Checks what a definition means: names, choices, ranges and conditions. Every failure's
/// PropertyName is the JSON path of the part at fault ($.pages[0].elements[2].choices).
/// </summary>
public sealed class DefinitionValidator : AbstractValidator<SurveyDefinition>
{
    public const int MaxRatingSteps = 21;
    public static readonly string[] SupportedLocales = ["da", "en"];

    public DefinitionValidator()
    {
        RuleFor(d => d).Custom((def, ctx) => Check(def, ctx));
    }

    private static void Check(SurveyDefinition def, ValidationContext<SurveyDefinition> ctx)
    {
        void Fail(string path, string key, params object[] args) =>
            ctx.AddFailure(new ValidationFailure(path, CoreText.Format(key, args)) { ErrorCode = key });

        if (def.Locale is not null && !SupportedLocales.Contains(def.Locale) && !(def.Locale.Length is >= 2 and <= 8 && def.Locale.All(c => char.IsAsciiLetter(c) || c == '-')))
            Fail("$.locale", "DefLocaleUnsupported", def.Locale, string.Join(", ", SupportedLocales));
        CheckText(def.Title, "$.title", Fail);
        CheckOneOf(def.ShowProgressBar, "$.showProgressBar", ProgressBarValues, Fail);
        CheckOneOf(def.ShowQuestionNumbers, "$.showQuestionNumbers", QuestionNumberValues, Fail);
        if (def.Pages.Count == 0) Fail("$.pages", "DefNoPages");

        var pageNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, ElementDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var page in def.Pages)
        {
            if (string.IsNullOrWhiteSpace(page.Name)) Fail(page.Path + ".name", "DefPageNameMissing");
            else if (!pageNames.Add(page.Name)) Fail(page.Path + ".name", "DefPageNameDuplicate", page.Name);
            if (page.Elements.Count == 0) Fail(page.Path + ".elements", "DefPageEmpty");
            foreach (var el in page.AllElements)
            {
                if (string.IsNullOrWhiteSpace(el.Name)) Fail(el.Path + ".name", "DefNameMissing");
                else if (!ValidName(el.Name)) Fail(el.Path + ".name", "DefNameInvalid", el.Name);
                else if (!names.TryAdd(el.Name, el)) Fail(el.Path + ".name", "DefNameDuplicate", el.Name, names[el.Name].Path);
                CheckElement(el, Fail);
            }
        }

        // A calculated value is a name conditions may use; it may use the questions and the values before it.
        var variables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in def.CalculatedValues ?? [])
        {
            if (string.IsNullOrWhiteSpace(c.Name)) Fail(c.Path + ".name", "DefNameMissing");
            else if (!ValidName(c.Name)) Fail(c.Path + ".name", "DefNameInvalid", c.Name);
            else if (names.ContainsKey(c.Name) || !variables.Add(c.Name)) Fail(c.Path + ".name", "DefNameDuplicate", c.Name, names.TryGetValue(c.Name, out var el) ? el.Path : "$.calculatedValues");
            if (c.Expression is null) Fail(c.Path + ".expression", "DefExpressionMissing");
        }
        foreach (var c in def.CalculatedValues ?? [])
            CheckReferences(c.ExpressionTree, c.Path + ".expression", null, names, Fail, variables: variables);
        foreach (var t in def.Triggers ?? [])
        {
            if (t.Expression is null) Fail(t.Path + ".expression", "DefExpressionMissing");
            CheckReferences(t.ExpressionTree, t.Path + ".expression", null, names, Fail, variables: variables);
            CheckReferences(t.RunExpressionTree, t.Path + ".runExpression", null, names, Fail, variables: variables);
            if (t.Type == "runexpression" && t.RunExpression is null) Fail(t.Path + ".runExpression", "DefExpressionMissing");
            foreach (var (property, name) in new[] { ("setToName", t.SetToName), ("fromName", t.FromName), ("gotoName", t.GotoName) })
            {
                var needed = property switch
                {
                    "setToName" => t.Type is "setvalue" or "copyvalue" or "runexpression",
                    "fromName" => t.Type == "copyvalue",
                    _ => t.Type == "skip",
                };
                if (!needed) continue;
                if (name is null || !names.TryGetValue(name, out var target) || !target.IsQuestion)
                    Fail(t.Path + "." + property, "DefTriggerTarget", name ?? "");
            }
        }
        foreach (var c in def.CompletedHtmlOnCondition ?? [])
        {
            if (c.Expression is null) Fail(c.Path + ".expression", "DefExpressionMissing");
            if (c.Html is null) Fail(c.Path + ".html", "DefCompletedHtmlMissing");
            CheckReferences(c.ExpressionTree, c.Path + ".expression", null, names, Fail, variables: variables);
        }
        foreach (var page in def.Pages)
        {
            CheckReferences(page.VisibleIfExpression, page.Path + ".visibleIf", null, names, Fail, variables: variables);
            foreach (var el in page.AllElements)
            {
                CheckElementReferences(el, null);
                // A repeating group's questions may also name the other questions of their row ({panel.name}) and the row's index.
                foreach (var template in el.TemplateElements ?? []) CheckElementReferences(template, el);
                CheckChoicesSource(el, names, Fail);
            }
        }

        void CheckElementReferences(ElementDefinition el, ElementDefinition? panel)
        {
            CheckReferences(el.VisibleIfExpression, el.Path + ".visibleIf", el, names, Fail, variables: variables, panel: panel);
            CheckReferences(el.RequiredIfExpression, el.Path + ".requiredIf", el, names, Fail, variables: variables, panel: panel);
            CheckReferences(el.ValueExpressionTree, el.Path + ".expression", el, names, Fail, variables: variables, panel: panel);
            CheckReferences(el.EnableIfExpression, el.Path + ".enableIf", el, names, Fail, variables: variables, panel: panel);
            CheckReferences(el.ChoicesVisibleIfExpression, el.Path + ".choicesVisibleIf", el, names, Fail, allowItem: true, variables: variables, panel: panel);
            for (var i = 0; i < (el.Choices?.Count ?? 0); i++)
            {
                CheckReferences(el.Choices![i].VisibleIfExpression, $"{el.Path}.choices[{i}].visibleIf", el, names, Fail, variables: variables, panel: panel);
                CheckReferences(el.Choices![i].EnableIfExpression, $"{el.Path}.choices[{i}].enableIf", el, names, Fail, variables: variables, panel: panel);
            }
            // A validator's expression is about the question's own answer, so it may name the question itself.
            foreach (var v in el.Validators ?? [])
                CheckReferences(v.ExpressionTree, v.Path + ".expression", null, names, Fail, variables: variables, panel: panel);
        }
    }

    private static readonly string[] ChoicesFromModes = ["all", "selected", "unselected"];
    private static readonly string[] ProgressBarValues = ["off", "top", "bottom", "both", "aboveHeader", "belowHeader", "auto"];
    private static readonly string[] QuestionNumberValues = ["on", "onPage", "off"];
    private static readonly string[] ChoicesOrderValues = ["none", "asc", "desc", "random"];

    private static void CheckOneOf(string? value, string path, string[] allowed, Action<string, string, object[]> fail)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            fail(path, "DefValueNotOneOf", [value, string.Join(", ", allowed)]);
    }

    private static void CheckChoicesSource(ElementDefinition el, Dictionary<string, ElementDefinition> names, Action<string, string, object[]> fail)
    {
        if (el.ChoicesFromQuestionMode is { } mode && !ChoicesFromModes.Contains(mode))
            fail(el.Path + ".choicesFromQuestionMode", "DefChoicesFromMode", [mode, string.Join(", ", ChoicesFromModes)]);
        if (el.ChoicesFromQuestion is not { } source) return;
        if (!names.TryGetValue(source, out var from) || ReferenceEquals(from, el) || !Types.QuestionTypes.Of(from).HasChoices || from.ChoicesFromQuestion is not null)
            fail(el.Path + ".choicesFromQuestion", "DefChoicesFromUnknown", [source]);
    }

    /// <summary>Gives each question whose choices are another's those choices (after validation, so the source is known to exist).</summary>
    internal static void LinkChoices(SurveyDefinition def)
    {
        foreach (var el in def.AllElements.Where(e => e.ChoicesFromQuestion is not null))
        {
            el.Choices = def.FindQuestion(el.ChoicesFromQuestion!)!.Choices;
            el.ChoicesAreInherited = true;
        }
    }

    // Names become answer keys and {references}: dots and braces would make them ambiguous.
    private static bool ValidName(string name) =>
        name.Trim() == name && name.IndexOfAny(['.', '{', '}', '[', ']']) < 0
        && !name.EndsWith(ElementDefinition.CommentSuffix, StringComparison.OrdinalIgnoreCase);

    internal static void CheckElement(ElementDefinition el, Action<string, string, object[]> fail)
    {
        void Fail(string path, string key, params object[] args) => fail(path, key, args);

        CheckText(el.Title, el.Path + ".title", fail);
        // What is particular to the type (choices, rows, ranges, input types) is checked by the type.
        Types.QuestionTypes.Of(el).CheckDefinition(el, fail);
        if (el.MaxLength is <= 0) Fail(el.Path + ".maxLength", "DefMaxLengthPositive");
        CheckOneOf(el.ChoicesOrder, el.Path + ".choicesOrder", ChoicesOrderValues, fail);
        if (el.ColCount is < 0 or > 5) Fail(el.Path + ".colCount", "DefColCount");
        if (el.MinSelectedChoices is < 0) Fail(el.Path + ".minSelectedChoices", "DefNumberNotNegative");
        if (el.MaxSelectedChoices is < 0) Fail(el.Path + ".maxSelectedChoices", "DefNumberNotNegative");
        if (el.MinSelectedChoices > el.MaxSelectedChoices && el.MaxSelectedChoices > 0)
            Fail(el.Path + ".minSelectedChoices", "DefMinAboveMax", el.MinSelectedChoices!, el.MaxSelectedChoices!);
        foreach (var v in el.Validators ?? [])
        {
            switch (v.Type)
            {
                case "answercount":
                    if (Types.QuestionTypes.Of(el) is not Types.CheckboxType) Fail(v.Path + ".type", "DefAnswerCountNeedsList");
                    if (v.MinCount > v.MaxCount) Fail(v.Path + ".minCount", "DefMinAboveMax", v.MinCount!, v.MaxCount!);
                    break;
                case "expression":
                    if (string.IsNullOrWhiteSpace(v.Expression)) Fail(v.Path + ".expression", "DefExpressionMissing");
                    break;
                case "numeric":
                    if (!el.IsNumericInput) Fail(v.Path + ".type", "DefNumericValidatorNeedsNumber");
                    if (v.MinValue > v.MaxValue) Fail(v.Path + ".minValue", "DefMinAboveMax", v.MinValue!, v.MaxValue!);
                    break;
                case "text":
                    if (v.MinLength < 0) Fail(v.Path + ".minLength", "DefMaxLengthPositive");
                    if (v.MinLength > v.MaxLength) Fail(v.Path + ".minLength", "DefMinAboveMax", v.MinLength!, v.MaxLength!);
                    break;
                case "regex":
                    if (string.IsNullOrEmpty(v.Regex)) Fail(v.Path + ".regex", "DefRegexMissing");
                    else if (!RegexCompiles(v.Regex, out var why)) Fail(v.Path + ".regex", "DefRegexInvalid", why);
                    break;
            }
        }
    }

    /// <summary>A question's choices, and that none of them takes the value of "other" or "none" when those are shown.</summary>
    internal static void CheckChoices(ElementDefinition el, Action<string, string, object[]> fail)
    {
        if (el.ChoicesFromQuestion is null || el.Choices is not null) CheckItems(el.Choices, el.Path + ".choices", fail);
        foreach (var reserved in new[] { (el.ShowOtherItem, ElementDefinition.OtherValue), (el.ShowNoneItem, ElementDefinition.NoneValue) })
        {
            if (reserved.Item1 == true && el.Choices?.Any(c => c.Key.Equals(reserved.Item2, StringComparison.OrdinalIgnoreCase)) == true)
                fail(el.Path + ".choices", "DefChoiceReserved", [reserved.Item2]);
        }
    }

    /// <summary>A text question's input type and its min and max.</summary>
    internal static void CheckInput(ElementDefinition el, Action<string, string, object[]> fail)
    {
        var inputType = el.EffectiveInputType;
        if (!ElementTypes.InputTypes.Contains(inputType))
        {
            fail(el.Path + ".inputType", "DefInputTypeUnsupported", [inputType, string.Join(", ", ElementTypes.InputTypes)]);
            return;
        }
        if ((el.Min is not null || el.Max is not null) && inputType is not ("number" or "range" or "date"))
            fail(el.Path + (el.Min is not null ? ".min" : ".max"), "DefMinMaxNeedsNumberOrDate", []);
        var min = Bound(el, el.Min, ".min", inputType, fail);
        var max = Bound(el, el.Max, ".max", inputType, fail);
        if (min is not null && max is not null && min > max) fail(el.Path + ".min", "DefMinAboveMax", [el.Min!.ToJsonString(), el.Max!.ToJsonString()]);
        if (el.MaxLength is not null && inputType is not ("text" or "email" or "tel" or "url")) fail(el.Path + ".maxLength", "DefMaxLengthOnlyText", []);
    }

    private static double? Bound(ElementDefinition el, System.Text.Json.Nodes.JsonValue? v, string suffix, string inputType, Action<string, string, object[]> fail)
    {
        if (v is null) return null;
        if (inputType is "number" or "range")
        {
            if (v.GetValueKind() == JsonValueKind.Number) return v.ToDouble();
            fail(el.Path + suffix, "DefExpectedNumber", []);
        }
        else if (inputType == "date")
        {
            if (v.GetValueKind() == JsonValueKind.String && DateOnly.TryParseExact(v.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return d.DayNumber;
            fail(el.Path + suffix, "DefExpectedDate", []);
        }
        return null;
    }

    internal static void CheckItems(List<ChoiceItem>? items, string path, Action<string, string, object[]> fail)
    {
        if (items is null || items.Count == 0)
        {
            fail(path, "DefItemsEmpty", []);
            return;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var key = items[i].Key;
            if (string.IsNullOrWhiteSpace(key)) fail($"{path}[{i}]", "DefItemValueEmpty", []);
            else if (!seen.Add(key)) fail($"{path}[{i}]", "DefItemDuplicate", [key]);
        }
    }

    private static void CheckText(LocalizedText? text, string path, Action<string, string, object[]> fail)
    {
        if (text is not null && text.IsBlank) fail(path, "DefTextBlank", []);
    }

    private static void CheckReferences(
        Expressions.Expression? expression, string path, ElementDefinition? owner,
        Dictionary<string, ElementDefinition> names, Action<string, string, object[]> fail, bool allowItem = false,
        IReadOnlySet<string>? variables = null, ElementDefinition? panel = null)
    {
        if (expression is null) return;
        foreach (var v in expression.Variables())
        {
            if (variables?.Contains(v.Name) == true) continue;
            // {item} is the choice a choicesVisibleIf is asked about.
            if (allowItem && v.Name.Equals("item", StringComparison.OrdinalIgnoreCase)) continue;
            var dot = v.Name.IndexOf('.');
            var head = dot < 0 ? v.Name : v.Name[..dot];
            var scope = panel is null ? null : Types.PanelDynamicType.Of(panel);
            if (scope is not null && head.Equals(scope.IndexName, StringComparison.OrdinalIgnoreCase) && dot < 0) continue;
            if (scope is not null && head.Equals(scope.RowPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var field = dot < 0 ? null : panel!.TemplateElements?.FirstOrDefault(t => string.Equals(t.Name, v.Name[(dot + 1)..], StringComparison.OrdinalIgnoreCase));
                if (field is null) fail(path, "DefReferenceUnknownField", [v.Name, dot < 0 ? "" : v.Name[(dot + 1)..], panel!.Name!]);
                else if (ReferenceEquals(field, owner)) fail(path, "DefReferenceSelf", [v.Name]);
                continue;
            }
            // {career[0].sector}: a row of a repeating group by its index.
            var bracket = head.IndexOf('[');
            var indexed = bracket > 0 && head.EndsWith(']') && int.TryParse(head[(bracket + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out _);
            if (indexed) head = head[..bracket];
            if (!names.TryGetValue(head, out var target) || !target.IsQuestion || (indexed && target.TemplateElements is null))
            {
                fail(path, "DefReferenceUnknown", [v.Name, v.Position]);
                continue;
            }
            if (owner is not null && ReferenceEquals(target, owner))
            {
                fail(path, "DefReferenceSelf", [v.Name]);
                continue;
            }
            // {question.part}: whether the part is one of its answer's is the question type's to say.
            if (dot >= 0 && Types.QuestionTypes.Of(target).PartReferenceError(target, v.Name[(dot + 1)..], indexed) is { } error)
                fail(path, error, error == "DefReferenceNotMatrix" ? [v.Name, target.Name!] : [v.Name, v.Name[(dot + 1)..], target.Name!]);
        }
    }

    private static bool RegexCompiles(string pattern, out string why)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.ECMAScript, TimeSpan.FromMilliseconds(100));
            why = "";
            return true;
        }
        catch (ArgumentException e)
        {
            why = e.Message;
            return false;
        }
    }
}

/// <summary>Reading and validating together: what an import, an edit or a stored version goes through.</summary>
public sealed record DefinitionImport(SurveyDefinition? Definition, IReadOnlyList<ValidationFailure> Errors,
    IReadOnlyList<ValidationFailure>? Warnings = null, bool Rewritten = false)
{
    private static readonly DefinitionValidator Validator = new();

    public bool IsValid => Definition is not null && Errors.Count == 0;

    public static DefinitionImport Import(string json)
    {
        var read = DefinitionReader.Read(json);
        if (read.Definition is null) return new(null, read.Errors);
        var checkedResult = Validator.Validate(read.Definition);
        var errors = read.Errors.Concat(checkedResult.Errors).ToList();
        if (errors.Count == 0) DefinitionValidator.LinkChoices(read.Definition);
        return new(errors.Count == 0 ? read.Definition : null, errors, read.Warnings ?? [], read.Rewritten);
    }

    /// <summary>The JSON to store for a valid import: as given, or as rewritten by the reader (names, legacy properties).</summary>
    public string StoredJson(string given) => Rewritten ? Definition!.ToJson().ToJsonString() : given;

    /// <summary>Warnings grouped by JSON path, as the admin API reports them beside a created questionnaire.</summary>
    public IDictionary<string, string[]> WarningsByPath() => (Warnings ?? [])
        .GroupBy(e => e.PropertyName)
        .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());

    /// <summary>Errors grouped by JSON path, the shape of a validation problem's "errors" member.</summary>
    public IDictionary<string, string[]> ErrorsByPath() => Errors
        .GroupBy(e => e.PropertyName)
        .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
}
