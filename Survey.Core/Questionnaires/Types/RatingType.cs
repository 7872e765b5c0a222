using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Survey.Core.Questionnaires.Types;

/// <summary>A whole number on a scale from rateMin to rateMax.</summary>
public sealed class RatingType : QuestionType
{
    public override string Name => ElementTypes.Rating;
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.Scale;
    public override IReadOnlyCollection<string> Properties { get; } = [.. Common, "rateMin", "rateMax", "minRateDescription", "maxRateDescription"];
    public override bool IsControlGroup => true;
    public override Type Field => typeof(Fields.ChoiceGroupField);
    public override string OptionsClass => "rating-scale";
    public override string ClientReader => "number";
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.Scale];

    public override bool ReadOwn(ElementDefinition el, string name, JsonElement value, string path, IElementReader read)
    {
        switch (name)
        {
            case "rateMin": el.RateMin = read.Int(value, path); return true;
            case "rateMax": el.RateMax = read.Int(value, path); return true;
            case "minRateDescription": el.MinRateDescription = read.Text(value, path); return true;
            case "maxRateDescription": el.MaxRateDescription = read.Text(value, path); return true;
            default: return false;
        }
    }

    public override void WriteOwn(ElementDefinition el, JsonObject o)
    {
        ElementWriting.Put(o, "rateMin", el.RateMin);
        ElementWriting.Put(o, "rateMax", el.RateMax);
        ElementWriting.Put(o, "minRateDescription", el.MinRateDescription);
        ElementWriting.Put(o, "maxRateDescription", el.MaxRateDescription);
    }

    /// <summary>Each point of the scale, the ends with their descriptions.</summary>
    public override IEnumerable<(string Value, string Text)> FormOptions(ElementDefinition q, string lang)
    {
        for (var r = q.EffectiveRateMin; r <= q.EffectiveRateMax; r++)
        {
            var text = Invariant(r);
            if (r == q.EffectiveRateMin && q.MinRateDescription?.Get(lang) is { Length: > 0 } low) text += " – " + low;
            if (r == q.EffectiveRateMax && q.MaxRateDescription?.Get(lang) is { Length: > 0 } high) text += " – " + high;
            yield return (Invariant(r), text);
        }
    }

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail)
    {
        if (el.EffectiveRateMin >= el.EffectiveRateMax)
            fail(el.Path + ".rateMin", "DefRateRange", [el.EffectiveRateMin, el.EffectiveRateMax]);
        else if (el.EffectiveRateMax - el.EffectiveRateMin + 1 > DefinitionValidator.MaxRatingSteps)
            fail(el.Path + ".rateMax", "DefRateTooMany", [DefinitionValidator.MaxRatingSteps]);
    }

    public override IEnumerable<string> RuleErrors(ElementDefinition q, JsonNode value)
    {
        var r = (int)((JsonValue)value).ToDouble();
        if (r < q.EffectiveRateMin || r > q.EffectiveRateMax) yield return CoreText.Format("AnsRatingRange", q.EffectiveRateMin, q.EffectiveRateMax);
    }

    public override string? ShapeError(ElementDefinition q, JsonNode value) =>
        value is JsonValue r && r.GetValueKind() == JsonValueKind.Number && r.ToDouble() is var rd && rd == Math.Floor(rd) && Math.Abs(rd) < 1e6
            ? null : CoreText.Format("AnsExpectedInteger");

    public override JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        var single = form[q.Name!].ToString();
        return string.IsNullOrEmpty(single) ? null
            : int.TryParse(single, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : single;
    }

    public override IReadOnlyList<(string Key, string Label)> Categories(ElementDefinition q, string lang) =>
        Enumerable.Range(q.EffectiveRateMin, q.EffectiveRateMax - q.EffectiveRateMin + 1).Select(r => (Invariant(r), Invariant(r))).ToList();

    protected override IReadOnlyList<(string Value, string Label)> CodebookValues(ElementDefinition q, string lang) =>
        [(Invariant(q.EffectiveRateMin), q.MinRateDescription?.Get(lang) ?? ""), (Invariant(q.EffectiveRateMax), q.MaxRateDescription?.Get(lang) ?? "")];
}
