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
        Ordered(Questionnaires.Types.QuestionTypes.Of(Question).FormOptions(Question, Lang).ToList())
            .Select(o => (o.Value, Pipe(o.Text), ChoiceState is { } s && s.Disabled.Contains(o.Value)));

    /// <summary>colCount: the choices in that many columns on a wide screen (0: side by side as they fit); one column on a phone.</summary>
    // A class per count, not a style attribute: the sites' Content-Security-Policy (style-src 'self') drops inline styles.
    public string ColumnsClass => Question.ColCount switch
    {
        null or 1 => "",
        0 => " choice-flow",
        var n => " choice-columns choice-columns-" + n.Value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The definition the question belongs to.</summary>
    public SurveyDefinition? Definition { get; init; }

    /// <summary>An expression question's value with the answers as they stand.</summary>
    public JsonNode? Computed { get; init; }

    /// <summary>Seeds the shuffle of choicesOrder random, so that one respondent sees one order on every visit.</summary>
    public string? Seed { get; init; }

    /// <summary>Whether questions are numbered (showQuestionNumbers), and this one's number while it is visible.</summary>
    public bool Numbered { get; init; }
    public int? Number { get; init; }

    /// <summary>
    /// The choices in the definition's choicesOrder: by text up or down in the page's language, or
    /// shuffled by a hash of the seed; "Other" and "None" stay last, as in SurveyJS.
    /// </summary>
    private IEnumerable<(string Value, string Text)> Ordered(List<(string Value, string Text)> options)
    {
        var count = Math.Min(Question.Choices?.Count ?? 0, options.Count);
        var choices = options.Take(count);
        var comparer = StringComparer.Create(CultureInfo.GetCultureInfo(Lang == "en" ? "en-GB" : "da-DK"), ignoreCase: true);
        choices = Question.ChoicesOrder?.ToLowerInvariant() switch
        {
            "asc" => choices.OrderBy(o => o.Text, comparer),
            "desc" => choices.OrderByDescending(o => o.Text, comparer),
            "random" => choices.OrderBy(o => ShuffleKey(Seed + "\n" + Name + "\n" + o.Value), StringComparer.Ordinal),
            _ => choices,
        };
        return choices.Concat(options.Skip(count));
    }

    private static string ShuffleKey(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    public bool IsOffered(string value) => ChoiceState is not { } s || s.Offered.Contains(value);

    /// <summary>A panel's elements as the form shows them.</summary>
    public IReadOnlyList<QuestionView> Children { get; init; } = [];

    /// <summary>A repeating group's rows as the form shows them, each with its questions under their paths (career[2].sector).</summary>
    public IReadOnlyList<PanelRowView> Rows { get; init; } = [];

    /// <summary>Whether the page script may change what the field allows: wraps it so that it can be disabled as a whole.</summary>
    public bool CanBeDisabled => Question.ReadOnly == true || Question.EnableIfExpression is not null;

    public string Id => IdOverride ?? "q" + Index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The id of a field drawn inside another (a matrixdropdown cell), unique on the page.</summary>
    public string? IdOverride { get; init; }
    public string Name => Question.Name!;

    /// <summary>Where a field of a repeating group sits (its row's title), said before its label in the error summary.</summary>
    public string? Context { get; init; }
    public string ErrorLabel => Context is null ? Label : Context + ": " + Label;
    public string Label => Pipe(Question.Label(Lang));
    public string? Hint => Question.Description?.Get(Lang) is { } hint ? Pipe(hint) : null;

    /// <summary>The answers and calculated values {name} in a text is replaced with (piping).</summary>
    public IAnswerLookup? Answers { get; init; }

    /// <summary>A text with {name} replaced by the answer as the leader saw it (Questionnaires/Piping).</summary>
    public string Pipe(string text, bool html = false) =>
        Answers is not null && Definition is not null ? Piping.Apply(text, Definition, Answers, Lang, html) : text;
    public StringValues Value => Values.TryGetValue(Name, out var v) ? v : StringValues.Empty;
    public string ValueOf(string field) => Values.TryGetValue(field, out var v) ? v.ToString() : "";
    public bool Has(string value) => Value.Contains(value);
    public string DescribedBy => string.Join(' ', new[] { Hint is { Length: > 0 } ? Id + "-hint" : null, Errors.Count > 0 ? Id + "-error" : null }.Where(s => s is not null));

    /// <summary>The id the error summary links to: the first control of the question.</summary>
    public string FirstControlId => Questionnaires.Types.QuestionTypes.Of(Question).IsControlGroup ? Id + "-0" : Id + "-input";
}

/// <summary>One row of a repeating group on a form: its index from 0, its title and its questions.</summary>
public sealed record PanelRowView(int Index, string Id, string Title, IReadOnlyList<QuestionView> Fields);

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
        IReadOnlyDictionary<string, StringValues> values, IReadOnlyDictionary<string, string[]> errors, AnswerCheck check, string? seed = null) =>
        Build(definition, elements, lang, values, errors, check, seed, Numbers(definition, check), check.Lookup());

    // A panel's views are built with the page's numbers and lookup, worked out once.
    private static IReadOnlyList<QuestionView> Build(SurveyDefinition definition, IEnumerable<ElementDefinition> elements, string lang,
        IReadOnlyDictionary<string, StringValues> values, IReadOnlyDictionary<string, string[]> errors, AnswerCheck check, string? seed,
        IReadOnlyDictionary<string, int>? numbers, AnswerLookup lookup) =>
        elements.Select(e => new QuestionView(e, IndexOf(definition, e), lang, values,
                errors.TryGetValue(e.Name ?? "", out var messages) ? messages : [],
                // Inside a panel only its own condition counts here: a hidden panel hides what it holds.
                // A panel with nothing visible in it is hidden too.
                Hidden: e.IsQuestion ? !(e.VisibleIfExpression?.IsTrue(lookup) ?? true) || (e.Parent is null && !check.VisibleQuestions.Contains(e.Name!))
                    : !(e.VisibleIfExpression?.IsTrue(lookup) ?? true)
                        || (e.Elements is not null && !AnswerValidator.VisibleElements(e.Elements, lookup).Any()))
            {
                Children = e.Elements is null ? [] : Build(definition, e.Elements, lang, values, errors, check, seed, numbers, lookup),
                Rows = e.TemplateElements is null ? [] : RowViews(definition, e, lang, values, errors, check, lookup),
                Seed = seed,
                Definition = definition,
                Answers = lookup,
                Computed = e.ValueExpressionTree is not null ? check.Answers[e.Name!]?.DeepClone() : null,
                Numbered = numbers is not null && IsNumbered(e),
                Number = numbers is not null && numbers.TryGetValue(e.Name ?? "", out var n) ? n : null,
                // A hidden question shows its own isRequired, for when the script reveals it.
                Required = e.IsQuestion && (check.RequiredQuestions.Contains(e.Name!) || (e.Required && !check.VisibleQuestions.Contains(e.Name!))),
                Disabled = e.IsQuestion && check.ReadOnlyQuestions.Contains(e.Name!),
                ChoiceState = e.Name is not null && check.Choices.TryGetValue(e.Name, out var state) ? state : null,
            })
            .ToList();

    /// <summary>
    /// A repeating group's rows: as many as the form says it shows (its count field), else as the
    /// answer has, else as the group shows at first; each question with the row's own conditions.
    /// </summary>
    private static IReadOnlyList<PanelRowView> RowViews(SurveyDefinition definition, ElementDefinition q, string lang,
        IReadOnlyDictionary<string, StringValues> values, IReadOnlyDictionary<string, string[]> errors, AnswerCheck check, AnswerLookup lookup)
    {
        var answered = Questionnaires.Types.PanelDynamicType.Shown(q, check.Answers[q.Name!]);
        var count = values.TryGetValue(Questionnaires.Types.PanelDynamicType.CountField(q), out var posted)
            && int.TryParse(posted.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n : answered.Count;
        count = Math.Clamp(count, 0, q.EffectiveMaxPanelCount);
        var index = IndexOf(definition, q);
        var id = "q" + index.ToString(CultureInfo.InvariantCulture);
        var rows = new List<PanelRowView>();
        for (var i = 0; i < count; i++)
        {
            var row = i < answered.Count ? answered[i] : new JsonObject();
            var rowLookup = Questionnaires.Types.PanelDynamicType.Lookup(q, lookup, row, i);
            var rowId = id + "-p" + i.ToString(CultureInfo.InvariantCulture);
            var title = Questionnaires.Types.PanelDynamicType.RowTitle(q, i, lang, definition, rowLookup);
            var fields = (q.TemplateElements ?? []).Select((field, j) =>
            {
                var cell = Questionnaires.Types.PanelDynamicType.FieldOfRow(q, i, field);
                return new QuestionView(cell, index, lang, values,
                    errors.TryGetValue(cell.Name!, out var messages) ? messages : [],
                    Hidden: !Questionnaires.Types.PanelDynamicType.IsVisibleInRow(field, rowLookup))
                {
                    IdOverride = rowId + "-e" + j.ToString(CultureInfo.InvariantCulture),
                    Context = title,
                    Definition = definition,
                    Answers = rowLookup,
                    Required = field.IsQuestion && Questionnaires.Types.PanelDynamicType.IsRequiredInRow(field, rowLookup),
                    Disabled = field.IsQuestion && Questionnaires.Types.PanelDynamicType.IsReadOnlyInRow(field, rowLookup),
                };
            }).ToList();
            rows.Add(new PanelRowView(i, rowId, title, fields));
        }
        return rows;
    }

    /// <summary>Numbered are the questions (not information or panels) without SurveyJS's hideNumber.</summary>
    private static bool IsNumbered(ElementDefinition e) =>
        e.IsQuestion && !(e.Kept["hideNumber"] is JsonValue hide && hide.GetValueKind() == JsonValueKind.True);

    /// <summary>
    /// The numbers of the visible questions when the definition asks for them: through the whole
    /// survey ("on") or afresh on each page ("onPage"), as SurveyJS numbers them; null when it does not.
    /// </summary>
    public static IReadOnlyDictionary<string, int>? Numbers(SurveyDefinition definition, AnswerCheck check)
    {
        var mode = definition.ShowQuestionNumbers;
        if (!string.Equals(mode, "on", StringComparison.OrdinalIgnoreCase) && !string.Equals(mode, "onPage", StringComparison.OrdinalIgnoreCase)) return null;
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var n = 0;
        foreach (var page in check.VisiblePages)
        {
            if (string.Equals(mode, "onPage", StringComparison.OrdinalIgnoreCase)) n = 0;
            foreach (var e in page.AllElements.Where(e => IsNumbered(e) && check.VisibleQuestions.Contains(e.Name!)))
                numbers[e.Name!] = ++n;
        }
        return numbers;
    }

    /// <summary>How many numbers come before the page, for the page script's renumbering (0 when numbering starts on each page).</summary>
    public static int NumberStart(SurveyDefinition definition, AnswerCheck check, PageDefinition page)
    {
        if (Numbers(definition, check) is not { } numbers || string.Equals(definition.ShowQuestionNumbers, "onPage", StringComparison.OrdinalIgnoreCase)) return 0;
        return check.VisiblePages.TakeWhile(p => !ReferenceEquals(p, page)).SelectMany(p => p.AllElements).Count(e => e.Name is not null && numbers.ContainsKey(e.Name));
    }

    /// <summary>The views and, after each panel, the views inside it, in document order.</summary>
    public static IEnumerable<QuestionView> Flatten(IEnumerable<QuestionView> views) =>
        views.SelectMany(v => Flatten(v.Children).Prepend(v));

    /// <summary>The views and the questions of every repeating group's rows: every field on the page, for its error summary.</summary>
    public static IEnumerable<QuestionView> WithRowFields(IEnumerable<QuestionView> views) =>
        Flatten(views).SelectMany(v => v.Rows.SelectMany(r => r.Fields).Prepend(v));

    /// <summary>The views a person sees: not hidden, and in no hidden panel.</summary>
    public static IEnumerable<QuestionView> Shown(IEnumerable<QuestionView> views) =>
        views.Where(v => !v.Hidden).SelectMany(v => Shown(v.Children).Prepend(v));

    /// <summary>
    /// What the form's script (question-form.js) needs, as JSON for a script element: the answers
    /// given before and each question's condition as the tree the server evaluates, with its values.
    /// The default encoder escapes &lt;, &gt; and &amp;, so the JSON cannot close the element it sits in.
    /// </summary>
    public static string ScriptState(IReadOnlyList<QuestionView> views, JsonObject answers, JsonObject? more = null)
    {
        var state = more?.DeepClone().AsObject() ?? [];
        state["answers"] = answers.DeepClone();
        state["yesNo"] = new JsonArray(CoreText.Format("FormYes"), CoreText.Format("FormNo"));
        var definition = views.FirstOrDefault()?.Definition;
        if (definition?.CalculatedValues is { Count: > 0 } calculated)
            state["calculated"] = new JsonArray(calculated.Where(c => c.Name is not null && c.ExpressionTree is not null)
                .Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["tree"] = c.ExpressionTree!.ToJson() }).ToArray());
        state["questions"] = new JsonArray(Flatten(views).Select(v => (JsonNode)Merge(FieldState(v.Question), new JsonObject
        {
            ["parent"] = v.Question.Parent?.Name,
            ["numbered"] = v.Numbered ? true : null,
            ["expression"] = v.Question.ValueExpressionTree?.ToJson(),
            ["cells"] = v.Question.CellColumns is { } columns
                ? new JsonArray((v.Question.Rows ?? []).SelectMany(row => columns.Select(c => (JsonNode)new JsonObject
                {
                    ["row"] = row.Key, ["column"] = c.Name, ["name"] = Forms.FormAnswers.CellField(v.Question, row.Key, c.Name!),
                    ["type"] = c.Type, ["reader"] = Reader(c), ["inputType"] = c.EffectiveInputType, ["choices"] = Values(c.Choices),
                })).ToArray()) : null,
            ["rowScope"] = v.Question.TemplateElements is not null && Questionnaires.Types.QuestionTypes.Of(v.Question) is Questionnaires.Types.PanelDynamicType group
                ? new JsonObject { ["prefix"] = group.RowPrefix, ["index"] = group.IndexName, ["base"] = group.IndexBase } : null,
            ["template"] = v.Question.TemplateElements is { } template ? new JsonArray(template.Select(t => (JsonNode)FieldState(t)).ToArray()) : null,
            ["items"] = v.Question.Items is { } items
                ? new JsonArray(items.Select(i => (JsonNode)new JsonObject { ["name"] = i.Name, ["numeric"] = i.IsNumericInput }).ToArray()) : null,
            ["id"] = v.Id,
            ["choicesVisibleIf"] = v.Question.ChoicesVisibleIfExpression?.ToJson(),
            ["choicesFrom"] = v.Question.ChoicesFromQuestion is { } from ? new JsonObject { ["question"] = from, ["mode"] = v.Question.ChoicesFromQuestionMode ?? "all" } : null,
            ["choiceConditions"] = ChoiceConditions(v.Question.Choices),
            ["columns"] = Values(v.Question.Columns),
            ["rows"] = Values(v.Question.Rows),
        })).ToArray());
        return state.ToJsonString(JsonSerializerOptions.Default);
    }

    /// <summary>What the page script needs of any field, a question of a page or of a repeating group's row: how to read it and its conditions.</summary>
    private static JsonObject FieldState(ElementDefinition q) => new()
    {
        ["name"] = q.Name,
        ["type"] = q.Type,
        ["reader"] = Reader(q),
        ["inputType"] = q.EffectiveInputType,
        ["choices"] = Values(q.Choices),
        ["visibleIf"] = q.VisibleIfExpression?.ToJson(),
        ["requiredIf"] = q.RequiredIfExpression?.ToJson(),
        ["enableIf"] = q.EnableIfExpression?.ToJson(),
        ["readOnly"] = q.ReadOnly == true ? true : null,
        ["required"] = q.Required ? true : null,
    };

    private static JsonObject Merge(JsonObject into, JsonObject more)
    {
        foreach (var (key, value) in more.ToList())
        {
            more.Remove(key);
            into[key] = value;
        }
        return into;
    }

    private static string Reader(ElementDefinition e) => Questionnaires.Types.QuestionTypes.Of(e).ClientReader;

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
