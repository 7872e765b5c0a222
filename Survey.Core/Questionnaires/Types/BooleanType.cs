using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Survey.Core.Questionnaires.Types;

/// <summary>Yes or no, as true or false.</summary>
public sealed class BooleanType : QuestionType
{
    public override string Name => ElementTypes.Boolean;
    public override bool IsSingleChoice => true;
    public override string ClientReader => "boolean";
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.Choices;
    public override bool IsControlGroup => true;
    public override Type Field => typeof(Fields.ChoiceGroupField);

    public override IEnumerable<(string Value, string Text)> FormOptions(ElementDefinition q, string lang) =>
        [("true", CoreText.Localizer["FormYes"]), ("false", CoreText.Localizer["FormNo"])];

    public override IReadOnlyList<string> ReviewLines(ElementDefinition q, JsonNode value, JsonObject answers, string lang) =>
        [value.GetValue<bool>() ? CoreText.Format("FormYes") : CoreText.Format("FormNo")];

    public override string? ShapeError(ElementDefinition q, JsonNode value) =>
        value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : CoreText.Format("AnsExpectedBool");

    public override JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        var single = form[q.Name!].ToString();
        return single switch { "" => null, "true" => true, "false" => false, _ => single };
    }

    public override IReadOnlyList<(string Key, string Label)> Categories(ElementDefinition q, string lang) =>
        [("true", CoreText.Format("SumYes")), ("false", CoreText.Format("SumNo"))];

    protected override IReadOnlyList<(string Value, string Label)> CodebookValues(ElementDefinition q, string lang) =>
        [("1", lang == "en" ? "Yes" : "Ja"), ("0", lang == "en" ? "No" : "Nej")];
}
