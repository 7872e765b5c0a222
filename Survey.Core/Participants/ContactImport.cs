using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Dapper;
using Survey.Core.Data;

namespace Survey.Core.Participants;

public sealed record ImportError(int Line, string Field, string Message);

public sealed record ImportedContact(int Line, ContactInput Contact);

/// <summary>What an import does with a contact whose e-mail is already stored.</summary>
public enum ExistingContacts { Refuse, Skip, Update }

/// <summary>What an import stored: the new contacts' ids, how many known contacts it updated and how many it left as they were.</summary>
public sealed record ImportStored(IReadOnlyList<long> Added, int Updated, int Skipped = 0);

public sealed record ContactImportResult(IReadOnlyList<ImportedContact> Contacts, IReadOnlyList<ImportError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>How the file was read, for the preview to say: "UTF-8", "UTF-8 med BOM", "UTF-16", "Windows-1252" or "Excel (.xlsx)"; empty for pasted text and JSON.</summary>
    public string ReadAs { get; init; } = "";

    /// <summary>The file as CSV text (a workbook's sheet written as semicolon-separated CSV), for a confirmation step to read again.</summary>
    public string Text { get; init; } = "";

    /// <summary>The background variables the file brings, in the order of its columns.</summary>
    public IReadOnlyList<string> BackgroundColumns { get; init; } = [];
}

