using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Survey.Core.Responses;

namespace Survey.Core.Questionnaires.Types;

/// <summary>One of the choices (or "other", "none"): radiogroup and dropdown differ only in how they look.</summary>
public abstract class SingleChoiceType : QuestionType
{
    public override bool HasChoices => true;
    public override void FillNew(JsonObject element) => element["choices"] = SampleChoices();
    public override bool IsSingleChoice => true;
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.Choices;
    public override IReadOnlyCollection<string> Properties { get; } = [.. Common, .. ChoiceProperties];
    public override string ClientReader => "choice";
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.Choices, EditorPart.OtherAndNone];

    public override IReadOnlyList<string> ReviewLines(ElementDefinition q, JsonNode value, JsonObject answers, string lang) =>
        [ReviewChoice(q, value, q.Choices, answers, lang)];

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail) => DefinitionValidator.CheckChoices(el, fail);

    public override string? ShapeError(ElementDefinition q, JsonNode value)
    {
        if (value is not JsonValue) return CoreText.Format("AnsExpectedChoice");
        return IsChoiceOrSpecial(q, AnswerValidator.KeyOf(value)) ? null : CoreText.Format("AnsNotAChoice", value.ToJsonString());
    }

    public override JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        var single = form[q.Name!].ToString();
        return string.IsNullOrEmpty(single) ? null : ChoiceValue(q.Choices, single);
    }

    protected override IReadOnlyList<(string Value, string Label)> CodebookValues(ElementDefinition q, string lang) =>
        (q.Choices ?? []).Select(c => (c.Key, c.Label(lang)))
            .Concat(q.ShowOtherItem == true ? [("other", "Other")] : [])
            .Concat(q.ShowNoneItem == true ? [("none", "None")] : []).ToList();
}

public sealed class RadioGroupType : SingleChoiceType
{
    public override string Name => ElementTypes.RadioGroup;
    public override Type Field => typeof(Fields.ChoiceGroupField);
    public override bool IsControlGroup => true;
}

public sealed class DropdownType : SingleChoiceType
{
    public override string Name => ElementTypes.Dropdown;
    public override Type Field => typeof(Fields.DropdownField);
}
