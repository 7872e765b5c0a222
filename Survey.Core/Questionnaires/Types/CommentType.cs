using System.Text.Json.Nodes;
using Survey.Core.Responses;

namespace Survey.Core.Questionnaires.Types;

/// <summary>Free text over several lines.</summary>
public sealed class CommentType : QuestionType
{
    public override string Name => ElementTypes.Comment;
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.Text;
    public override Type Field => typeof(Fields.CommentField);
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.Length];
    public override IReadOnlyCollection<string> Properties { get; } = [.. Common, "maxLength", "placeholder", "rows"];

    /// <summary>A comment's rows is the height of its box in lines.</summary>
    public override bool ReadOwn(ElementDefinition el, string name, System.Text.Json.JsonElement value, string path, IElementReader read)
    {
        if (name != "rows") return false;
        el.CommentRows = read.Int(value, path);
        return true;
    }

    public override void WriteOwn(ElementDefinition el, System.Text.Json.Nodes.JsonObject o) => ElementWriting.Put(o, "rows", el.CommentRows);

    /// <summary>Free text takes a leader about a minute.</summary>
    public override int EstimatedSeconds(ElementDefinition q) => 60;
    public override string? ShapeError(ElementDefinition q, JsonNode value) => AnswerValidator.TextShape(value);

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail)
    {
        if (el.CommentRows is <= 0) fail(el.Path + ".rows", "DefNumberPositive", []);
    }
}
