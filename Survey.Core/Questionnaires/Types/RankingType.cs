using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Survey.Core.Responses;
using Survey.Core.Responses.Forms;

namespace Survey.Core.Questionnaires.Types;

/// <summary>Every choice in the leader's order, as a list.</summary>
public sealed class RankingType : QuestionType
{
    public override string Name => ElementTypes.Ranking;
    public override bool HasChoices => true;
    public override void FillNew(JsonObject element) => element["choices"] = SampleChoices();
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.Ranking;
    public override IReadOnlyCollection<string> Properties { get; } = [.. Common, "choices"];
    public override bool IsControlGroup => true;
    public override string ClientReader => "ranking";
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.Choices];
    public override Type Field => typeof(Fields.RankingField);

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail) => DefinitionValidator.CheckChoices(el, fail);

    public override IReadOnlyList<string> ReviewLines(ElementDefinition q, JsonNode value, JsonObject answers, string lang) =>
        value.AsArray().Select((v, i) => $"{i + 1}. {ReviewChoice(q, v, q.Choices, answers, lang)}").ToList();

    public override string? ShapeError(ElementDefinition q, JsonNode value)
    {
        if (value is not JsonArray list) return CoreText.Format("AnsExpectedList");
        var keys = list.Select(AnswerValidator.KeyOf).ToList();
        var all = q.Choices!.Select(c => c.Key).ToList();
        if (keys.Any(k => !IsChoice(k, q.Choices))) return CoreText.Format("AnsNotAChoice", keys.First(k => !IsChoice(k, q.Choices)) ?? "?");
        if (keys.Distinct().Count() != keys.Count || keys.Count != all.Count) return CoreText.Format("AnsRankingIncomplete");
        return null;
    }

    /// <summary>A place per item (name.value = 1, 2, ...); missing or repeated places give a shorter list, which the validator reports as incomplete.</summary>
    /// <summary>Each ranked item's field holds its position (question.item = 1, 2, …).</summary>
    public override void ToForm(ElementDefinition q, JsonNode value, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        if (value is not JsonArray list) return;
        for (var i = 0; i < list.Count; i++) form[q.Name + "." + AnswerValidator.KeyOf(list[i])] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public override JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        var positions = new SortedDictionary<int, JsonNode?>();
        var any = false;
        foreach (var item in q.Choices ?? [])
        {
            var p = form[FormAnswers.ItemField(q, item)].ToString();
            if (string.IsNullOrEmpty(p)) continue;
            any = true;
            if (int.TryParse(p, out var pos)) positions.TryAdd(pos, item.Value.DeepClone());
        }
        return any ? new JsonArray(positions.Values.ToArray()) : null;
    }

    public override IEnumerable<ResponseValue> Explode(ElementDefinition q, JsonNode answer)
    {
        var place = 0;
        foreach (var v in answer.AsArray())
        {
            place++;
            yield return new ResponseValue(q.Name!, AnswerValidator.KeyOf(v) ?? "", place.ToString(CultureInfo.InvariantCulture), place);
        }
    }

    /// <summary>A column per item, holding its place.</summary>
    protected override IEnumerable<RawColumn> AnswerColumns(ElementDefinition q, string lang)
    {
        var name = q.Name!;
        IReadOnlyList<(string, string)> codes = [("1", lang == "en" ? "first place" : "første plads")];
        foreach (var c in q.Choices ?? [])
            yield return new RawColumn($"{name}.{c.Key}", name, $"{q.Label(lang)}: {c.Label(lang)}",
                a => a[name] is JsonArray arr ? (arr.Select(AnswerValidator.KeyOf).ToList().IndexOf(c.Key) + 1).ToString(CultureInfo.InvariantCulture) : null,
                Codes: codes);
    }
}
