using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Survey.Core.Reports.Pdf;

/// <summary>An entry of the document outline: a title, its level (0 for a section, 1 below it), and where it starts.</summary>
public sealed record OutlineEntry(string Title, int Level, int Page, float Top);

/// <summary>
/// What SkiaSharp's PDF backend does not write: the document outline (bookmarks) and the document's
/// language. Both are added as an incremental update (ISO 32000-1, 7.5.6) after Skia's own bytes,
/// which stay as they are: the outline objects, and a new version of the catalogue that names them,
/// the language and that the outline opens with the document. It reads only the cross-reference
/// table, the trailer and the page tree Skia writes, and refuses anything else.
/// </summary>
public static partial class PdfOutline
{
    public static byte[] Add(byte[] pdf, IReadOnlyList<OutlineEntry> entries, string language)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var startxref = StartXref().Matches(text) is { Count: > 0 } sx ? int.Parse(sx[^1].Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidDataException("The PDF has no startxref.");
        var offsets = ReadXref(text, startxref, out var trailer);
        var size = int.Parse(Key(trailer, "Size"), CultureInfo.InvariantCulture);
        var root = Reference(trailer, "Root") ?? throw new InvalidDataException("The PDF's trailer names no catalogue.");
        var info = Reference(trailer, "Info");
        string Object(int number)
        {
            var at = offsets.TryGetValue(number, out var o) ? o : throw new InvalidDataException($"Object {number} is not in the cross-reference table.");
            var end = text.IndexOf("endobj", at, StringComparison.Ordinal);
            return text[at..end];
        }
        var catalog = Object(root);
        var pages = new List<int>();
        void Walk(int number)
        {
            var node = Object(number);
            if (node.Contains("/Type /Pages", StringComparison.Ordinal))
            {
                var kids = Kids().Match(node);
                if (!kids.Success) throw new InvalidDataException($"Page tree node {number} has no kids.");
                foreach (Match kid in Ref().Matches(kids.Groups[1].Value)) Walk(int.Parse(kid.Groups[1].Value, CultureInfo.InvariantCulture));
            }
            else pages.Add(number);
        }
        Walk(Reference(catalog, "Pages") ?? throw new InvalidDataException("The catalogue names no pages."));

        var output = new MemoryStream();
        output.Write(pdf);
        var written = new SortedDictionary<int, long>();
        void Write(int number, string body)
        {
            var bytes = Encoding.Latin1.GetBytes($"\n{number} 0 obj\n{body}\nendobj\n");
            written[number] = output.Position + 1;
            output.Write(bytes);
        }

        // The outline: a root, and each entry after its parent's with links to its neighbours.
        var first = size;
        var outlineRoot = first;
        var numbers = entries.Select((_, i) => first + 1 + i).ToArray();
        int? Parent(int i) => entries[i].Level == 0 ? null : Enumerable.Range(0, i).Reverse().Cast<int?>().FirstOrDefault(j => entries[j!.Value].Level < entries[i].Level);
        var parents = entries.Select((_, i) => Parent(i)).ToArray();
        List<int> Children(int? parent) => Enumerable.Range(0, entries.Count).Where(i => parents[i] == parent).ToList();
        int Visible(int? parent) => Children(parent).Sum(c => 1 + Visible(c));
        var top = Children(null);
        if (entries.Count > 0)
            Write(outlineRoot, $"<</Type /Outlines /First {numbers[top[0]]} 0 R /Last {numbers[top[^1]]} 0 R /Count {Visible(null)}>>");
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (e.Page < 1 || e.Page > pages.Count) throw new ArgumentOutOfRangeException(nameof(entries), $"Outline entry \"{e.Title}\" is on page {e.Page} of {pages.Count}.");
            var siblings = Children(parents[i]);
            var at = siblings.IndexOf(i);
            var body = new StringBuilder($"<</Title {TextString(e.Title)} /Parent {(parents[i] is { } pi ? numbers[pi] : outlineRoot)} 0 R");
            if (at > 0) body.Append(CultureInfo.InvariantCulture, $" /Prev {numbers[siblings[at - 1]]} 0 R");
            if (at < siblings.Count - 1) body.Append(CultureInfo.InvariantCulture, $" /Next {numbers[siblings[at + 1]]} 0 R");
            var kids = Children(i);
            if (kids.Count > 0) body.Append(CultureInfo.InvariantCulture, $" /First {numbers[kids[0]]} 0 R /Last {numbers[kids[^1]]} 0 R /Count {Visible(i)}");
            body.Append(CultureInfo.InvariantCulture, $" /Dest [{pages[e.Page - 1]} 0 R /XYZ 0 {(PdfLayout.PageHeight - e.Top).ToString("0.##", CultureInfo.InvariantCulture)} null]>>");
            Write(numbers[i], body.ToString());
        }

        // The catalogue again, with what Skia left out.
        var dictionary = catalog[(catalog.IndexOf("<<", StringComparison.Ordinal) + 2)..catalog.LastIndexOf(">>", StringComparison.Ordinal)];
        if (!LanguageTag().IsMatch(language)) throw new ArgumentException($"\"{language}\" is not a language tag such as da-DK.", nameof(language));
        var extra = $" /Lang ({language})" + (entries.Count > 0 ? $" /Outlines {outlineRoot} 0 R /PageMode /UseOutlines" : "");
        Write(root, "<<" + dictionary + extra + ">>");

        var xref = output.Position;
        var table = new StringBuilder("xref\n");
        foreach (var run in Runs(written.Keys))
        {
            table.Append(CultureInfo.InvariantCulture, $"{run[0]} {run.Count}\n");
            foreach (var n in run) table.Append(CultureInfo.InvariantCulture, $"{written[n]:D10} 00000 n \n");
        }
        var newSize = Math.Max(size, written.Keys.Max() + 1);
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {newSize} /Root {root} 0 R{(info is { } i2 ? $" /Info {i2} 0 R" : "")} /Prev {startxref}>>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Encoding.Latin1.GetBytes(table.ToString()));
        return output.ToArray();
    }

    /// <summary>A PDF text string: UTF-16BE with its byte order mark, in hex, so any title is safe.</summary>
    private static string TextString(string s) => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(s)) + ">";

    private static Dictionary<int, int> ReadXref(string text, int at, out string trailer)
    {
        if (string.CompareOrdinal(text, at, "xref", 0, 4) != 0) throw new InvalidDataException("The PDF's cross-reference is not a table.");
        var offsets = new Dictionary<int, int>();
        var lines = text[(at + 4)..].Split('\n');
        var l = 0;
        while (++l < lines.Length)
        {
            var line = lines[l].Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith("trailer", StringComparison.Ordinal)) break;
            var head = line.Split(' ');
            int start = int.Parse(head[0], CultureInfo.InvariantCulture), count = int.Parse(head[1], CultureInfo.InvariantCulture);
            for (var k = 0; k < count; k++)
            {
                var entry = lines[++l].Trim().Split(' ');
                if (entry[2] == "n") offsets[start + k] = int.Parse(entry[0], CultureInfo.InvariantCulture);
            }
        }
        var t = text.IndexOf("trailer", at, StringComparison.Ordinal);
        trailer = text[t..text.IndexOf("startxref", t, StringComparison.Ordinal)];
        return offsets;
    }

    private static IEnumerable<List<int>> Runs(IEnumerable<int> numbers)
    {
        var run = new List<int>();
        foreach (var n in numbers)
        {
            if (run.Count > 0 && n != run[^1] + 1)
            {
                yield return run;
                run = [];
            }
            run.Add(n);
        }
        if (run.Count > 0) yield return run;
    }

    private static string Key(string dictionary, string key) =>
        Regex.Match(dictionary, $@"/{key}\s+(\d+)") is { Success: true } m ? m.Groups[1].Value : throw new InvalidDataException($"/{key} is missing.");

    private static int? Reference(string dictionary, string key) =>
        Regex.Match(dictionary, $@"/{key}\s+(\d+)\s+0\s+R") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"/Kids\s*\[([^\]]*)\]")]
    private static partial Regex Kids();

    [GeneratedRegex(@"(\d+)\s+0\s+R")]
    private static partial Regex Ref();
}