/// <summary>
/// Reads the leaders to invite from a spreadsheet (CSV as Excel and others save it, comma or
/// semicolon, in UTF-8 with or without BOM, UTF-16 or Windows-1252; or an Excel workbook, .xlsx),
/// with Danish or English headers, or from JSON. Extra columns become background variables.
/// Every problem is reported with its line number; the caller stores all rows or none.
/// </summary>
public static class ContactImport
{
    static ContactImport() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    /// <summary>
    /// A file's text and the encoding it was read in: a byte order mark decides (UTF-8, UTF-16);
    /// without one, UTF-16 shows as a zero in every other byte, UTF-8 is what decodes without an
    /// invalid sequence, and anything else is Windows-1252, which Danish Excel writes for "CSV (semikolonsepareret)".
    /// </summary>
    public static (string Text, string Encoding) Decode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((byte[])[0xEF, 0xBB, 0xBF])) return (new System.Text.UTF8Encoding(false).GetString(span[3..]), "UTF-8 med BOM");
        if (span.StartsWith((byte[])[0xFF, 0xFE])) return (System.Text.Encoding.Unicode.GetString(span[2..]), "UTF-16");
        if (span.StartsWith((byte[])[0xFE, 0xFF])) return (System.Text.Encoding.BigEndianUnicode.GetString(span[2..]), "UTF-16");
        if (bytes.Length >= 4)
        {
            var sample = span[..Math.Min(bytes.Length & ~1, 4096)];
            int zeroEven = 0, zeroOdd = 0;
            for (var i = 0; i < sample.Length; i++) if (sample[i] == 0) { if (i % 2 == 0) zeroEven++; else zeroOdd++; }
            if (zeroOdd > sample.Length / 4 && zeroEven == 0) return (System.Text.Encoding.Unicode.GetString(span[..(bytes.Length & ~1)]), "UTF-16");
            if (zeroEven > sample.Length / 4 && zeroOdd == 0) return (System.Text.Encoding.BigEndianUnicode.GetString(span[..(bytes.Length & ~1)]), "UTF-16");
        }
        try
        {
            return (new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), "UTF-8");
        }
        catch (System.Text.DecoderFallbackException)
        {
            return (System.Text.Encoding.GetEncoding(1252).GetString(bytes), "Windows-1252");
        }
    }

    /// <summary>The encoding a charset names (windows-1252 included), or null when there is none of that name.</summary>
    public static System.Text.Encoding? EncodingNamed(string name)
    {
        try
        {
            return System.Text.Encoding.GetEncoding(name.Trim('"'));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Whether the bytes are a zip archive, as an .xlsx workbook is.</summary>
    public static bool IsWorkbook(byte[] bytes) => bytes.AsSpan().StartsWith("PK\u0003\u0004"u8);

    /// <summary>An uploaded file: an Excel workbook (its first sheet) or CSV in whichever encoding it was saved.</summary>
    public static ContactImportResult FromFile(byte[] bytes)
    {
        if (IsWorkbook(bytes)) return FromXlsx(bytes);
        var (text, encoding) = Decode(bytes);
        return FromCsv(text) with { ReadAs = encoding, Text = text };
    }

    /// <summary>
    /// The first sheet of an Excel workbook: its first row the headers, each further row a contact,
    /// its line the row's number in Excel. Numbers come as Excel shows them in general format.
    /// </summary>
    public static ContactImportResult FromXlsx(byte[] bytes)
    {
        List<(int Line, string[] Cells)> table;
        try
        {
            table = Survey.Core.Reports.XlsxFile.ReadFirstSheet(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or System.Xml.XmlException or FormatException)
        {
            return new([], [new ImportError(1, "", CoreText.Format("ImpNotWorkbook"))]) { ReadAs = "Excel (.xlsx)" };
        }
        if (table.Count == 0) return new([], [new ImportError(1, "", CoreText.Format("ImpEmpty"))]) { ReadAs = "Excel (.xlsx)" };
        var errors = new List<ImportError>();
        var columns = Columns(table[0].Cells, table[0].Line, errors);
        if (errors.Count > 0) return new([], errors) { ReadAs = "Excel (.xlsx)" };
        var rows = new List<(int Line, Dictionary<string, string> Values)>();
        // Excel keeps cells past the last column that were once filled and then emptied: those are no extra fields.
        foreach (var (line, cells) in table.Skip(1)) AddRow(rows, errors, columns, line, cells, trailingBlanksAllowed: true);
        // The sheet as CSV, every field quoted; a row Excel left out becomes an empty line, so the lines keep their numbers.
        var csv = new System.Text.StringBuilder();
        var written = 0;
        foreach (var (line, cells) in table)
        {
            while (++written < line) csv.Append("\r\n");
            csv.AppendJoin(';', cells.Select(c => "\"" + c.Replace("\"", "\"\"") + "\"")).Append("\r\n");
        }
        return FromRows(rows, errors) with
        {
            BackgroundColumns = columns.Where(c => !KnownColumns.ContainsValue(c)).ToList(), ReadAs = "Excel (.xlsx)", Text = csv.ToString(),
        };
    }

    /// <summary>One line's cells as a row of the header's columns (an empty line is skipped); more cells than columns is an error of the line.</summary>
    private static void AddRow(List<(int Line, Dictionary<string, string> Values)> rows, List<ImportError> errors, string[] columns, int line, string[] cells,
        bool trailingBlanksAllowed)
    {
        if (cells.All(string.IsNullOrWhiteSpace)) return;
        if (cells.Length > columns.Length && !(trailingBlanksAllowed && cells.Skip(columns.Length).All(string.IsNullOrWhiteSpace)))
        {
            errors.Add(new ImportError(line, "", CoreText.Format("ImpTooManyFields", cells.Length, columns.Length)));
            return;
        }
        rows.Add((line, columns.Select((c, i) => (c, v: i < cells.Length ? cells[i] : "")).ToDictionary(p => p.c, p => p.v)));
    }

    /// <summary>The header's columns, the known ones by their canonical names; missing and repeated columns are errors of its line.</summary>
    private static string[] Columns(IReadOnlyList<string> header, int line, List<ImportError> errors)
    {
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            errors.Add(new ImportError(line, "", CoreText.Format("ImpEmpty")));
            return [];
        }
        var columns = header.Select(h => KnownColumns.TryGetValue(h.Trim(), out var known) ? known : h.Trim()).ToArray();
        foreach (var required in new[] { "name", "email" })
            if (!columns.Contains(required)) errors.Add(new ImportError(line, required, CoreText.Format("ImpColumnMissing", required)));
        foreach (var d in columns.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 || g.Key.Length == 0))
            errors.Add(new ImportError(line, d.Key, CoreText.Format("ImpColumnDuplicate", d.Key)));
        return columns;
    }
    private static readonly ContactInputValidator Validator = new();

    private static readonly Dictionary<string, string> KnownColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = "name", ["navn"] = "name", ["fulde navn"] = "name", ["full name"] = "name",
        ["email"] = "email", ["e-mail"] = "email", ["mail"] = "email", ["e-mailadresse"] = "email", ["email address"] = "email",
        ["organisation"] = "organisation", ["organization"] = "organisation", ["arbejdsplads"] = "organisation",
        ["myndighed"] = "organisation", ["virksomhed"] = "organisation", ["employer"] = "organisation",
        ["sector"] = "sector", ["sektor"] = "sector",
        ["title"] = "title", ["stilling"] = "title", ["titel"] = "title", ["jobtitel"] = "title", ["job title"] = "title",
    };

    public static ContactImportResult FromCsv(string text)
    {
        text = text.TrimStart('\uFEFF');
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var errors = new List<ImportError>();
        var rows = new List<(int Line, Dictionary<string, string> Values)>();
        string[] columns;
        try
        {
            using var reader = CsvReader.FromText(text, new CsvReaderOptions
            {
                Separator = separator,
                HasHeader = true,
                TrackLineNumbers = true,
                TrimWhitespace = true,
                // A stray quote is reported with its line rather than guessed at: the import is all or nothing.
                MalformedData = CsvMalformedDataHandling.Throw,
            });
            columns = Columns(reader.Headers ?? [], 1, errors);
            if (errors.Count > 0) return new([], errors);

            while (reader.Read())
            {
                var line = (int)reader.LineNumber;
                AddRow(rows, errors, columns, line, Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray(), trailingBlanksAllowed: false);
            }
        }
        catch (CsvFormatException e)
        {
            return new([], [.. errors, new ImportError(LineOf(e), "", CoreText.Format("ImpMalformed", e.Message))]);
        }
        var result = FromRows(rows, errors);
        return result with { BackgroundColumns = columns.Where(c => !KnownColumns.ContainsValue(c)).ToList() };
    }

    private static int LineOf(CsvFormatException e) => e.LineNumber is { } line ? (int)line : 0;

    /// <summary>A JSON array of objects; the "line" of an error is the item's position, counted from 1.</summary>
    public static ContactImportResult FromJson(JsonArray items)
    {
        var rows = new List<(int, Dictionary<string, string>)>();
        var errors = new List<ImportError>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject o)
            {
                errors.Add(new ImportError(i + 1, "", CoreText.Format("ImpExpectedObject")));
                continue;
            }
            var values = new Dictionary<string, string>();
            foreach (var (key, value) in o)
            {
                var column = KnownColumns.TryGetValue(key, out var known) ? known : key;
                if (value is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    values[column] = v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
                else if (value is not null)
                    errors.Add(new ImportError(i + 1, key, CoreText.Format("ImpExpectedText")));
            }
            rows.Add((i + 1, values));
        }
        return FromRows(rows, errors);
    }

    private static ContactImportResult FromRows(List<(int Line, Dictionary<string, string> Values)> rows, List<ImportError> errors)
    {
        var contacts = new List<ImportedContact>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, values) in rows)
        {
            string Get(string key) => values.TryGetValue(key, out var v) ? v.Trim() : "";
            var sectorText = Get("sector");
            var sector = Sectors.Parse(sectorText) ?? sectorText;
            var background = values.Where(p => !KnownColumns.ContainsValue(p.Key) && !string.IsNullOrWhiteSpace(p.Value))
                .ToDictionary(p => p.Key, p => p.Value.Trim());
            var input = new ContactInput(Get("name"), Get("email"), Get("organisation"), sector, Get("title"), background);
            var validation = Validator.Validate(input);
            foreach (var failure in validation.Errors) errors.Add(new ImportError(line, failure.PropertyName, failure.ErrorMessage));
            if (input.Email.Length > 0)
            {
                if (seen.TryGetValue(input.Email, out var firstLine)) errors.Add(new ImportError(line, "email", CoreText.Format("ImpEmailTwice", input.Email, firstLine)));
                else seen[input.Email] = line;
            }
            if (validation.IsValid) contacts.Add(new ImportedContact(line, input));
        }
        if (rows.Count == 0 && errors.Count == 0) errors.Add(new ImportError(1, "", CoreText.Format("ImpEmpty")));
        return new(contacts, errors.OrderBy(e => e.Line).ToList());
    }

    /// <summary>The e-mail addresses of the import's contacts that are already stored (compared without case).</summary>
    public static async Task<IReadOnlySet<string>> ExistingAsync(SurveyDatabase database, ContactImportResult import)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryInSlicesAsync<string, string>($"SELECT email FROM contacts WHERE lower(email) {connection.Sql().In("@slice")}",
            import.Contacts.Select(c => c.Contact.Email.ToLowerInvariant()))).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Stores every contact of a valid import, or none. A contact whose e-mail is already stored is,
    /// by <paramref name="existing"/>, an error for its line (the default), left as it is, or updated
    /// with the file's name, organisation, sector, title and background values.
    /// </summary>
    public static async Task<Outcome<ImportStored>> StoreAsync(SurveyDatabase database, ContactImportResult import, string actor,
        ExistingContacts existing = ExistingContacts.Refuse)
    {
        if (!import.IsValid) return Outcome<ImportStored>.Invalid(ErrorsByLine(import.Errors));
        var known = await ExistingAsync(database, import);
        if (existing == ExistingContacts.Refuse)
        {
            var clashes = import.Contacts.Where(c => known.Contains(c.Contact.Email))
                .Select(c => new ImportError(c.Line, "email", CoreText.Format("ImpEmailExists", c.Contact.Email))).ToList();
            if (clashes.Count > 0) return Outcome<ImportStored>.Invalid(ErrorsByLine(clashes));
        }
        var fresh = import.Contacts.Where(c => !known.Contains(c.Contact.Email)).Select(c => c.Contact).ToList();
        var again = existing == ExistingContacts.Update ? import.Contacts.Where(c => known.Contains(c.Contact.Email)).Select(c => c.Contact).ToList() : [];
        var stored = await new Contacts(database).ImportAsync(fresh, again, actor);
        return Outcome<ImportStored>.Ok(stored with { Skipped = existing == ExistingContacts.Skip ? import.Contacts.Count - fresh.Count : 0 });
    }

    /// <summary>Errors keyed "line N" (and the field), the shape of a validation problem's errors.</summary>
    public static IDictionary<string, string[]> ErrorsByLine(IEnumerable<ImportError> errors) => errors
        .GroupBy(e => e.Field.Length > 0 ? $"line {e.Line}: {e.Field}" : $"line {e.Line}")
        .ToDictionary(g => g.Key, g => g.Select(e => CoreText.Format("ImpLinePrefix", e.Line) + " " + e.Message).ToArray());
}
