using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Expressions;
using Survey.Core.Questionnaires.Types;

namespace Survey.Core.Responses;

public enum AnswerScope
{
    /// <summary>A draft: values must have the right shape, nothing is required yet.</summary>
    Draft,
    /// <summary>One page on its way to the next: every rule for the questions on that page.</summary>
    Page,
    /// <summary>The whole response: every rule for every visible question, and the answers of hidden ones dropped.</summary>
    Submit,
}

public sealed record AnswerCheck(
    JsonObject Answers,
    IReadOnlyDictionary<string, string[]> Errors,
    IReadOnlyList<PageDefinition> VisiblePages,
    IReadOnlySet<string> VisibleQuestions)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>
    /// Whether the answers would pass as a draft (every value of the right shape, no text too long),
    /// whatever the scope checked: what may be kept even when the page's rules are not met yet.
    /// </summary>
    public bool IsValidDraft { get; init; }

    /// <summary>Visible questions that are required now (isRequired, or requiredIf holds) and can be answered.</summary>
    public IReadOnlySet<string> RequiredQuestions { get; init; } = new HashSet<string>();

    /// <summary>The calculated values (calculatedValues) with these answers, by name.</summary>
    public JsonObject Variables { get; init; } = new();

    /// <summary>The answers and calculated values as conditions and piping see them.</summary>
    public AnswerLookup Lookup(Questionnaires.Expressions.ExpressionClock? clock = null) => new(Answers, clock, Variables);

    /// <summary>Questions shown read-only: readOnly, or enableIf does not hold. Their answers are kept and not checked.</summary>
    public IReadOnlySet<string> ReadOnlyQuestions { get; init; } = new HashSet<string>();

    /// <summary>Required questions in scope that have no answer.</summary>
    public IReadOnlySet<string> MissingRequired { get; init; } = new HashSet<string>();

    /// <summary>For questions whose choices depend on answers: the keys of the choices offered now, and of those offered but disabled.</summary>
    public IReadOnlyDictionary<string, (IReadOnlySet<string> Offered, IReadOnlySet<string> Disabled)> Choices { get; init; } =
        new Dictionary<string, (IReadOnlySet<string>, IReadOnlySet<string>)>();
}

/// <summary>
/// The server's verdict on a set of answers to one published version. It is the authority: the
/// browser may hide and check things for comfort, but what is stored is what passes here.
/// Answers to questions that end up hidden are dropped; required applies only when visible.
/// Messages come in the current UI culture (Danish or English) and are keyed by question name.
/// </summary>
public static partial class AnswerValidator
{
    /// <summary>No single text answer is stored longer than this, whatever the definition says.</summary>
    public const int AbsoluteMaxTextLength = 20_000;

