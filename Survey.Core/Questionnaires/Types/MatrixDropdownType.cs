using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Survey.Core.Responses;
using Survey.Core.Responses.Forms;

namespace Survey.Core.Questionnaires.Types;

/// <summary>
/// SurveyJS's matrixdropdown: rows, and columns that are each a small question of their cellType
/// (dropdown, radiogroup, checkbox, boolean, text, comment) asked in every row. The answer is an
/// object of row to an object of column to the cell's answer; each cell is checked, bound and
/// written as its column's type would do it. A required column is required in every row, as in
/// survey-core. A cell is a column of its own in responses.csv and a question of its own in the summaries.
/// </summary>
public sealed class MatrixDropdownType : QuestionType
{
    /// <summary>The kinds of small question a matrix's column may be (its cellType).</summary>
    public static readonly string[] CellTypes = ["dropdown", "radiogroup", "checkbox", "boolean", "text", "comment"];

    public override string Name => ElementTypes.MatrixDropdown;
    public override SummaryKind Summary(ElementDefinition q) => SummaryKind.None;
    public override Type Field => typeof(Fields.MatrixDropdownField);
    public override string ClientReader => "cells";
    public override IReadOnlyCollection<EditorPart> EditorParts { get; } = [EditorPart.Rows, EditorPart.CellColumns, EditorPart.Choices];
    public override IReadOnlyCollection<string> Properties { get; } = [.. Common, "rows", "columns", "choices", "cellType"];
    public override int EstimatedSeconds(ElementDefinition q) => 10 * Math.Max(1, (q.Rows?.Count ?? 1) * (q.CellColumns?.Count ?? 1));

    public override bool ReadOwn(ElementDefinition el, string name, System.Text.Json.JsonElement value, string path, IElementReader read)
    {
        switch (name)
        {
            case "rows": el.Rows = read.Items(value, path); return true;
            case "columns": el.CellColumns = read.Columns(value, path, withConditions: false); return true;
            case "cellType": el.CellType = read.String(value, path); return true;
            default: return false;
        }
    }

    public override void AfterRead(ElementDefinition el) => LinkColumns(el, el.CellColumns);

    /// <summary>{matrix.row.column} names a cell.</summary>
    public override string? PartReferenceError(ElementDefinition q, string part, bool indexed) =>
        part.Split('.') is [var row, var column] && Names(q.Rows, row) && Names(q.CellColumns, column) ? null : "DefReferenceUnknownRow";

    /// <summary>A column without a cellType takes the matrix's (dropdown when it gives none); a choice column without choices, the matrix's choices.</summary>
    internal static void LinkColumns(ElementDefinition matrix, List<ElementDefinition>? columns)
    {
        foreach (var column in columns ?? [])
        {
            if (column.Type.Length == 0) column.Type = matrix.CellType ?? ElementTypes.Dropdown;
            if (column.Choices is null && QuestionTypes.Find(column.Type)?.HasChoices == true && matrix.Choices is not null)
            {
                column.Choices = matrix.Choices;
                column.ChoicesAreInherited = true;
            }
            column.Parent = matrix;
        }
    }

    public override void WriteOwn(ElementDefinition el, JsonObject o)
    {
        ElementWriting.Put(o, "rows", el.Rows);
        ElementWriting.Put(o, "cellType", el.CellType);
        ElementWriting.PutColumns(o, el, el.CellColumns);
    }

    public override void FillNew(JsonObject element)
    {
        element["rows"] = new JsonArray(Item("row1", "Række 1", "Row 1"), Item("row2", "Række 2", "Row 2"));
        element["columns"] = new JsonArray(new JsonObject { ["name"] = "column1", ["cellType"] = "text" });
    }

    public override void CheckDefinition(ElementDefinition el, Action<string, string, object[]> fail)
    {
        DefinitionValidator.CheckItems(el.Rows, el.Path + ".rows", fail);
        if (el.CellColumns is not { Count: > 0 })
        {
            fail(el.Path + ".columns", "DefItemsEmpty", []);
            return;
        }
        CheckPartNames(el.CellColumns, fail);
        foreach (var column in el.CellColumns) QuestionTypes.Of(column).CheckDefinition(column, fail);
    }

    private static IEnumerable<(ChoiceItem Row, ElementDefinition Column, JsonNode? Cell)> Cells(ElementDefinition q, JsonNode? value) =>
        from row in q.Rows ?? []
        from column in q.CellColumns ?? []
        select (row, column, value?[row.Key]?[column.Name!]);

    private static string Where(ChoiceItem row, ElementDefinition column, string lang) => row.Label(lang) + ", " + column.Label(lang);

    public override IReadOnlyList<string> ReviewLines(ElementDefinition q, JsonNode value, JsonObject answers, string lang) =>
        Cells(q, value).Where(c => c.Cell is not null)
            .Select(c => Where(c.Row, c.Column, lang) + ": " + string.Join(", ", QuestionTypes.Of(c.Column).ReviewLines(c.Column, c.Cell!, answers, lang)))
            .ToList();

