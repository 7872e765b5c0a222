using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Survey.Core.Reports;

/// <summary>How a column of responses.csv is measured, as SPSS, R and Stata distinguish it.</summary>
public enum MeasurementLevel { Nominal, Ordinal, Scale }

/// <summary>
/// A column of responses.csv as a statistics package reads it: its name in the file, its question
/// text, whether its values are numbers, how it is measured, and its value labels. Complete means
/// the labels list every value it can have (a choice's options), so it can become a factor.
/// </summary>
public sealed record ScriptColumn(string Name, string Label, bool Numeric, MeasurementLevel Level,
    IReadOnlyList<(string Value, string Label)> Codes, bool Complete, bool FreeText = false);

/// <summary>
/// Scripts that read responses.csv (downloaded with format=comma: commas, UTF-8 without a BOM, a
/// header line) into SPSS, R and Stata with the codebook's variable labels, value labels and
/// measurement levels. Each is written for the very file the caller gets (the taskforce's protected
/// file has its own columns), so the scripts and the file always match.
/// </summary>
public static partial class StatisticsScripts
{
    /// <summary>An SPSS syntax file (also read by GNU PSPP): GET DATA, VARIABLE LABELS, VALUE LABELS, VARIABLE LEVEL.</summary>
    public static string Spss(string title, string csvFile, IReadOnlyList<ScriptColumn> columns)
    {
        var names = UniqueNames(columns, SpssName);
        var s = new StringBuilder();
        s.AppendLine("* Encoding: UTF-8.");
        s.AppendLine($"* {Comment(title)}: {csvFile} read with its labels.");
        s.AppendLine($"* Download responses.csv with format=comma as {csvFile} into the working folder, then run this file.");
        s.AppendLine("GET DATA");
        s.AppendLine("  /TYPE=TXT");
        s.AppendLine($"  /FILE={SpssString(csvFile)}");
        s.AppendLine("  /ENCODING='UTF8'");
        s.AppendLine("  /ARRANGEMENT=DELIMITED");
        s.AppendLine("  /DELCASE=LINE");
        s.AppendLine("  /FIRSTCASE=2");
        s.AppendLine("  /DELIMITERS=\",\"");
        s.AppendLine("  /QUALIFIER='\"'");
        s.AppendLine("  /VARIABLES=");
        for (var i = 0; i < columns.Count; i++) s.AppendLine($"    {names[i]} {SpssFormat(columns[i])}");
        s.AppendLine(".");
        s.AppendLine("EXECUTE.");
        s.AppendLine("VARIABLE LABELS");
        s.AppendLine(string.Join("\n", columns.Select((c, i) => $"  {(i == 0 ? "" : "/")}{names[i]} {SpssString(c.Label)}")) + ".");
        var labelled = columns.Select((c, i) => (c, i)).Where(x => x.c.Codes.Count > 0).ToList();
        if (labelled.Count > 0)
        {
            s.AppendLine("VALUE LABELS");
            s.AppendLine(string.Join("\n", labelled.Select((x, n) => $"  {(n == 0 ? "" : "/")}{names[x.i]} "
                + string.Join(" ", x.c.Codes.Select(v => $"{(x.c.Numeric ? v.Value : SpssString(v.Value))} {SpssString(v.Label)}"))))
                + ".");
        }
        var levels = columns.Select((c, i) => (c, i)).GroupBy(x => x.c.Level).OrderBy(g => g.Key).ToList();
        s.AppendLine("VARIABLE LEVEL");
        s.AppendLine(string.Join("\n", levels.Select((g, n) => $"  {(n == 0 ? "" : "/")}{string.Join(" ", g.Select(x => names[x.i]))} ({g.Key.ToString().ToUpperInvariant()})")) + ".");
        s.AppendLine("EXECUTE.");
        return s.ToString();
    }

