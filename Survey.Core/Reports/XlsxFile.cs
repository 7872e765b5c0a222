using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SheetCell = DocumentFormat.OpenXml.Spreadsheet.Cell;

namespace Survey.Core.Reports;

/// <summary>A cell of a workbook: text, or a number shown with 0, 1 or 2 decimals; "–" for a hidden number.</summary>
public readonly record struct XlsxCell(string? Text, double? Number = null, int Decimals = 0, bool Bold = false)
{
    public static XlsxCell Of(string? text) => new(text);

    public static XlsxCell Of(long? n) => n is null ? new("–") : new(null, n);

    public static XlsxCell Of(double? d, int decimals = 1) => d is null ? new("–") : new(null, d, decimals);

    public static implicit operator XlsxCell(string? text) => new(text);
}

/// <summary>A sheet: its name, its rows, and how many rows at the top stay in view while scrolling.</summary>
public sealed record XlsxSheet(string Name, IEnumerable<IReadOnlyList<XlsxCell>> Rows, int FrozenRows = 1);

/// <summary>
/// Excel workbooks (.xlsx) written with the Open XML SDK: numbers as numbers with formats Excel
/// shows in the reader's own locale (so 1.234,5 in Danish Excel), bold headers, the header rows
/// frozen, and every column as wide as its widest cell. Text that a spreadsheet would run as a
/// formula is stored as text anyway (a cell of type string is never evaluated).
/// </summary>
public static class XlsxFile
{
    private const uint Plain = 0, Header = 1, Whole = 2;

    public static byte[] Write(IReadOnlyList<XlsxSheet> sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var list = workbook.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            uint id = 1;
            foreach (var sheet in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                WriteSheet(part, sheet);
                list.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = UniqueName(sheet.Name, names) });
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    /// <summary>A sheet name Excel takes: at most 31 characters, none of : \ / ? * [ ], not twice in a workbook.</summary>
    public static string UniqueName(string name, ISet<string> taken)
    {
        var clean = new string(name.Select(c => ":\\/?*[]".Contains(c) ? ' ' : c).ToArray()).Trim().Trim('\'');
        if (clean.Length == 0) clean = "Ark";
        var candidate = clean.Length > 31 ? clean[..31] : clean;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return candidate;
    }

