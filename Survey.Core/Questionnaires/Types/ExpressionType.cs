using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Survey.Core.Responses;

namespace Survey.Core.Questionnaires.Types;

/// <summary>
/// SurveyJS's expression question: a value computed from the other answers (a sum, an age, a
/// category), shown read-only and stored with the response. The server computes it; whatever a
/// client sends for it is ignored. It is summarised as a number where its values are numbers.
/// </summary>
public sealed class ExpressionType : QuestionType
{
    public override string Name => ElementTypes.Expression;
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.Number;
    public override Type Field => typeof(Fields.ExpressionField);
    public override IReadOnlyCollection<string> Properties { get; } = ["type", "name", "title", "description", "visibleIf", "expression"];
    public override int EstimatedSeconds(ElementDefinition q) => 0;

    public override bool ReadOwn(ElementDefinition el, string name, JsonElement value, string path, IElementReader read)
    {
        if (name != "expression") return false;
        (el.ValueExpression, el.ValueExpressionTree) = ReadCondition(value, path, read);
        return true;
    }

    public override void WriteOwn(ElementDefinition el, JsonObject o) => ElementWriting.Put(o, "expression", el.ValueExpression);

    /// <summary>Computed, never typed: nothing to check or to read from a form.</summary>
    public override bool IsComputed => true;
    public override string ClientReader => "none";

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail)
    {
        if (string.IsNullOrWhiteSpace(el.ValueExpression)) fail(el.Path + ".expression", "DefExpressionMissing", []);
    }

    public override string? ShapeError(ElementDefinition q, JsonNode value) => null;

    public override JsonNode? FromForm(ElementDefinition q, IFormCollection form) => null;

    public override IEnumerable<ResponseValue> Explode(ElementDefinition q, JsonNode answer)
    {
        if (answer is JsonValue v && v.GetValueKind() is JsonValueKind.Number or JsonValueKind.String or JsonValueKind.True or JsonValueKind.False)
            yield return ScalarValue(q.Name!, "", answer);
    }

    /// <summary>The value as the page shows it: a number in the page's language, text as it is.</summary>
    public static string Display(JsonNode? value, string lang) => value switch
    {
        null => "–",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            v.ToDouble().ToString("#,##0.##", System.Globalization.CultureInfo.GetCultureInfo(lang == "en" ? "en-GB" : "da-DK")),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? CoreText.Format("FormYes") : CoreText.Format("FormNo"),
        _ => Responses.Forms.FormAnswers.Text(value),
    };

    public override IReadOnlyList<string> ReviewLines(ElementDefinition q, JsonNode value, JsonObject answers, string lang) => [Display(value, lang)];
}