    /// <summary>An R script that reads the file into the data frame <c>responses</c>: factors for labelled choices (ordered for scales), a "label" attribute on every column.</summary>
    public static string R(string title, string csvFile, IReadOnlyList<ScriptColumn> columns)
    {
        var s = new StringBuilder();
        s.AppendLine($"# {Comment(title)}: {csvFile} read into the data frame `responses` with its labels.");
        s.AppendLine($"# Download responses.csv with format=comma as {csvFile} into the working folder, then source() this file.");
        s.AppendLine($"responses <- utils::read.csv({RString(csvFile)}, fileEncoding = \"UTF-8\", na.strings = \"\", check.names = FALSE,");
        s.AppendLine("  colClasses = c(" + string.Join(", ", columns.Select(c => $"{RString(c.Name)} = {(c.Numeric ? "\"numeric\"" : "\"character\"")}")) + "))");
        foreach (var c in columns)
        {
            var column = $"responses[[{RString(c.Name)}]]";
            if (c.Complete && c.Codes.Count > 0 && c.Level != MeasurementLevel.Scale)
            {
                var levels = string.Join(", ", c.Codes.Select(v => c.Numeric ? RNumber(v.Value) : RString(v.Value)));
                var labels = string.Join(", ", c.Codes.Select(v => RString(v.Label)));
                s.AppendLine($"{column} <- factor({column}, levels = c({levels}), labels = c({labels}){(c.Level == MeasurementLevel.Ordinal ? ", ordered = TRUE" : "")})");
            }
            s.AppendLine($"attr({column}, \"label\") <- {RString(c.Label)}");
        }
        return s.ToString();
    }

    /// <summary>
    /// A Stata do-file: import delimited with each column's type, then names, variable labels and
    /// value labels. A column coded as text (a sector, "state") becomes a labelled number, as Stata
    /// labels only numbers.
    /// </summary>
    public static string Stata(string title, string csvFile, IReadOnlyList<ScriptColumn> columns)
    {
        var names = UniqueNames(columns, StataName);
        var s = new StringBuilder();
        s.AppendLine($"* {Comment(title)}: {csvFile} read into Stata with its labels.");
        s.AppendLine($"* Download responses.csv with format=comma as {csvFile} into the working folder, then: do this file.");
        var strings = columns.Select((c, i) => (c, i)).Where(x => !x.c.Numeric).Select(x => (x.i + 1).ToString(CultureInfo.InvariantCulture)).ToList();
        var numbers = columns.Select((c, i) => (c, i)).Where(x => x.c.Numeric).Select(x => (x.i + 1).ToString(CultureInfo.InvariantCulture)).ToList();
        s.Append($"import delimited using {StataString(csvFile)}, varnames(nonames) rowrange(2) delimiters(\",\") bindquote(strict) encoding(\"utf-8\")");
        if (strings.Count > 0) s.Append($" stringcols({string.Join(" ", strings)})");
        if (numbers.Count > 0) s.Append($" numericcols({string.Join(" ", numbers)})");
        s.AppendLine(" clear");
        for (var i = 0; i < columns.Count; i++) s.AppendLine($"rename v{i + 1} {names[i]}");
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            s.AppendLine($"label variable {names[i]} {StataString(Truncate(c.Label, 80))}");
            if (c.Codes.Count == 0) continue;
            if (c.Numeric)
            {
                var integral = c.Codes.Where(v => long.TryParse(v.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)).ToList();
                if (integral.Count == 0) continue;
                s.AppendLine($"label define {names[i]} {string.Join(" ", integral.Select(v => $"{v.Value} {StataString(v.Label)}"))}, replace");
                s.AppendLine($"label values {names[i]} {names[i]}");
            }
            else if (c.Complete)
            {
                // Codes 1, 2, ... in the codebook's order, labelled with the codebook's labels; other text stays missing.
                s.AppendLine("tempvar text");
                s.AppendLine($"rename {names[i]} `text'");
                s.AppendLine($"generate long {names[i]} = .");
                for (var n = 0; n < c.Codes.Count; n++) s.AppendLine($"replace {names[i]} = {n + 1} if `text' == {StataString(c.Codes[n].Value)}");
                s.AppendLine($"label define {names[i]} {string.Join(" ", c.Codes.Select((v, n) => $"{n + 1} {StataString(v.Label)}"))}, replace");
                s.AppendLine($"label values {names[i]} {names[i]}");
                s.AppendLine($"label variable {names[i]} {StataString(Truncate(c.Label, 80))}");
                s.AppendLine($"order {names[i]}, after(`text')");
                s.AppendLine("drop `text'");
            }
        }
        return s.ToString();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string Comment(string text) => Regex.Replace(text, @"[\r\n]+", " ");

    private static string SpssFormat(ScriptColumn c) => c.Numeric
        ? (c.Level == MeasurementLevel.Scale ? "F16.4" : "F8.0")
        : c.FreeText ? "A4000" : "A255";

    /// <summary>A string for SPSS: in double quotes, a double quote doubled.</summary>
    private static string SpssString(string text) => "\"" + Comment(text).Replace("\"", "\"\"") + "\"";

    private static string RString(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "") + "\"";

    private static string RNumber(string value) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
        ? d.ToString("R", CultureInfo.InvariantCulture) : RString(value);

    /// <summary>A string for Stata in compound quotes, which may hold double quotes.</summary>
    private static string StataString(string text) => "`\"" + Comment(text).Replace("`", "'").Replace("\"'", "\" '") + "\"'";

    private static readonly HashSet<string> SpssReserved = new(StringComparer.OrdinalIgnoreCase) { "ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH" };

    /// <summary>An SPSS variable name: letters, digits, _ . @ # $, not starting with a digit, _ or ., not ending with ., at most 64 characters, no reserved word.</summary>
    public static string SpssName(string name)
    {
        var clean = InvalidSpss().Replace(name, "_").TrimEnd('.');
        if (clean.Length == 0 || !char.IsLetter(clean[0]) || SpssReserved.Contains(clean)) clean = "v_" + clean;
        return clean.Length > 64 ? clean[..64].TrimEnd('.') : clean;
    }

    /// <summary>A Stata variable name: letters, digits and _, not starting with a digit, at most 32 characters.</summary>
    public static string StataName(string name)
    {
        var clean = InvalidStata().Replace(name, "_");
        if (clean.Length == 0 || char.IsDigit(clean[0])) clean = "v_" + clean;
        return clean.Length > 32 ? clean[..32] : clean;
    }

    /// <summary>Each column's name made valid, and made unique where two became the same.</summary>
    private static List<string> UniqueNames(IReadOnlyList<ScriptColumn> columns, Func<string, string> valid)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var c in columns)
        {
            var name = valid(c.Name);
            for (var n = 2; !taken.Add(name); n++)
            {
                var suffix = "_" + n.ToString(CultureInfo.InvariantCulture);
                var stem = valid(c.Name);
                name = (stem.Length + suffix.Length > 32 ? stem[..(32 - suffix.Length)] : stem) + suffix;
            }
            names.Add(name);
        }
        return names;
    }

    [GeneratedRegex(@"[^\p{L}\p{Nd}_.@#$]")]
    private static partial Regex InvalidSpss();

    [GeneratedRegex(@"[^A-Za-z0-9_]")]
    private static partial Regex InvalidStata();
}