    public static AnswerCheck Validate(SurveyDefinition def, JsonObject answers, AnswerScope scope, string? pageName = null, ExpressionClock? clock = null)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.Add(message);
        }
        var locale = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

        // 1. Every key names a question, and every value has the shape its question takes.
        var working = new JsonObject();
        foreach (var (key, value) in answers)
        {
            var question = def.QuestionNamed(key);
            var otherOf = key.EndsWith(ElementDefinition.CommentSuffix, StringComparison.Ordinal)
                && def.QuestionNamed(key[..^ElementDefinition.CommentSuffix.Length]) is { ShowOtherItem: true } owner
                ? owner
                : null;
            if (question is null && otherOf is null)
            {
                Add(key, CoreText.Format("AnsUnknownQuestion", key));
                continue;
            }
            // An empty list of rows is an answer (no rows), unlike an empty answer elsewhere, as in survey-core.
            if (IsBlank(value) && !(question?.TemplateElements is not null && value is JsonArray)) continue;
            // A computed value is the server's to give: what a client sends for it is ignored.
            if (question is not null && QuestionTypes.Of(question).IsComputed) continue;
            if (otherOf is not null)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length <= AbsoluteMaxTextLength)
                    working[key] = value!.DeepClone();
                else Add(otherOf.Name!, CoreText.Format("AnsOtherTextNotString"));
                continue;
            }
            if (ShapeError(question!, value!) is { } shapeError) Add(key, shapeError);
            else if (question!.TemplateElements is not null && PanelDynamicType.CellShapeErrors(question, value!).ToList() is { Count: > 0 } cellErrors)
                foreach (var (path, message) in cellErrors) Add(path, message);
            else working[key] = value!.DeepClone();
        }

        var shapeValid = errors.Count == 0;

        // 2. Which pages and questions are visible, and which choices each offers. As in survey-core, the
        // answer to a question that is hidden still counts in conditions (SurveyJS clears it only when
        // the survey completes), while a chosen choice no longer offered is taken back at once, which
        // can change other conditions, so this runs until nothing changes.
        List<PageDefinition> visiblePages;
        HashSet<string> visible;
        Dictionary<string, (IReadOnlySet<string> Offered, IReadOnlySet<string> Disabled)> choices;
        AnswerLookup lookup;
        var rounds = 0;
        var variables = new JsonObject();
        while (true)
        {
            lookup = new AnswerLookup(working, clock, variables);
            // As in survey-core, a page shows when its condition holds and something on it is visible.
            visiblePages = def.Pages.Where(p => (p.VisibleIfExpression?.IsTrue(lookup) ?? true) && VisibleElements(p.Elements, lookup).Any()).ToList();
            visible = VisibleElements(visiblePages.SelectMany(p => p.Elements), lookup)
                .Where(e => e.IsQuestion).Select(e => e.Name!).ToHashSet(StringComparer.Ordinal);
            // An "other" text without "other" chosen belongs to nothing.
            var orphans = working.Select(p => p.Key)
                .Where(k => k.EndsWith(ElementDefinition.CommentSuffix, StringComparison.Ordinal) && !HasOther(working[OwnerName(k, def)]))
                .ToList();
            choices = def.Questions.Where(q => q.HasChoiceConditions && visible.Contains(q.Name!))
                .ToDictionary(q => q.Name!, q => OfferedChoices(def, q, lookup), StringComparer.Ordinal);
            var withdrawn = false;
            foreach (var (name, (offered, _)) in choices)
                withdrawn |= WithdrawUnoffered(working, name, offered);
            withdrawn |= Compute(def, working, lookup);
            withdrawn |= Calculate(def, variables, lookup);
            if (orphans.Count == 0 && !withdrawn) break;
            if (++rounds > def.Questions.Count() + 2) break; // expressions that feed each other in a circle settle here
            foreach (var k in orphans) working.Remove(k);
        }
        var readOnly = def.Questions.Where(q => visible.Contains(q.Name!)
                && (q.ReadOnly == true || (q.EnableIfExpression is { } enable && !enable.IsTrue(lookup))))
            .Select(q => q.Name!).ToHashSet(StringComparer.Ordinal);
        var required = def.Questions.Where(q => visible.Contains(q.Name!) && !readOnly.Contains(q.Name!)
                && (q.Required || (q.RequiredIfExpression?.IsTrue(lookup) ?? false)))
            .Select(q => q.Name!).ToHashSet(StringComparer.Ordinal);
        var missing = new HashSet<string>(StringComparer.Ordinal);

        // 3. The rules, for the questions in scope.
        if (scope != AnswerScope.Draft)
        {
            // A submission completed early by a complete trigger (a screen-out) is held to the pages up to that page.
            var inScope = scope == AnswerScope.Page
                ? def.Pages.Where(p => p.Name == pageName).SelectMany(p => p.AllElements)
                : pageName is not null
                    ? def.Pages.TakeWhile(p => p.Name != pageName).Concat(def.Pages.Where(p => p.Name == pageName)).SelectMany(p => p.AllElements)
                    : def.AllElements;
            foreach (var q in inScope.Where(e => e.IsQuestion && visible.Contains(e.Name!) && !readOnly.Contains(e.Name!) && !QuestionTypes.Of(e).IsComputed))
            {
                if (errors.ContainsKey(q.Name!)) continue;
                var value = working[q.Name!];
                if (q.TemplateElements is not null)
                {
                    CheckRows(q, value, required.Contains(q.Name!), lookup, locale, Add, missing);
                    continue;
                }
                if (value is null)
                {
                    if (!required.Contains(q.Name!))
                    {
                        foreach (var message in QuestionTypes.Of(q).EmptyErrors(q)) Add(q.Name!, message);
                        continue;
                    }
                    missing.Add(q.Name!);
                    Add(q.Name!, QuestionType.RequiredMessage(q, locale));
                    continue;
                }
                foreach (var message in RuleErrors(q, value, working, lookup, locale)) Add(q.Name!, message);
            }
        }
        // Even a draft never stores more text than the question allows.
        foreach (var q in def.Questions.Where(q => q.MaxLength is not null && working[q.Name!] is JsonValue))
        {
            if (TextOf(working[q.Name!]) is not { } s || s.Length <= q.MaxLength) continue;
            shapeValid = false;
            if (scope == AnswerScope.Draft) Add(q.Name!, CoreText.Format("AnsTooLong", q.MaxLength!.Value));
        }

        // A submitted response keeps the answers of visible questions only: survey-core's clearing of
        // invisible values on completion, once, with visibility as it stood (a draft keeps them all).
        if (scope == AnswerScope.Submit)
        {
            foreach (var key in working.Select(p => p.Key).Where(k => !visible.Contains(OwnerName(k, def))).ToList()) working.Remove(key);
            foreach (var q in def.Questions.Where(q => q.TemplateElements is not null && visible.Contains(q.Name!) && PanelDynamicType.Of(q).ClearsHiddenOnSubmit))
            {
                // A visible group left as it was shown keeps its first, empty rows, as survey-core stores it.
                if (working[q.Name!] is null && q.InitialPanelCount > 0)
                    working[q.Name!] = new JsonArray(PanelDynamicType.Shown(q, null).ToArray<JsonNode?>());
                if (working[q.Name!] is JsonArray rows) DropHiddenInRows(q, rows, lookup);
            }
        }

        var ordered = new JsonObject();
        foreach (var q in def.Questions)
        {
            foreach (var key in new[] { q.Name!, q.Name + ElementDefinition.CommentSuffix })
            {
                if (working[key] is { } v) ordered[key] = v.DeepClone();
            }
        }
        return new AnswerCheck(ordered, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), visiblePages, visible)
        {
            Variables = variables,
            IsValidDraft = shapeValid,
            RequiredQuestions = required,
            ReadOnlyQuestions = readOnly,
            MissingRequired = missing,
            Choices = choices,
        };
    }

    /// <summary>
    /// A repeating group's rows, each question checked as it would be alone, with the row's own
    /// conditions ({panel.name}), errors keyed by the cell's path (career[2].sector). A group not
    /// answered yet is checked as the rows it shows at first. As in survey-core, a required group
    /// whose rows are all empty is missing too.
    /// </summary>
    private static void CheckRows(ElementDefinition q, JsonNode? value, bool required, IAnswerLookup lookup, string locale,
        Action<string, string> add, HashSet<string> missing)
    {
        var rows = PanelDynamicType.Shown(q, value);
        if (required && PanelDynamicType.Of(q).IsUnanswered(value))
        {
            missing.Add(q.Name!);
            add(q.Name!, QuestionType.RequiredMessage(q, locale));
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var rowLookup = PanelDynamicType.Lookup(q, lookup, row, i);
            foreach (var field in PanelDynamicType.Fields(q))
            {
                if (!PanelDynamicType.IsVisibleInRow(field, rowLookup) || PanelDynamicType.IsReadOnlyInRow(field, rowLookup)) continue;
                var path = PanelDynamicType.FieldPath(q, i, field);
                var cell = row[field.Name!];
                if (cell is null || IsBlank(cell))
                {
                    if (PanelDynamicType.IsRequiredInRow(field, rowLookup))
                    {
                        missing.Add(path);
                        add(path, QuestionType.RequiredMessage(field, locale));
                    }
                    else foreach (var message in QuestionTypes.Of(field).EmptyErrors(field)) add(path, message);
                    continue;
                }
                foreach (var message in RuleErrors(field, cell, row, rowLookup, locale)) add(path, message);
            }
        }
    }

    /// <summary>
    /// On submission each row keeps the answers of the questions visible in it, as survey-core clears
    /// them; unlike the survey's own, an "other" text in a row stays as given (survey-core keeps it).
    /// </summary>
    private static void DropHiddenInRows(ElementDefinition q, JsonArray rows, IAnswerLookup lookup)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is not JsonObject row) continue;
            var rowLookup = PanelDynamicType.Lookup(q, lookup, row, i);
            // Visibility as it stood, before anything is taken out.
            var hidden = PanelDynamicType.Fields(q).Where(f => !PanelDynamicType.IsVisibleInRow(f, rowLookup)).ToList();
            foreach (var field in hidden)
            {
                row.Remove(field.Name!);
                row.Remove(field.Name + ElementDefinition.CommentSuffix);
            }
        }
    }

    /// <summary>
    /// The elements whose visibleIf holds and whose panels are visible: a hidden panel hides all it
    /// holds, and a panel with nothing visible in it is hidden itself, as in survey-core.
    /// </summary>
    public static IEnumerable<ElementDefinition> VisibleElements(IEnumerable<ElementDefinition> elements, IAnswerLookup lookup)
    {
        foreach (var e in elements)
        {
            if (!(e.VisibleIfExpression?.IsTrue(lookup) ?? true)) continue;
            if (e.Elements is null)
            {
                yield return e;
                continue;
            }
            var inner = VisibleElements(e.Elements, lookup).ToList();
            if (inner.Count == 0) continue;
            yield return e;
            foreach (var i in inner) yield return i;
        }
    }

    /// <summary>
    /// The choices a question offers with these answers: its own (or its source question's, all or
    /// those chosen or not chosen there) whose visibleIf holds and for which choicesVisibleIf holds with
    /// {item} the choice; "other" and "none" always. Disabled are those whose enableIf fails.
    /// </summary>
    private static (IReadOnlySet<string> Offered, IReadOnlySet<string> Disabled) OfferedChoices(SurveyDefinition def, ElementDefinition q, AnswerLookup lookup)
    {
        IEnumerable<ChoiceItem> items = q.Choices ?? [];
        if (q.ChoicesFromQuestion is { } from && q.ChoicesFromQuestionMode is "selected" or "unselected")
        {
            var chosen = lookup.Find(from) switch
            {
                JsonArray a => a.Select(KeyOf).ToHashSet(),
                var single => new HashSet<string?> { KeyOf(single) },
            };
            items = items.Where(c => chosen.Contains(c.Key) == (q.ChoicesFromQuestionMode == "selected"));
        }
        var offered = items
            .Where(c => (c.VisibleIfExpression?.IsTrue(lookup) ?? true)
                && (q.ChoicesVisibleIfExpression?.IsTrue(new ItemLookup(lookup, c.Value)) ?? true))
            .ToList();
        var keys = offered.Select(c => c.Key).Append(ElementDefinition.OtherValue).Append(ElementDefinition.NoneValue).ToHashSet(StringComparer.Ordinal);
        var disabled = offered.Where(c => c.EnableIfExpression is { } e && !e.IsTrue(lookup)).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        return (keys, disabled);
    }

    /// <summary>Sets each expression question's value from the answers as they stand; true when any changed.</summary>
    private static bool Compute(SurveyDefinition def, JsonObject working, IAnswerLookup lookup)
    {
        var changed = false;
        foreach (var q in def.Questions.Where(q => q.ValueExpressionTree is not null && QuestionTypes.Of(q).IsComputed))
        {
            var value = q.ValueExpressionTree!.Evaluate(lookup).ToJson();
            if (value is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>().Length == 0) value = null;
            if (JsonNode.DeepEquals(value, working[q.Name!])) continue;
            if (value is null) working.Remove(q.Name!);
            else working[q.Name!] = value;
            changed = true;
        }
        return changed;
    }

    /// <summary>The survey's calculatedValues, in order, from the answers as they stand; true when any changed.</summary>
    private static bool Calculate(SurveyDefinition def, JsonObject variables, IAnswerLookup lookup)
    {
        var changed = false;
        foreach (var c in def.CalculatedValues ?? [])
        {
            if (c.Name is null || c.ExpressionTree is null) continue;
            var value = c.ExpressionTree.Evaluate(lookup).ToJson();
            if (JsonNode.DeepEquals(value, variables[c.Name])) continue;
            variables[c.Name] = value;
            changed = true;
        }
        return changed;
    }

    /// <summary>Takes out of an answer the choices no longer offered; true when it changed anything.</summary>
    private static bool WithdrawUnoffered(JsonObject working, string name, IReadOnlySet<string> offered)
    {
        switch (working[name])
        {
            case JsonArray list when list.Any(v => !offered.Contains(KeyOf(v) ?? "")):
                var kept = list.Where(v => offered.Contains(KeyOf(v) ?? "")).Select(v => v!.DeepClone()).ToArray();
                if (kept.Length == 0) working.Remove(name);
                else working[name] = new JsonArray(kept);
                return true;
            case JsonValue single when !offered.Contains(KeyOf(single) ?? ""):
                working.Remove(name);
                return true;
            default:
                return false;
        }
    }

    private static string OwnerName(string key, SurveyDefinition def) =>
        key.EndsWith(ElementDefinition.CommentSuffix, StringComparison.Ordinal) && def.Questions.All(q => q.Name != key)
            ? key[..^ElementDefinition.CommentSuffix.Length]
            : key;

    /// <summary>Whether an answer chose "other" (a single choice, or among several).</summary>
    internal static bool HasOther(JsonNode? value) => value switch
    {
        JsonArray a => a.Any(i => KeyOf(i) == ElementDefinition.OtherValue),
        JsonValue v => KeyOf(v) == ElementDefinition.OtherValue,
        _ => false,
    };

    /// <summary>The question an error's key belongs to: the key itself, or the group of a row's path (career[2].sector is career's).</summary>
    public static string QuestionOf(string key) => key.IndexOf('[') is > 0 and var bracket ? key[..bracket] : key;

    public static bool IsBlank(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetValue<string>()),
        JsonArray a => a.Count == 0,
        JsonObject o => o.All(p => IsBlank(p.Value)),
        _ => false,
    };

    /// <summary>How a scalar answer compares with a choice value: the text of the value.</summary>
    public static string? KeyOf(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        }
        : null;

    public static string? TextOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Each type of question knows the shape its answer takes (Questionnaires/Types).</summary>
    private static string? ShapeError(ElementDefinition q, JsonNode value) => QuestionTypes.Of(q).ShapeError(q, value);

    /// <summary>Why a value is not a text answer (not text, or longer than any answer may be), or null.</summary>
    public static string? TextShape(JsonNode value)
    {
        var s = TextOf(value);
        if (s is null) return CoreText.Format("AnsExpectedText");
        return s.Length > AbsoluteMaxTextLength ? CoreText.Format("AnsTooLong", AbsoluteMaxTextLength) : null;
    }

    public static bool IsEmail(string text) => EmailPattern().IsMatch(text);

    public static DateOnly? ParseDate(string s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    private static IEnumerable<string> RuleErrors(ElementDefinition q, JsonNode value, JsonObject answers, IAnswerLookup lookup, string locale)
    {
        if (HasOther(value) && IsBlank(answers[q.Name + ElementDefinition.CommentSuffix]))
            yield return CoreText.Format("AnsOtherRequired");
        foreach (var own in QuestionTypes.Of(q).RuleErrors(q, value)) yield return own;
        var text = TextOf(value);
        if (text is not null && q.MaxLength is { } maxLength && text.Length > maxLength)
            yield return CoreText.Format("AnsTooLong", maxLength);
        foreach (var v in q.Validators ?? [])
        {
            string? failed = null;
            switch (v.Type)
            {
                case "numeric" when value is JsonValue nv && nv.GetValueKind() == JsonValueKind.Number:
                    var n = nv.ToDouble();
                    if (v.MinValue is { } lo && n < lo) failed = CoreText.Format("AnsBelowMin", lo);
                    else if (v.MaxValue is { } hi && n > hi) failed = CoreText.Format("AnsAboveMax", hi);
                    break;
                case "text" when text is not null:
                    if (v.MinLength is { } minLen && text.Length < minLen) failed = CoreText.Format("AnsTooShort", minLen);
                    else if (v.MaxLength is { } maxLen && text.Length > maxLen) failed = CoreText.Format("AnsTooLong", maxLen);
                    break;
                case "regex" when text is not null:
                    if (!Matches(v.Regex!, text)) failed = CoreText.Format("AnsRegex");
                    break;
                case "email" when text is not null:
                    if (!IsEmail(text.Trim())) failed = CoreText.Format("AnsExpectedEmail");
                    break;
                case "answercount" when value is JsonArray chosen:
                    if (v.MinCount is { } fewest && chosen.Count < fewest) failed = CoreText.Format("AnsTooFewChoices", fewest);
                    else if (v.MaxCount is { } most && chosen.Count > most) failed = CoreText.Format("AnsTooManyChoices", most);
                    break;
                case "expression" when v.ExpressionTree is { } condition:
                    if (!condition.IsTrue(lookup)) failed = CoreText.Format("AnsExpression");
                    break;
            }
            if (failed is not null) yield return v.Text is { } custom && !custom.IsBlank ? custom.Get(locale) : failed;
        }
    }

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.ECMAScript, TimeSpan.FromMilliseconds(200));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>Looks answers up for conditions: by exact name, then ignoring case as SurveyJS does, then by matrix.row path.</summary>
/// <summary>The answers with {item} the choice a choicesVisibleIf is asked about.</summary>
public sealed class ItemLookup(IAnswerLookup answers, JsonNode item) : IAnswerLookup
{
    public ExpressionClock Clock => answers.Clock;

