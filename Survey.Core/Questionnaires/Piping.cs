using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Survey.Core.Questionnaires.Expressions;

namespace Survey.Core.Questionnaires;

/// <summary>
/// SurveyJS's piping: {name} in a title, description, choice text or html becomes the answer as the
/// leader saw it (a choice's text, ticked choices joined by ", ", Yes or No, a matrix row's column
/// text); {name} for a calculated value becomes its value. A question not answered gives nothing, a
/// name that is neither stays as written, as survey-core does. Unlike survey-core, the answer is
/// escaped: in text it is text, and in html it is encoded.
/// </summary>
public static partial class Piping
{
    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Placeholder();

    public static bool HasPlaceholders(string? text) => text is not null && text.Contains('{') && Placeholder().IsMatch(text);

    public static string Apply(string text, SurveyDefinition definition, IAnswerLookup lookup, string lang, bool html = false)
    {
        if (!HasPlaceholders(text)) return text;
        return Placeholder().Replace(text, m =>
        {
            var name = m.Groups[1].Value.Trim();
            var dot = name.IndexOf('.');
            var question = definition.FindQuestion(dot < 0 ? name : name[..dot]);
            string? value;
            // In a repeating group's row: {panel.name} is the row's answer as its question shows it, {panelIndex} the row's number from 1.
            var row = lookup as Responses.RowLookup;
            if (row?.NumberOf(name) is { } number) value = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            else if (row?.FieldOf(name) is { } field) value = Display(field, null, lookup.Find(name), lang);
            else if (question is not null) value = Display(question, dot < 0 ? null : name[(dot + 1)..], lookup.Find(name), lang);
            else if (definition.CalculatedValues?.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) == true)
                value = Display(null, null, lookup.Find(name), lang);
            else return m.Value;
            return html ? WebUtility.HtmlEncode(value) : value;
        });
    }

    private static string Display(ElementDefinition? q, string? row, JsonNode? value, string lang)
    {
        switch (value)
        {
            case null:
                return "";
            case JsonArray list:
                return string.Join(", ", list.Select(v => Display(q, row, v, lang)));
            case JsonObject:
                return Responses.Forms.FormAnswers.Text(value);
        }
        var v = (JsonValue)value;
        if (v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            return CoreText.Format(v.GetValue<bool>() ? "FormYes" : "FormNo");
        var key = Responses.AnswerValidator.KeyOf(v) ?? v.ToJsonString();
        if (q is not null)
        {
            var items = row is not null ? q.Columns : q.Choices;
            if (items?.FirstOrDefault(c => c.Key == key) is { } item) return item.Label(lang);
            if (row is null && key == ElementDefinition.OtherValue && q.ShowOtherItem == true) return q.OtherText?.Get(lang) is { Length: > 0 } o ? o : CoreText.Format("FormOther");
            if (row is null && key == ElementDefinition.NoneValue && q.ShowNoneItem == true) return q.NoneText?.Get(lang) is { Length: > 0 } n ? n : CoreText.Format("FormNone");
        }
        return v.GetValueKind() == JsonValueKind.Number ? JsValue.NumberToString(v.GetValue<double>()) : key;
    }
}
