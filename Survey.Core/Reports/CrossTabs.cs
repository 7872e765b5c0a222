using Dapper;
using Survey.Core.Data;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Types;
using Survey.Core.Responses;

namespace Survey.Core.Reports;

/// <summary>Two things to tabulate against each other, each as a breakdown is named (sector, background:NAME, question:NAME), in a summary's scope.</summary>
public sealed record CrossTabRequest(SummaryRequest Scope, string? Rows, string? Columns);

/// <summary>A row or column of a cross-tabulation: its value, label and total, or hidden (Total null).</summary>
public sealed record CrossGroup(string Key, string Label, long? Total, bool Hidden);

/// <summary>A cell: its count with its share of the row and of the column, all null where hidden.</summary>
public sealed record CrossCell(long? Count, double? RowPercent, double? ColumnPercent);

public sealed record CrossTabulation(
    long QuestionnaireId,
    string Title,
    string Rows,
    string RowsLabel,
    string Columns,
    string ColumnsLabel,
    string Mode,
    int MinGroupSize,
    long? Total,
    IReadOnlyList<CrossGroup> RowGroups,
    IReadOnlyList<CrossGroup> ColumnGroups,
    IReadOnlyList<IReadOnlyList<CrossCell>> Cells,
    IndependenceTest? Test,
    IReadOnlyList<string> Footnotes);

/// <summary>
/// Cross-tabulations: the responses counted by two things at once (a single-choice question, a
/// yes/no question, a rating, or a background variable), with the same protection as the summary.
/// A row or column with fewer responses than the minimum is hidden; when that leaves one row (or
/// column) hidden, the next smallest is hidden too, so that no hidden cell follows from the margins
/// and the cells shown. The chi-square test is computed on the rows and columns shown only.
/// </summary>
public sealed partial class SummaryBuilder
{
    private sealed record Dimension(Breakdown By, ElementDefinition? Question, string Label);

    /// <summary>Whether a question can be one side of a cross-tabulation: one value per respondent from a fixed list.</summary>
    public static bool Crossable(ElementDefinition q) =>
        ElementTypes.IsSingleChoice(q.Type) || QuestionTypes.Of(q).Summary(q) == SummaryKind.Scale;

    public async Task<Outcome<CrossTabulation>> CrossTabAsync(CrossTabRequest request)
    {
        var scope = request.Scope;
        var lang = scope.Lang;
        await ResponseValues.CatchUpAsync(database, definitions, scope.QuestionnaireId);
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginSnapshotRead();
        if (await QuestionnaireAsync(connection, tx, scope.QuestionnaireId) is not var (q, definition)) return Outcome<CrossTabulation>.NotFound();
        var variables = (await ResponseValues.BackgroundNamesAsync(connection, tx, q.Id)).Append(ResponseValues.SectorVariable).ToHashSet();
        Dimension? Read(string? text)
        {
            var by = Breakdown.Parse(text);
            if (by is null) return null;
            if (by.Kind == BreakdownKind.Background)
                return variables.Contains(by.Name) ? new Dimension(by, null, by.IsSector ? CoreText.Format("SumSector") : by.Name) : null;
            var question = by.Kind == BreakdownKind.Question ? definition.Questions.FirstOrDefault(e => e.Name == by.Name && Crossable(e)) : null;
            return question is null ? null : new Dimension(by, question, question.Label(lang));
        }
        var errors = new Dictionary<string, string[]>();
        var rows = Read(request.Rows);
        var columns = Read(request.Columns);
        if (rows is null) errors["rows"] = [CoreText.Format("CrossInvalid")];
        if (columns is null) errors["cols"] = [CoreText.Format("CrossInvalid")];
        if (rows is not null && columns is not null && rows.By == columns.By) errors["cols"] = [CoreText.Format("CrossSame")];
        if (errors.Count > 0) return Outcome<CrossTabulation>.Invalid(errors);

        var counts = await SummaryScan.CrossAsync(connection, tx, scope, rows!.By, columns!.By);
        var min = q.MinGroupSize;
        List<string> Keys(Dimension d, IEnumerable<string> seen) =>
            OrderGroups(seen.Concat(d.Question is { } question ? ChoicesOf(question, lang).Select(c => c.Key) : []).Distinct(), d.Question, d.By.IsSector).ToList();
        var rowKeys = Keys(rows, counts.Keys.Select(k => k.Row));
        var columnKeys = Keys(columns, counts.Keys.Select(k => k.Column));
        long Cell(string r, string c) => counts.GetValueOrDefault((r, c));
        var rowTotals = rowKeys.ToDictionary(r => r, r => columnKeys.Sum(c => Cell(r, c)));
        var columnTotals = columnKeys.ToDictionary(c => c, c => rowKeys.Sum(r => Cell(r, c)));
        var total = rowTotals.Values.Sum();
        var allHidden = total < min;
        var hiddenRows = allHidden ? rowKeys.ToHashSet() : Suppress(rowTotals, min);
        var hiddenColumns = allHidden ? columnKeys.ToHashSet() : Suppress(columnTotals, min);

        static double Percent(long n, long of) => of == 0 ? 0 : Math.Round(n * 100.0 / of, 1);
        var cells = rowKeys.Select(r => (IReadOnlyList<CrossCell>)columnKeys.Select(c => hiddenRows.Contains(r) || hiddenColumns.Contains(c)
            ? new CrossCell(null, null, null)
            : new CrossCell(Cell(r, c), Percent(Cell(r, c), rowTotals[r]), Percent(Cell(r, c), columnTotals[c]))).ToList()).ToList();
        var shownRows = rowKeys.Where(r => !hiddenRows.Contains(r)).ToList();
        var shownColumns = columnKeys.Where(c => !hiddenColumns.Contains(c)).ToList();
        var test = Statistics.Independence(shownRows.Select(r => (IReadOnlyList<long>)shownColumns.Select(c => Cell(r, c)).ToList()).ToList());

        string Label(Dimension d, string key) => GroupLabel(key, d.Question, d.By.IsSector, lang);
        var footnotes = new List<string> { CoreText.Format("SumFootnoteHidden", min), CoreText.Format("CrossFootnoteTest") };
        if (test is { CellsExpectedBelowFive: > 0 }) footnotes.Add(CoreText.Format("CrossFootnoteExpected", test.CellsExpectedBelowFive, test.Cells));
        return Outcome<CrossTabulation>.Ok(new CrossTabulation(q.Id, definition.Title?.Get(lang) ?? $"#{q.Id}",
            rows.By.ToString(), rows.Label, columns.By.ToString(), columns.Label, scope.Mode, min, allHidden ? null : total,
            rowKeys.Select(r => new CrossGroup(r, Label(rows, r), hiddenRows.Contains(r) ? null : rowTotals[r], hiddenRows.Contains(r))).ToList(),
            columnKeys.Select(c => new CrossGroup(c, Label(columns, c), hiddenColumns.Contains(c) ? null : columnTotals[c], hiddenColumns.Contains(c))).ToList(),
            cells, test, footnotes));
    }
}
