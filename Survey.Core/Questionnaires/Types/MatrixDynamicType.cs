using System.Text.Json.Nodes;

namespace Survey.Core.Questionnaires.Types;

/// <summary>
/// SurveyJS's matrixdynamic: a table whose rows the leader adds, each row asking every column (a
/// small question of its cellType, as in a matrixdropdown). Its answer is a list of row objects, as
/// a paneldynamic's, so it is a repeating group whose row questions are its columns, with what
/// survey-core does differently: a column's condition names the row as {row.name} and its number as
/// {rowIndex} (from 1); it shows two rows unless rowCount says otherwise, and at least minRowCount
/// whatever the answer holds; a required matrix is unanswered only with no rows; and submitting keeps
/// every cell, a hidden one too.
/// </summary>
public sealed class MatrixDynamicType : PanelDynamicType
{
    public override string Name => ElementTypes.MatrixDynamic;
    public override string RowPrefix => "row";
    public override string IndexName => "rowIndex";
    public override int IndexBase => 1;
    public override int DefaultRowCount => 2;
    protected override bool PadsAnswerToMinimum => true;
    public override bool ClearsHiddenOnSubmit => false;
    public override bool HoldsElements => false;
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.CellColumns, EditorPart.Choices, EditorPart.RowCounts];
    public override bool IsUnanswered(JsonNode? value) => Rows(value).Count == 0;

    public override IReadOnlyCollection<string> Properties { get; } =
    [
        "type", "name", "title", "description", "isRequired", "visibleIf", "requiredErrorText", "columns", "choices", "cellType",
        "rowCount", "minRowCount", "maxRowCount", "addRowText", "removeRowText",
    ];

    public override string Property(string name) => name switch
    {
        "templateElements" => "columns",
        "panelCount" => "rowCount",
        "minPanelCount" => "minRowCount",
        "maxPanelCount" => "maxRowCount",
        "panelAddText" => "addRowText",
        "panelRemoveText" => "removeRowText",
        _ => name,
    };

    public override bool ReadOwn(ElementDefinition el, string name, System.Text.Json.JsonElement value, string path, IElementReader read)
    {
        switch (name)
        {
            case "columns": el.TemplateElements = read.Columns(value, path, withConditions: true); return true;
            case "cellType": el.CellType = read.String(value, path); return true;
            case "rowCount": el.PanelCount = read.Int(value, path); return true;
            case "minRowCount": el.MinPanelCount = read.Int(value, path); return true;
            case "maxRowCount": el.MaxPanelCount = read.Int(value, path); return true;
            case "addRowText": el.PanelAddText = read.Text(value, path); return true;
            case "removeRowText": el.PanelRemoveText = read.Text(value, path); return true;
            default: return false;
        }
    }

    /// <summary>Its columns take the matrix's cellType and choices, as a matrixdropdown's do.</summary>
    public override void AfterRead(ElementDefinition el) => MatrixDropdownType.LinkColumns(el, el.TemplateElements);

    public override void WriteOwn(ElementDefinition el, JsonObject o)
    {
        ElementWriting.Put(o, "cellType", el.CellType);
        ElementWriting.PutColumns(o, el, el.TemplateElements);
        ElementWriting.Put(o, "rowCount", el.PanelCount);
        ElementWriting.Put(o, "minRowCount", el.MinPanelCount);
        ElementWriting.Put(o, "maxRowCount", el.MaxPanelCount);
        ElementWriting.Put(o, "addRowText", el.PanelAddText);
        ElementWriting.Put(o, "removeRowText", el.PanelRemoveText);
    }

    public override void FillNew(JsonObject element)
    {
        element["columns"] = new JsonArray(
            new JsonObject { ["name"] = "column1", ["cellType"] = "text", ["title"] = new JsonObject { ["da"] = "Kolonne 1", ["en"] = "Column 1" } });
        element["rowCount"] = 1;
    }
}
