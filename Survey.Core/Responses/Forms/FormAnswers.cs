using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Survey.Core.Questionnaires;

namespace Survey.Core.Responses.Forms;

/// <summary>
/// Turns a page's HTML form into typed answers and back. Field names: the question name; for
/// "other" text <c>name-Comment</c>; for a matrix row or a ranking item <c>name.value</c> (names
/// never contain dots). A value that cannot be converted is kept as typed, so the validator
/// reports it next to the field and the leader sees what they wrote.
/// </summary>
public static class FormAnswers
{
    public static string ItemField(ElementDefinition q, ChoiceItem item) => q.Name + "." + item.Key;

    public static string CommentField(ElementDefinition q) => q.Name + ElementDefinition.CommentSuffix;

    /// <summary>Replaces the answers to the page's questions in the draft with what the form holds.</summary>
    public static JsonObject Merge(JsonObject draft, PageDefinition page, IFormCollection form)
    {
        var merged = draft.DeepClone().AsObject();
        foreach (var q in page.Elements.Where(e => e.IsQuestion))
        {
            merged.Remove(q.Name!);
            merged.Remove(CommentField(q));
            if (FromForm(q, form) is { } value) merged[q.Name!] = value;
            var comment = form[CommentField(q)].ToString();
            if (q.ShowOtherItem == true && !string.IsNullOrWhiteSpace(comment)) merged[CommentField(q)] = comment;
        }
        return merged;
    }

    private static JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        var values = form[q.Name!];
        var single = values.ToString();
        switch (q.Type)
        {
            case ElementTypes.RadioGroup:
            case ElementTypes.Dropdown:
                return string.IsNullOrEmpty(single) ? null : ChoiceValue(q, q.Choices, single);
            case ElementTypes.Checkbox:
            {
                var chosen = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => ChoiceValue(q, q.Choices, v!)).ToArray();
                return chosen.Length == 0 ? null : new JsonArray(chosen);
            }
            case ElementTypes.Boolean:
                return single switch { "" => null, "true" => true, "false" => false, _ => single };
            case ElementTypes.Rating:
                return string.IsNullOrEmpty(single) ? null
                    : int.TryParse(single, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : single;
            case ElementTypes.Text when q.EffectiveInputType == "number":
                if (string.IsNullOrWhiteSpace(single)) return null;
                return double.TryParse(single.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
                    ? JsonValue.Create(n) : single;
            case ElementTypes.Matrix:
            {
                var cells = new JsonObject();
                foreach (var row in q.Rows ?? [])
                {
                    var cell = form[ItemField(q, row)].ToString();
                    if (!string.IsNullOrEmpty(cell)) cells[row.Key] = ChoiceValue(q, q.Columns, cell);
                }
                return cells.Count == 0 ? null : cells;
            }
            case ElementTypes.Ranking:
            {
                var positions = new SortedDictionary<int, JsonNode?>();
                var any = false;
                foreach (var item in q.Choices ?? [])
                {
                    var p = form[ItemField(q, item)].ToString();
                    if (string.IsNullOrEmpty(p)) continue;
                    any = true;
                    if (int.TryParse(p, out var pos)) positions.TryAdd(pos, item.Value.DeepClone());
                }
                // Missing or repeated places give a shorter list, which the validator reports as incomplete.
                return any ? new JsonArray(positions.Values.ToArray()) : null;
            }
            default:
                return string.IsNullOrEmpty(single) ? null : single;
        }
    }

    private static JsonNode ChoiceValue(ElementDefinition q, IEnumerable<ChoiceItem>? items, string key)
    {
        var item = (items ?? []).FirstOrDefault(c => c.Key == key);
        return item is not null ? item.Value.DeepClone() : JsonValue.Create(key)!;
    }

    /// <summary>The answers as form field values, for filling in a page.</summary>
    public static Dictionary<string, StringValues> ToForm(SurveyDefinition definition, JsonObject answers)
    {
        var form = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var q in definition.Questions)
        {
            var value = answers[q.Name!];
            if (answers[CommentField(q)] is JsonValue comment) form[CommentField(q)] = comment.ToString();
            switch (value)
            {
                case null:
                    continue;
                case JsonArray list when q.Type == ElementTypes.Ranking:
                    for (var i = 0; i < list.Count; i++) form[q.Name + "." + AnswerValidator.KeyOf(list[i])] = (i + 1).ToString(CultureInfo.InvariantCulture);
                    break;
                case JsonArray list:
                    form[q.Name!] = new StringValues(list.Select(Text).ToArray());
                    break;
                case JsonObject cells:
                    foreach (var (row, cell) in cells) form[q.Name + "." + row] = Text(cell);
                    break;
                default:
                    form[q.Name!] = Text(value);
                    break;
            }
        }
        return form;
    }

    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() is JsonValueKind.False => "false",
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };
}