    public override string? ShapeError(ElementDefinition q, JsonNode value)
    {
        if (value is not JsonObject rows) return CoreText.Format("AnsExpectedMatrix");
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        foreach (var (row, cells) in rows)
        {
            var r = q.Rows?.FirstOrDefault(x => x.Key == row);
            if (r is null) return CoreText.Format("AnsUnknownRow", row);
            if (cells is null) continue;
            if (cells is not JsonObject byColumn) return CoreText.Format("AnsExpectedMatrix");
            foreach (var (name, cell) in byColumn)
            {
                var column = q.CellColumns?.FirstOrDefault(c => c.Name == name);
                if (column is null) return CoreText.Format("AnsUnknownRow", name);
                if (cell is not null && QuestionTypes.Of(column).ShapeError(column, cell) is { } error) return Where(r, column, lang) + ": " + error;
            }
        }
        return null;
    }

    /// <summary>As in survey-core, a required column is missing in every row that has no answer in it, answered or not.</summary>
    public override IEnumerable<string> EmptyErrors(ElementDefinition q) => RuleErrors(q, new JsonObject());

    public override IEnumerable<string> RuleErrors(ElementDefinition q, JsonNode value)
    {
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        foreach (var (row, column, cell) in Cells(q, value))
        {
            if (cell is null || AnswerValidator.IsBlank(cell))
            {
                if (column.Required) yield return Where(row, column, lang) + ": " + RequiredMessage(column, lang);
                continue;
            }
            foreach (var error in QuestionTypes.Of(column).RuleErrors(column, cell)) yield return Where(row, column, lang) + ": " + error;
        }
    }

    /// <summary>A cell's fields are named question.row.column and bound as the column's own type binds them.</summary>
    /// <summary>Each cell as the question of its column fills its fields, under the cell's name.</summary>
    public override void ToForm(ElementDefinition q, JsonNode value, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        if (value is not JsonObject rows) return;
        foreach (var (row, cells) in rows)
            foreach (var column in q.CellColumns ?? [])
                FormAnswers.AddToForm(form, column.WithName(FormAnswers.CellField(q, row, column.Name!)), cells?[column.Name!]);
    }

    public override JsonNode? FromForm(ElementDefinition q, IFormCollection form)
    {
        var rows = new JsonObject();
        foreach (var row in q.Rows ?? [])
        {
            var cells = new JsonObject();
            foreach (var column in q.CellColumns ?? [])
                if (QuestionTypes.Of(column).FromForm(Cell(q, row, column), form) is { } cell) cells[column.Name!] = cell;
            if (cells.Count > 0) rows[row.Key] = cells;
        }
        return rows.Count == 0 ? null : rows;
    }

    /// <summary>The column as the question of one cell, named by its field.</summary>
    public static ElementDefinition Cell(ElementDefinition q, ChoiceItem row, ElementDefinition column) =>
        column.WithName(FormAnswers.CellField(q, row.Key, column.Name!));

    /// <summary>Each cell is summarised as a question of its column's type, named matrix.row.column (<see cref="SummaryParts"/>).</summary>
    public override IEnumerable<ResponseValue> Explode(ElementDefinition q, JsonNode answer)
    {
        foreach (var (row, column, cell) in Cells(q, answer))
        {
            if (cell is null || AnswerValidator.IsBlank(cell)) continue;
            foreach (var v in QuestionTypes.Of(column).Explode(Part(q, row, column), cell)) yield return v;
        }
    }

    private static ElementDefinition Part(ElementDefinition q, ChoiceItem row, ElementDefinition column) =>
        column.AsPart(FormAnswers.CellField(q, row.Key, column.Name!), lang => $"{q.Label(lang)}: {row.Label(lang)}, {column.Label(lang)}");

    public override IEnumerable<ElementDefinition> SummaryParts(ElementDefinition q) =>
        from row in q.Rows ?? [] from column in q.CellColumns ?? [] select Part(q, row, column);

    /// <summary>A column per cell (question.row.column), coded as its column's type codes it.</summary>
    protected override IEnumerable<RawColumn> AnswerColumns(ElementDefinition q, string lang)
    {
        var name = q.Name!;
        foreach (var row in q.Rows ?? [])
            foreach (var column in q.CellColumns ?? [])
                foreach (var c in QuestionTypes.Of(column).RawColumns(column, lang))
                    yield return c with
                    {
                        Name = $"{name}.{row.Key}.{c.Name}",
                        Question = name,
                        Label = $"{q.Label(lang)}: {row.Label(lang)}, {c.Label}",
                        Value = a => a[name]?[row.Key] is JsonObject cells ? c.Value(cells) : null,
                    };
    }
}
