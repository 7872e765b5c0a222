using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Dapper;
using Survey.Core.Data;

namespace Survey.Core.Participants;

public sealed record ImportError(int Line, string Field, string Message);

public sealed record ImportedContact(int Line, ContactInput Contact);

public sealed record ContactImportResult(IReadOnlyList<ImportedContact> Contacts, IReadOnlyList<ImportError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>The background variables the file brings, in the order of its columns.</summary>
    public IReadOnlyList<string> BackgroundColumns { get; init; } = [];
}

/// <summary>
/// Reads the leaders to invite from a spreadsheet export (CSV, comma or semicolon, UTF-8 with or
/// without BOM, Danish or English headers) or from JSON. Extra columns become background variables.
/// Every problem is reported with its line number; the caller stores all rows or none.
/// </summary>
public static class ContactImport
{
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
            if (reader.Headers is not { Count: > 0 } header || header.All(string.IsNullOrWhiteSpace))
                return new([], [new ImportError(1, "", CoreText.Format("ImpEmpty"))]);
            columns = header.Select(h => KnownColumns.TryGetValue(h.Trim(), out var known) ? known : h.Trim()).ToArray();
            foreach (var required in new[] { "name", "email" })
            {
                if (!columns.Contains(required)) errors.Add(new ImportError(1, required, CoreText.Format("ImpColumnMissing", required)));
            }
            foreach (var d in columns.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 || g.Key.Length == 0))
                errors.Add(new ImportError(1, d.Key, CoreText.Format("ImpColumnDuplicate", d.Key)));
            if (errors.Count > 0) return new([], errors);

            while (reader.Read())
            {
                var line = (int)reader.LineNumber;
                var record = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
                if (record.All(string.IsNullOrWhiteSpace)) continue;
                if (record.Length > columns.Length)
                {
                    errors.Add(new ImportError(line, "", CoreText.Format("ImpTooManyFields", record.Length, columns.Length)));
                    continue;
                }
                rows.Add((line, columns.Select((c, i) => (c, v: i < record.Length ? record[i] : "")).ToDictionary(p => p.c, p => p.v)));
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

    /// <summary>Stores every contact of a valid import, or none: an e-mail already known is an error for its line.</summary>
    public static async Task<Outcome<IReadOnlyList<long>>> StoreAsync(SurveyDatabase database, ContactImportResult import, string actor)
    {
        if (!import.IsValid) return Outcome<IReadOnlyList<long>>.Invalid(ErrorsByLine(import.Errors));
        await using var connection = await database.OpenAsync();
        var existing = (await connection.QueryInSlicesAsync<string, string>($"SELECT email FROM contacts WHERE lower(email) {connection.Sql().In("@slice")}",
            import.Contacts.Select(c => c.Contact.Email.ToLowerInvariant()))).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var clashes = import.Contacts.Where(c => existing.Contains(c.Contact.Email))
            .Select(c => new ImportError(c.Line, "email", CoreText.Format("ImpEmailExists", c.Contact.Email))).ToList();
        if (clashes.Count > 0) return Outcome<IReadOnlyList<long>>.Invalid(ErrorsByLine(clashes));
        var ids = await new Contacts(database).AddAsync(import.Contacts.Select(c => c.Contact).ToList(), actor);
        return Outcome<IReadOnlyList<long>>.Ok(ids);
    }

    /// <summary>Errors keyed "line N" (and the field), the shape of a validation problem's errors.</summary>
    public static IDictionary<string, string[]> ErrorsByLine(IEnumerable<ImportError> errors) => errors
        .GroupBy(e => e.Field.Length > 0 ? $"line {e.Line}: {e.Field}" : $"line {e.Line}")
        .ToDictionary(g => g.Key, g => g.Select(e => CoreText.Format("ImpLinePrefix", e.Line) + " " + e.Message).ToArray());
}
