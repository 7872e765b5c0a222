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
            Injection = CsvInjection.Escape,
        }, true))
        {
            writer.WriteRecord(header.ToArray());
            foreach (var row in rows) writer.WriteRecord(row.ToArray()!);
            writer.Flush();
        }
        return stream.ToArray();
    }
}
