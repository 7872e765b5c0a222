using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Survey.Core.Responses;

namespace Survey.Core.Questionnaires.Types;

/// <summary>
/// Several short answers under one title (SurveyJS's multipletext): an object of item name to text
/// or number. Each item is a small text question of its own (name, title, inputType, isRequired,
/// placeholder, maxLength, validators); the question is required when none is answered. Its items
/// are columns of their own in responses.csv and questions of their own in the summaries.
/// </summary>
public sealed class MultipleTextType : QuestionType
{
    private static readonly TextType ItemType = new();

    public override string Name => ElementTypes.MultipleText;
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.None;
    public override Type Field => typeof(Fields.MultipleTextField);
    public override string ClientReader => "items";
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.Items];
    public override IReadOnlyCollection<string> Properties { get; } = [.. Common, "items", "colCount"];
    public override int EstimatedSeconds(ElementDefinition q) => 15 * Math.Max(1, q.Items?.Count ?? 1);

    public override bool ReadOwn(ElementDefinition el, string name, JsonElement value, string path, IElementReader read)
    {
        if (name != "items") return false;
        el.Items = read.TextItems(value, path);
        return true;
    }

    public override void WriteOwn(ElementDefinition el, JsonObject o)
    {
        if (el.Items is not null) o["items"] = new JsonArray(el.Items.Select(i => (JsonNode)DefinitionWriter.WriteTextItem(i)).ToArray());
    }

    public override void FillNew(JsonObject element) => element["items"] = new JsonArray(
        new JsonObject { ["name"] = "item1", ["title"] = new JsonObject { ["da"] = "Felt 1", ["en"] = "Field 1" } },
        new JsonObject { ["name"] = "item2", ["title"] = new JsonObject { ["da"] = "Felt 2", ["en"] = "Field 2" } });

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail)
    {
        if (el.Items is not { Count: > 0 })
        {
            fail(el.Path + ".items", "DefItemsEmpty", []);
            return;
        }
        CheckPartNames(el.Items, fail);
        foreach (var item in el.Items) DefinitionValidator.CheckInput(item, fail);
    }

    public override IReadOnlyList<string> ReviewLines(ElementDefinition q, JsonNode value, JsonObject answers, string lang) =>
        (q.Items ?? []).Where(i => value[i.Name!] is not null)
            .Select(i => i.Label(lang) + ": " + Responses.Forms.FormAnswers.Text(value[i.Name!])).ToList();

    public override string? ShapeError(ElementDefinition q, JsonNode value)
    {
        if (value is not JsonObject cells) return CoreText.Format("AnsExpectedObject");
        foreach (var (key, cell) in cells)
        {
            var item = Item(q, key);
            if (item is null) return CoreText.Format("AnsUnknownRow", key);
            if (cell is not null && ItemType.ShapeError(item, cell) is { } error) return item.Label(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName) + ": " + error;
        }
        return null;
    }

    /// <summary>As in survey-core, a required item is missing even when no item is answered.</summary>
    public override IEnumerable<string> EmptyErrors(ElementDefinition q) => RuleErrors(q, new JsonObject());

    public override IEnumerable<string> RuleErrors(ElementDefinition q, JsonNode value)
    {
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        foreach (var item in q.Items ?? [])
        {
            var cell = value[item.Name!];
            if (cell is null || AnswerValidator.IsBlank(cell))
            {
                if (item.Required) yield return item.Label(lang) + ": " + RequiredMessage(item, lang);
                continue;
            }
            foreach (var error in ItemType.RuleErrors(item, cell)) yield return item.Label(lang) + ": " + error;
            if (AnswerValidator.TextOf(cell) is { } text && item.MaxLength is { } max && text.Length > max)
                yield return item.Label(lang) + ": " + CoreText.Format("AnsTooLong", max);
        }
    }

    /// <summary>A field per item, named question.item; numbers read as numbers, anything else kept as typed.</summary>
    public override JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        var cells = new JsonObject();
        foreach (var item in q.Items ?? [])
        {
            var text = form[q.Name + "." + item.Name].ToString();
            if (string.IsNullOrWhiteSpace(text)) continue;
            cells[item.Name!] = item.IsNumericInput && double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
                ? JsonValue.Create(n) : JsonValue.Create(text);
        }
        return cells.Count == 0 ? null : cells;
    }

    /// <summary>Each item is summarised as the text or number question it is (<see cref="SummaryParts"/>).</summary>
    public override IEnumerable<ResponseValue> Explode(ElementDefinition q, JsonNode answer)
    {
        foreach (var item in q.Items ?? [])
            if (answer[item.Name!] is JsonValue v && v.GetValueKind() is JsonValueKind.Number or JsonValueKind.String && !AnswerValidator.IsBlank(v))
                foreach (var value in ItemType.Explode(Part(q, item), v)) yield return value;
    }

    private static ElementDefinition Part(ElementDefinition q, ElementDefinition item) =>
        item.AsPart(q.Name + "." + item.Name, lang => q.Label(lang) + ": " + item.Label(lang));

    public override IEnumerable<ElementDefinition> SummaryParts(ElementDefinition q) => (q.Items ?? []).Select(i => Part(q, i));

    public override string? PartReferenceError(ElementDefinition q, string part, bool indexed) => Names(q.Items, part) ? null : "DefReferenceUnknownRow";

    /// <summary>A column per item; text items are free text for the taskforce's file, e-mail and telephone items identify.</summary>
    protected override IEnumerable<RawColumn> AnswerColumns(ElementDefinition q, string lang)
    {
        var name = q.Name!;
        foreach (var item in q.Items ?? [])
            yield return new RawColumn($"{name}.{item.Name}", name, $"{q.Label(lang)}: {item.Label(lang)}", a => RawText(a[name]?[item.Name!]),
                FreeText: !item.IsNumericInput, Identifying: item.EffectiveInputType is "email" or "tel", Codes: []);
    }

    public static ElementDefinition? Item(ElementDefinition q, string name) =>
        q.Items?.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));
}
