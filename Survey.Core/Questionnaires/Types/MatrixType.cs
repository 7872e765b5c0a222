using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Survey.Core.Responses;
using Survey.Core.Responses.Forms;

namespace Survey.Core.Questionnaires.Types;

/// <summary>One column chosen per row: an object of row value to column value.</summary>
public sealed class MatrixType : QuestionType
{
    public override string Name => ElementTypes.Matrix;
    public override bool CountsRespondentsByMarker => true;
    public override string ClientReader => "matrix";
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.Rows, EditorPart.Columns];
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.Matrix;
    public override IReadOnlyCollection<string> Properties { get; } = [.. Common, "rows", "columns", "isAllRowRequired"];
    public override bool IsControlGroup => true;
    public override Type Field => typeof(Fields.MatrixField);
    public override int EstimatedSeconds(ElementDefinition q) => 15 * (q.Rows?.Count ?? 1);

    public override string? PartReferenceError(ElementDefinition q, string part, bool indexed) => Names(q.Rows, part) ? null : "DefReferenceUnknownRow";

    public override bool ReadOwn(ElementDefinition el, string name, System.Text.Json.JsonElement value, string path, IElementReader read)
    {
        switch (name)
        {
            case "rows": el.Rows = read.Items(value, path); return true;
            case "columns": el.Columns = read.Items(value, path); return true;
            case "isAllRowRequired": el.IsAllRowRequired = read.Bool(value, path); return true;
            default: return false;
        }
    }

    public override void WriteOwn(ElementDefinition el, JsonObject o)
    {
        ElementWriting.Put(o, "isAllRowRequired", el.IsAllRowRequired);
        ElementWriting.Put(o, "rows", el.Rows);
        ElementWriting.Put(o, "columns", el.Columns);
    }

    public override void FillNew(JsonObject element)
    {
        element["rows"] = new JsonArray(Item("row1", "Række 1", "Row 1"), Item("row2", "Række 2", "Row 2"));
        element["columns"] = new JsonArray(Item("1", "Enig", "Agree"), Item("2", "Uenig", "Disagree"));
    }

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail)
    {
        DefinitionValidator.CheckItems(el.Rows, el.Path + ".rows", fail);
        DefinitionValidator.CheckItems(el.Columns, el.Path + ".columns", fail);
    }

    public override IReadOnlyList<string> ReviewLines(ElementDefinition q, JsonNode value, JsonObject answers, string lang) =>
        (q.Rows ?? []).Where(r => value[r.Key] is not null).Select(r => r.Label(lang) + ": " + ReviewChoice(q, value[r.Key], q.Columns, answers, lang)).ToList();

    public override string? ShapeError(ElementDefinition q, JsonNode value)
    {
        if (value is not JsonObject cells) return CoreText.Format("AnsExpectedMatrix");
        foreach (var (row, col) in cells)
        {
            if (!IsChoice(row, q.Rows)) return CoreText.Format("AnsUnknownRow", row);
            if (col is not null && !IsChoice(AnswerValidator.KeyOf(col), q.Columns)) return CoreText.Format("AnsNotAChoice", col.ToJsonString());
        }
        return null;
    }

    public override IEnumerable<string> RuleErrors(ElementDefinition q, JsonNode value)
    {
        if (q.IsAllRowRequired == true && (q.Rows ?? []).Any(r => value[r.Key] is null)) yield return CoreText.Format("AnsAllRows");
    }

    public override JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        var cells = new JsonObject();
        foreach (var row in q.Rows ?? [])
        {
            var cell = form[FormAnswers.ItemField(q, row)].ToString();
            if (!string.IsNullOrEmpty(cell)) cells[row.Key] = ChoiceValue(q.Columns, cell);
        }
        return cells.Count == 0 ? null : cells;
    }

    public override IEnumerable<ResponseValue> Explode(ElementDefinition q, JsonNode answer)
    {
        yield return ResponseValues.Answered(q.Name!);
        foreach (var (row, cell) in answer.AsObject())
            if (cell is not null) yield return ScalarValue(q.Name!, row, cell);
    }

    /// <summary>A column per row, coded as the matrix's columns.</summary>
    protected override IEnumerable<RawColumn> AnswerColumns(ElementDefinition q, string lang)
    {
        var name = q.Name!;
        var codes = (q.Columns ?? []).Select(c => (c.Key, c.Label(lang))).ToList();
        foreach (var r in q.Rows ?? [])
            yield return new RawColumn($"{name}.{r.Key}", name, $"{q.Label(lang)}: {r.Label(lang)}", a => RawText(a[name]?[r.Key]), Codes: codes);
    }
}