    public JsonNode? Find(string path) => path.Equals("item", StringComparison.OrdinalIgnoreCase) ? item : answers.Find(path);
}

/// <summary>The answers, and the survey's calculated values (calculatedValues) by name where no answer has it.</summary>
public sealed class AnswerLookup(JsonObject answers, ExpressionClock? clock = null, JsonObject? variables = null) : IAnswerLookup
{
    public ExpressionClock Clock { get; } = clock ?? ExpressionClock.System;

    public JsonNode? Find(string path)
    {
        if (Get(answers, path) is { } direct) return direct;
        if (variables is not null && Get(variables, path) is { } variable) return variable;
        return Walk(answers, path);
    }

    /// <summary>{matrix.row} and {matrixdropdown.row.column}: a dotted path into an answer, the longest key first at each step.</summary>
    private static JsonNode? Walk(JsonObject o, string path)
    {
        var dot = path.IndexOf('.');
        if (dot < 0) return null;
        if (Get(o, path[..dot]) is not JsonObject inner) return null;
        var rest = path[(dot + 1)..];
        return Get(inner, rest) ?? Walk(inner, rest);
    }

    /// <summary>A key of an object, exactly or ignoring case; career[2] is the third row of the answer career.</summary>
    internal static JsonNode? Get(JsonObject o, string key)
    {
        if (o.TryGetPropertyValue(key, out var v)) return v;
        foreach (var (k, value) in o)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return value;
        }
        var bracket = key.IndexOf('[');
        if (bracket > 0 && key.EndsWith(']')
            && int.TryParse(key[(bracket + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && Get(o, key[..bracket]) is JsonArray list && index < list.Count)
            return list[index];
        return null;
    }
}

/// <summary>
/// The answers as a row of a repeating group sees them: {panel.name} (a matrixdynamic's {row.name})
/// is the row's own answer, {panelIndex} its index from 0 ({rowIndex} from 1), as in survey-core;
/// anything else the survey's.
/// </summary>
public sealed class RowLookup(IAnswerLookup answers, JsonObject row, string prefix, string indexName, int index, ElementDefinition group, int position)
    : IAnswerLookup
{
    public ExpressionClock Clock => answers.Clock;

    /// <summary>The name after the row's prefix ("sector" of panel.sector), or null for a path of the survey's.</summary>
    private string? InRow(string path) =>
        path.Length > prefix.Length + 1 && path[prefix.Length] == '.' && path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? path[(prefix.Length + 1)..] : null;

    /// <summary>For piping: the row's question a {panel.name} names, or null.</summary>
    public ElementDefinition? FieldOf(string path) =>
        InRow(path) is { } name ? group.TemplateElements?.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) : null;

    /// <summary>For piping: the row's number from 1 where a text names the index, as survey-core writes it in a text.</summary>
    public int? NumberOf(string path) => path.Equals(indexName, StringComparison.OrdinalIgnoreCase) ? position + 1 : null;

    public JsonNode? Find(string path)
    {
        if (path.Equals(indexName, StringComparison.OrdinalIgnoreCase)) return JsonValue.Create(index);
        if (path.Equals(prefix, StringComparison.OrdinalIgnoreCase)) return row;
        return InRow(path) is { } name ? AnswerLookup.Get(row, name) : answers.Find(path);
    }
}
