using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using System.Text.RegularExpressions;
using Survey.Core.Responses;

namespace Survey.Core.Questionnaires.Types;

/// <summary>
/// A line of text, or by inputType a number (number, range), a date (yyyy-MM-dd), a time (HH:mm), a
/// date and time (yyyy-MM-ddTHH:mm), a month (yyyy-MM), an e-mail address, a telephone number or a web
/// address (the last two as text, as SurveyJS checks neither).
/// </summary>
public sealed partial class TextType : QuestionType
{
    // The forms browsers' own pickers send (and SurveyJS stores), with real calendar and clock values.
    [GeneratedRegex(@"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2])$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")]
    private static partial Regex DateTimePattern();

    private static bool Matches(JsonNode value, Regex pattern) =>
        AnswerValidator.TextOf(value) is { } s && pattern.IsMatch(s)
        && (pattern != DateTimePattern() || AnswerValidator.ParseDate(s[..10]) is not null);

    public override string Name => ElementTypes.Text;

    public override SummaryKind Summary(ElementDefinition q) => q.IsNumericInput ? SummaryKind.Number : SummaryKind.Text;
    public override Type Field => typeof(Fields.TextField);
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.Input, EditorPart.Length];
    public override IReadOnlyCollection<string> Properties { get; } = [.. Common, "inputType", "min", "max", "maxLength", "placeholder"];

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail) => DefinitionValidator.CheckInput(el, fail);

    public override bool ReadOwn(ElementDefinition el, string name, JsonElement value, string path, IElementReader read)
    {
        switch (name)
        {
            case "inputType": el.InputType = read.String(value, path); return true;
            case "min": el.Min = read.Scalar(value, path); return true;
            case "max": el.Max = read.Scalar(value, path); return true;
            default: return false;
        }
    }

    public override void WriteOwn(ElementDefinition el, JsonObject o)
    {
        ElementWriting.Put(o, "inputType", el.InputType);
        ElementWriting.Put(o, "min", el.Min);
        ElementWriting.Put(o, "max", el.Max);
    }

    public override string? ShapeError(ElementDefinition q, JsonNode value) => q.EffectiveInputType switch
    {
        "number" or "range" => value is JsonValue n && n.GetValueKind() == JsonValueKind.Number && double.IsFinite(n.ToDouble())
            ? null : CoreText.Format("AnsExpectedNumber"),
        "time" => Matches(value, TimePattern()) ? null : CoreText.Format("AnsExpectedTime"),
        "month" => Matches(value, MonthPattern()) ? null : CoreText.Format("AnsExpectedMonth"),
        "datetime-local" => Matches(value, DateTimePattern()) ? null : CoreText.Format("AnsExpectedDateTime"),
        "date" => AnswerValidator.TextOf(value) is { } d && AnswerValidator.ParseDate(d) is not null ? null : CoreText.Format("AnsExpectedDate"),
        "email" => AnswerValidator.TextShape(value) ?? (AnswerValidator.IsEmail(AnswerValidator.TextOf(value)!.Trim()) ? null : CoreText.Format("AnsExpectedEmail")),
        _ => AnswerValidator.TextShape(value),
    };

    public override IEnumerable<string> RuleErrors(ElementDefinition q, JsonNode value)
    {
        if (q.IsNumericInput)
        {
            var n = ((JsonValue)value).ToDouble();
            if (q.Min is { } min && min.GetValueKind() == JsonValueKind.Number && n < min.ToDouble())
                yield return CoreText.Format("AnsBelowMin", min.ToJsonString());
            if (q.Max is { } max && max.GetValueKind() == JsonValueKind.Number && n > max.ToDouble())
                yield return CoreText.Format("AnsAboveMax", max.ToJsonString());
        }
        if (q.EffectiveInputType == "date")
        {
            var d = AnswerValidator.ParseDate(AnswerValidator.TextOf(value)!)!.Value;
            if (q.Min is { } min && AnswerValidator.ParseDate(min.ToString()) is { } dmin && d < dmin) yield return CoreText.Format("AnsBelowMin", min.ToString());
            if (q.Max is { } max && AnswerValidator.ParseDate(max.ToString()) is { } dmax && d > dmax) yield return CoreText.Format("AnsAboveMax", max.ToString());
        }
    }

    public override JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        var single = form[q.Name!].ToString();
        if (!q.IsNumericInput) return string.IsNullOrEmpty(single) ? null : single;
        if (string.IsNullOrWhiteSpace(single)) return null;
        return double.TryParse(single.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? JsonValue.Create(n) : single;
    }

    /// <summary>E-mail addresses and telephone numbers identify a person: never in the taskforce's file.</summary>
    protected override IEnumerable<RawColumn> AnswerColumns(ElementDefinition q, string lang) =>
        base.AnswerColumns(q, lang).Select(c => c with { Identifying = q.EffectiveInputType is "email" or "tel" });
}
