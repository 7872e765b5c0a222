using System.Text.Json.Nodes;
using Survey.Core.Responses;

namespace Survey.Core.Questionnaires.Types;

/// <summary>Information only: it takes no answer and has no column or summary.</summary>
public sealed class HtmlType : QuestionType
{
    public override string Name => ElementTypes.Html;
    public override bool IsQuestion => false;
    public override string ClientReader => "none";
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.Html];
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.None;
    public override Type Field => typeof(Fields.HtmlField);

    public override void FillNew(JsonObject element) => element["html"] = new JsonObject { ["da"] = "<p>Tekst</p>", ["en"] = "<p>Text</p>" };
    public override IReadOnlyCollection<string> Properties { get; } = ["type", "name", "visibleIf", "html"];

    public override bool ReadOwn(ElementDefinition el, string name, System.Text.Json.JsonElement value, string path, IElementReader read)
    {
        if (name != "html") return false;
        el.Html = read.Text(value, path);
        return true;
    }

    public override void WriteOwn(ElementDefinition el, JsonObject o) => ElementWriting.Put(o, "html", el.Html);

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail)
    {
        if (el.Html is null || el.Html.IsBlank) fail(el.Path + ".html", "DefHtmlMissing", []);
    }
    public override string? ShapeError(ElementDefinition q, JsonNode value) => CoreText.Format("AnsNoAnswerExpected");
    public override IEnumerable<ResponseValue> Explode(ElementDefinition q, JsonNode answer) => [];
}
