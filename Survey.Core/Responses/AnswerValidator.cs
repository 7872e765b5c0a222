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
    /// <summary>The whole response: every rule for every visible question.</summary>
    Submit,
}

public sealed record AnswerCheck(
    JsonObject Answers,
    IReadOnlyDictionary<string, string[]> Errors,
    IReadOnlyList<PageDefinition> VisiblePages,
    IReadOnlySet<string> VisibleQuestions)
{
    public bool IsValid => Errors.Count == 0;
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

    public static AnswerCheck Validate(SurveyDefinition def, JsonObject answers, AnswerScope scope, string? pageName = null)
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
            var question = def.Questions.FirstOrDefault(q => q.Name == key);
            var otherOf = key.EndsWith(ElementDefinition.CommentSuffix, StringComparison.Ordinal)
                ? def.Questions.FirstOrDefault(q => q.Name == key[..^ElementDefinition.CommentSuffix.Length] && q.ShowOtherItem == true)
                : null;
            if (question is null && otherOf is null)
            {
                Add(key, CoreText.Format("AnsUnknownQuestion", key));
                continue;
            }
            if (IsBlank(value)) continue;
            if (otherOf is not null)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length <= AbsoluteMaxTextLength)
                    working[key] = value!.DeepClone();
                else Add(otherOf.Name!, CoreText.Format("AnsOtherTextNotString"));
                continue;
            }
            if (ShapeError(question!, value!) is { } shapeError) Add(key, shapeError);
            else working[key] = value!.DeepClone();
        }

        // 2. Which pages and questions are visible. Hiding a question drops its answer, which can hide
        // others in turn, so this runs until nothing changes.
        List<PageDefinition> visiblePages;
        HashSet<string> visible;
        while (true)
        {
            var lookup = new AnswerLookup(working);
            visiblePages = def.Pages.Where(p => p.VisibleIfExpression?.IsTrue(lookup) ?? true).ToList();
            visible = visiblePages.SelectMany(p => p.Elements)
                .Where(e => e.IsQuestion && (e.VisibleIfExpression?.IsTrue(lookup) ?? true))
                .Select(e => e.Name!).ToHashSet(StringComparer.Ordinal);
            var hidden = working.Select(p => p.Key).Where(k => !visible.Contains(OwnerName(k, def))).ToList();
            // An "other" text without "other" chosen belongs to nothing.
            hidden.AddRange(working.Select(p => p.Key)
                .Where(k => k.EndsWith(ElementDefinition.CommentSuffix, StringComparison.Ordinal) && !hidden.Contains(k)
                    && !HasOther(working[OwnerName(k, def)])));
            if (hidden.Count == 0) break;
            foreach (var k in hidden.Distinct()) working.Remove(k);
        }

        // 3. The rules, for the questions in scope.
        if (scope != AnswerScope.Draft)
        {
            var inScope = scope == AnswerScope.Page
                ? def.Pages.Where(p => p.Name == pageName).SelectMany(p => p.Elements)
                : def.AllElements;
            foreach (var q in inScope.Where(e => e.IsQuestion && visible.Contains(e.Name!)))
            {
                if (errors.ContainsKey(q.Name!)) continue;
                var value = working[q.Name!];
                if (value is null)
                {
                    if (q.Required) Add(q.Name!, CoreText.Format("AnsRequired"));
                    continue;
                }
                foreach (var message in RuleErrors(q, value, working, locale)) Add(q.Name!, message);
            }
        }
        else
        {
            // Even a draft never stores more text than the question allows.
            foreach (var q in def.Questions.Where(q => q.MaxLength is not null && working[q.Name!] is JsonValue))
            {
                if (TextOf(working[q.Name!]) is { } s && s.Length > q.MaxLength)
                    Add(q.Name!, CoreText.Format("AnsTooLong", q.MaxLength!.Value));
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
        return new AnswerCheck(ordered, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), visiblePages, visible);
    }

    private static string OwnerName(string key, SurveyDefinition def) =>
        key.EndsWith(ElementDefinition.CommentSuffix, StringComparison.Ordinal) && def.Questions.All(q => q.Name != key)
            ? key[..^ElementDefinition.CommentSuffix.Length]
            : key;

    private static bool HasOther(JsonNode? value) => value switch
    {
        JsonArray a => a.Any(i => KeyOf(i) == ElementDefinition.OtherValue),
        JsonValue v => KeyOf(v) == ElementDefinition.OtherValue,
        _ => false,
    };

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

    private static IEnumerable<string> RuleErrors(ElementDefinition q, JsonNode value, JsonObject answers, string locale)
    {
        if (HasOther(value) && IsBlank(answers[q.Name + ElementDefinition.CommentSuffix]))
            yield return CoreText.Format("AnsOtherRequired");
        if (q.Type == ElementTypes.Rating)
        {
            var r = (int)((JsonValue)value).ToDouble();
            if (r < q.EffectiveRateMin || r > q.EffectiveRateMax)
                yield return CoreText.Format("AnsRatingRange", q.EffectiveRateMin, q.EffectiveRateMax);
        }
        if (q.Type == ElementTypes.Text && q.EffectiveInputType == "number")
        {
            var n = ((JsonValue)value).ToDouble();
            if (q.Min is { } min && min.GetValueKind() == JsonValueKind.Number && n < min.ToDouble())
                yield return CoreText.Format("AnsBelowMin", min.ToJsonString());
            if (q.Max is { } max && max.GetValueKind() == JsonValueKind.Number && n > max.ToDouble())
                yield return CoreText.Format("AnsAboveMax", max.ToJsonString());
        }
        if (q.Type == ElementTypes.Text && q.EffectiveInputType == "date")
        {
            var d = ParseDate(TextOf(value)!)!.Value;
            if (q.Min is { } min && ParseDate(min.ToString()) is { } dmin && d < dmin) yield return CoreText.Format("AnsBelowMin", min.ToString());
            if (q.Max is { } max && ParseDate(max.ToString()) is { } dmax && d > dmax) yield return CoreText.Format("AnsAboveMax", max.ToString());
        }
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
public sealed class AnswerLookup(JsonObject answers, ExpressionClock? clock = null) : IAnswerLookup
{
    public ExpressionClock Clock { get; } = clock ?? ExpressionClock.System;

    public JsonNode? Find(string path)
    {
        if (Get(answers, path) is { } direct) return direct;
        var dot = path.IndexOf('.');
        if (dot < 0) return null;
        return Get(answers, path[..dot]) is JsonObject inner ? Get(inner, path[(dot + 1)..]) : null;
    }

    private static JsonNode? Get(JsonObject o, string key)
    {
        if (o.TryGetPropertyValue(key, out var v)) return v;
        foreach (var (k, value) in o)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }
}
