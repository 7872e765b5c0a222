using CsvHelper;

namespace Survey.Core.Reports;

/// <summary>
/// CSV downloads. Cells that a spreadsheet would run as a formula (=, +, -, @ ...) are escaped, so a
/// leader's answer can never become a formula on a secretariat's machine. "Danish Excel" means
/// semicolons and a UTF-8 byte order mark, which Excel with Danish settings opens correctly.
/// </summary>
public static class CsvFile
{
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, bool danishExcel = true)
    {
        using var stream = new MemoryStream();
        using (var writer = CsvWriter.Create(stream, new CsvWriterOptions
        {
            Separator = danishExcel ? ';' : ',',
            WriteByteOrderMark = danishExcel,
            Injection = CsvInjection.None,
        }, true))
        {
            writer.WriteRecord(header.Select(Defuse).ToArray());
            foreach (var row in rows) writer.WriteRecord(row.Select(Defuse).ToArray()!);
            writer.Flush();
        }
        return stream.ToArray();
    }

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>
    /// Text that a spreadsheet would run as a formula gets a leading apostrophe; a number (-3, +4.5)
    /// stays a number, as it is one in the spreadsheet too.
    /// </summary>
    public static string? Defuse(string? cell)
    {
        if (string.IsNullOrEmpty(cell) || Array.IndexOf(FormulaStarts, cell[0]) < 0) return cell;
        if (double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            && !cell.Contains('e', StringComparison.OrdinalIgnoreCase) && cell.Trim() == cell)
            return cell;
        return "'" + cell;
    }
}
