using System.Text.Json.Nodes;
using Survey.Core.Responses;

namespace Survey.Core.Questionnaires.Types;

/// <summary>
/// A group of elements under a title (SurveyJS's panel): it takes no answer itself; its questions are
/// questions like any other, hidden with it when its visibleIf fails. Panels nest.
/// </summary>
public sealed class PanelType : QuestionType
{
    public override string Name => ElementTypes.Panel;
    public override bool IsQuestion => false;
    public override string ClientReader => "none";
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.Contents];
    public override bool HoldsElements => true;
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.None;
    public override Type Field => typeof(Fields.PanelField);
    public override IReadOnlyCollection<string> Properties { get; } = ["type", "name", "title", "description", "visibleIf", "elements"];
    public override int EstimatedSeconds(ElementDefinition q) => 0;

    public override bool ReadOwn(ElementDefinition el, string name, System.Text.Json.JsonElement value, string path, IElementReader read)
    {
        if (name != "elements") return false;
        el.Elements = read.Elements(value, path);
        foreach (var child in el.Elements) child.Parent = el;
        return true;
    }

    public override void WriteOwn(ElementDefinition el, JsonObject o) => ElementWriting.Put(o, "elements", el.Elements);

    /// <summary>A new panel starts with one question in it (the editor names it), as an empty panel is refused.</summary>
    public override void FillNew(JsonObject element) => element["elements"] = new JsonArray(new JsonObject
    {
        ["type"] = ElementTypes.Comment, ["title"] = new JsonObject { ["da"] = "Nyt spørgsmål", ["en"] = "New question" },
    });

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail)
    {
        if (el.Elements is not { Count: > 0 }) fail(el.Path + ".elements", "DefPanelEmpty", []);
    }

    public override string? ShapeError(ElementDefinition q, JsonNode value) => CoreText.Format("AnsNoAnswerExpected");
    public override IEnumerable<ResponseValue> Explode(ElementDefinition q, JsonNode answer) => [];
}