    private static void WriteSheet(WorksheetPart part, XlsxSheet sheet)
    {
        // The rows are written as they come (a raw data sheet can be large); the columns are as wide as
        // the widest cell of the first rows, which are all a reader sees before widening one by hand.
        var widths = new List<double>();
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        using var source = sheet.Rows.GetEnumerator();
        var rows = new List<IReadOnlyList<XlsxCell>>();
        while (rows.Count < MeasuredRows && source.MoveNext()) rows.Add(source.Current);
        foreach (var row in rows)
            for (var c = 0; c < row.Count; c++)
            {
                while (widths.Count <= c) widths.Add(6);
                widths[c] = Math.Min(60, Math.Max(widths[c], Width(row[c])));
            }
        if (sheet.FrozenRows > 0)
        {
            writer.WriteStartElement(new SheetViews());
            writer.WriteStartElement(new SheetView { WorkbookViewId = 0 });
            writer.WriteElement(new Pane
            {
                VerticalSplit = sheet.FrozenRows, TopLeftCell = $"A{sheet.FrozenRows + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            });
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        if (widths.Count > 0)
        {
            writer.WriteStartElement(new Columns());
            for (var c = 0; c < widths.Count; c++)
                writer.WriteElement(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = Math.Round(widths[c] + 2, 1), CustomWidth = true });
            writer.WriteEndElement();
        }
        writer.WriteStartElement(new SheetData());
        IEnumerable<IReadOnlyList<XlsxCell>> All()
        {
            foreach (var row in rows) yield return row;
            while (source.MoveNext()) yield return source.Current;
        }
        var r = 0;
        foreach (var row in All())
        {
            writer.WriteStartElement(new Row { RowIndex = (uint)(r + 1) });
            for (var c = 0; c < row.Count; c++)
            {
                var cell = row[c];
                var reference = Reference(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                var header = r < sheet.FrozenRows || cell.Bold;
                if (cell.Number is { } n)
                    writer.WriteElement(new SheetCell
                    {
                        CellReference = reference, StyleIndex = Whole + (uint)Math.Clamp(cell.Decimals, 0, 2),
                        CellValue = new CellValue(n.ToString("R", CultureInfo.InvariantCulture)),
                    });
                else if (!string.IsNullOrEmpty(cell.Text))
                    writer.WriteElement(new SheetCell
                    {
                        CellReference = reference, DataType = CellValues.InlineString, StyleIndex = header ? Header : Plain,
                        InlineString = new InlineString(new Text(Clean(cell.Text)) { Space = SpaceProcessingModeValues.Preserve }),
                    });
            }
            writer.WriteEndElement();
            r++;
        }
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>
    /// The first sheet of a workbook as rows of cell texts (by column, gaps as ""), each with its row
    /// number: shared and inline strings as written, numbers as stored, TRUE/FALSE for booleans.
    /// </summary>
    public static List<(int Line, string[] Cells)> ReadFirstSheet(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("The file has no workbook.");
        var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("The workbook has no sheet.");
        var sheet = (WorksheetPart)workbook.GetPartById(first.Id!.Value!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var rows = new List<(int, string[])>();
        foreach (var row in sheet.Worksheet.Descendants<Row>())
        {
            var cells = new SortedDictionary<int, string>();
            var next = 0;
            foreach (var cell in row.Elements<SheetCell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnOf(reference) : next;
                next = column + 1;
                var raw = cell.CellValue?.Text ?? "";
                cells[column] = cell.DataType?.Value switch
                {
                    var t when t == CellValues.SharedString => int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i]
                        : throw new InvalidDataException($"Cell {cell.CellReference} names a missing shared string."),
                    var t when t == CellValues.InlineString => cell.InlineString?.InnerText ?? "",
                    var t when t == CellValues.Boolean => raw == "1" ? "TRUE" : "FALSE",
                    _ => raw,
                };
            }
            var width = cells.Count == 0 ? 0 : cells.Keys.Max() + 1;
            var line = row.RowIndex?.Value is { } index ? (int)index : rows.Count + 1;
            rows.Add((line, Enumerable.Range(0, width).Select(c => cells.GetValueOrDefault(c, "")).ToArray()));
        }
        return rows;
    }

    /// <summary>The 0-based column of a cell reference such as "AB12".</summary>
    private static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter)) column = column * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        return column - 1;
    }

    private const int MeasuredRows = 2000;

    private static double Width(XlsxCell cell) => cell.Number is { } n
        ? n.ToString("#,##0." + new string('0', Math.Clamp(cell.Decimals, 0, 2)), CultureInfo.InvariantCulture).Length
        : (cell.Text ?? "").Split('\n').Max(l => l.Length) * (cell.Bold ? 1.1 : 1.0);

    /// <summary>Characters XML cannot hold are left out.</summary>
    private static string Clean(string text) => new(text.Where(ch => ch is '\t' or '\n' or '\r' || ch >= ' ').ToArray());

    private static string Reference(int column)
    {
        var name = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "#,##0.0" }, new NumberingFormat { NumberFormatId = 165, FormatCode = "#,##0.00" }) { Count = 2 },
        new Fonts(new Font(new FontSize { Val = 11 }), new Font(new Bold(), new FontSize { Val = 11 })) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 0 },
            new CellFormat { FontId = 1, FillId = 0, BorderId = 0, NumberFormatId = 0, ApplyFont = true },
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 3, ApplyNumberFormat = true },
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 165, ApplyNumberFormat = true }) { Count = 5 });
}
