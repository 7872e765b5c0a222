using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Survey.Core.Responses;

namespace Survey.Core.Questionnaires.Types;

/// <summary>A line of text, or by inputType a number, a date (yyyy-MM-dd) or an e-mail address.</summary>
public sealed class TextType : QuestionType
{
    public override string Name => ElementTypes.Text;

    public override SummaryKind Summary(ElementDefinition q) => q.EffectiveInputType == "number" ? SummaryKind.Number : SummaryKind.Text;
    public override Type Field => typeof(Fields.TextField);
    public override IReadOnlyCollection<string> Properties { get; } = [.. Common, "inputType", "min", "max", "maxLength", "placeholder"];

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail) => DefinitionValidator.CheckInput(el, fail);

    public override string? ShapeError(ElementDefinition q, JsonNode value) => q.EffectiveInputType switch
    {
        "number" => value is JsonValue n && n.GetValueKind() == JsonValueKind.Number && double.IsFinite(n.ToDouble())
            ? null : CoreText.Format("AnsExpectedNumber"),
        "date" => AnswerValidator.TextOf(value) is { } d && AnswerValidator.ParseDate(d) is not null ? null : CoreText.Format("AnsExpectedDate"),
        "email" => AnswerValidator.TextShape(value) ?? (AnswerValidator.IsEmail(AnswerValidator.TextOf(value)!.Trim()) ? null : CoreText.Format("AnsExpectedEmail")),
        _ => AnswerValidator.TextShape(value),
    };

    public override IEnumerable<string> RuleErrors(ElementDefinition q, JsonNode value)
    {
        if (q.EffectiveInputType == "number")
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
        if (q.EffectiveInputType != "number") return string.IsNullOrEmpty(single) ? null : single;
        if (string.IsNullOrWhiteSpace(single)) return null;
        return double.TryParse(single.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? JsonValue.Create(n) : single;
    }

    /// <summary>E-mail answers identify a person: never in the taskforce's file.</summary>
    protected override IEnumerable<RawColumn> AnswerColumns(ElementDefinition q, string lang) =>
        base.AnswerColumns(q, lang).Select(c => c with { Identifying = q.EffectiveInputType == "email" });
}
