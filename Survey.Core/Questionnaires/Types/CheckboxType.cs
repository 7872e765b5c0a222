using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Survey.Core.Responses;

namespace Survey.Core.Questionnaires.Types;

/// <summary>Any number of the choices, as a list; "none" only alone.</summary>
public class CheckboxType : QuestionType
{
    public override string Name => ElementTypes.Checkbox;
    public override bool HasChoices => true;
    public override void FillNew(JsonObject element) => element["choices"] = SampleChoices();
    public override bool CountsRespondentsByMarker => true;
    public override string ClientReader => "choices";
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.Choices, EditorPart.OtherAndNone];
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.Choices;
    public override IReadOnlyCollection<string> Properties { get; } = [.. Common, .. ChoiceProperties, "minSelectedChoices", "maxSelectedChoices"];
    public override bool IsControlGroup => true;
    public override Type Field => typeof(Fields.CheckboxField);

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail) => DefinitionValidator.CheckChoices(el, fail);

    public override IReadOnlyList<string> ReviewLines(ElementDefinition q, JsonNode value, JsonObject answers, string lang) =>
        value.AsArray().Select(v => ReviewChoice(q, v, q.Choices, answers, lang)).ToList();

    public override string? ShapeError(ElementDefinition q, JsonNode value)
    {
        if (value is not JsonArray list) return CoreText.Format("AnsExpectedList");
        var keys = list.Select(AnswerValidator.KeyOf).ToList();
        if (keys.FirstOrDefault(k => !IsChoiceOrSpecial(q, k)) is var bad && keys.Any(k => !IsChoiceOrSpecial(q, k)))
            return CoreText.Format("AnsNotAChoice", bad ?? "?");
        if (keys.Distinct().Count() != keys.Count) return CoreText.Format("AnsDuplicateChoice");
        if (keys.Contains(ElementDefinition.NoneValue) && keys.Count > 1) return CoreText.Format("AnsNoneExclusive");
        return null;
    }

    public override IEnumerable<string> RuleErrors(ElementDefinition q, JsonNode value)
    {
        var count = value.AsArray().Count;
        if (q.MinSelectedChoices is > 0 and var min && count < min) yield return CoreText.Format("AnsTooFewChoices", min);
        if (q.MaxSelectedChoices is > 0 and var max && count > max) yield return CoreText.Format("AnsTooManyChoices", max);
    }

    public override JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        var chosen = form[q.Name!].Where(v => !string.IsNullOrEmpty(v)).Select(v => ChoiceValue(q.Choices, v!)).ToArray();
        return chosen.Length == 0 ? null : new JsonArray(chosen);
    }

    public override IEnumerable<ResponseValue> Explode(ElementDefinition q, JsonNode answer)
    {
        yield return ResponseValues.Answered(q.Name!);
        foreach (var v in answer.AsArray().OfType<JsonNode>()) yield return ScalarValue(q.Name!, "", v);
    }

    /// <summary>A column per choice (and for "other" and "none"): 1 when ticked, 0 when not.</summary>
    protected override IEnumerable<RawColumn> AnswerColumns(ElementDefinition q, string lang)
    {
        var name = q.Name!;
        var title = q.Label(lang);
        IReadOnlyList<(string, string)> codes = [("1", lang == "en" ? "ticked" : "valgt"), ("0", lang == "en" ? "not ticked" : "ikke valgt")];
        RawColumn Ticked(string key, string label) => new($"{name}.{key}", name, $"{title}: {label}",
            a => a[name] is JsonArray arr ? (arr.Any(v => AnswerValidator.KeyOf(v) == key) ? "1" : "0") : null, Codes: codes);
        foreach (var c in q.Choices ?? []) yield return Ticked(c.Key, c.Label(lang));
        if (q.ShowOtherItem == true) yield return Ticked(ElementDefinition.OtherValue, "other");
        if (q.ShowNoneItem == true) yield return Ticked(ElementDefinition.NoneValue, "none");
    }
}

/// <summary>
/// SurveyJS's tagbox: the same answer as a checkbox (a list of choices). It is shown as a list of
/// tick boxes, which works without JavaScript, with a keyboard and a screen reader, on a phone too.
/// </summary>
public sealed class TagboxType : CheckboxType
{
    public override string Name => ElementTypes.Tagbox;
}
