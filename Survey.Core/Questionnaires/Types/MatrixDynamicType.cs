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
    public override bool IsUnanswered(JsonNode? value) => Rows(value).Count == 0;

    public override IReadOnlyCollection<string> Properties { get; } =
    [
        "type", "name", "title", "description", "isRequired", "visibleIf", "requiredErrorText", "columns", "choices", "cellType",
        "rowCount", "minRowCount", "maxRowCount", "addRowText", "removeRowText",
    ];

    protected override string Property(string name) => name switch
    {
        "templateElements" => "columns",
        "panelCount" => "rowCount",
        "minPanelCount" => "minRowCount",
        "maxPanelCount" => "maxRowCount",
        _ => name,
    };

    public override void FillNew(JsonObject element)
    {
        element["columns"] = new JsonArray(
            new JsonObject { ["name"] = "column1", ["cellType"] = "text", ["title"] = new JsonObject { ["da"] = "Kolonne 1", ["en"] = "Column 1" } });
        element["rowCount"] = 1;
    }
}
