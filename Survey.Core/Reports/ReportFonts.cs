using SkiaSharp;

namespace Survey.Core.Reports;

/// <summary>
/// IBM Plex Sans, the typeface the PDF embeds and the back office shows (DKFDS), loaded once: the PDF
/// draws with it and the charts measure their labels with it, so a label fits in both.
/// </summary>
public static class ReportFonts
{
    public static SKTypeface Regular { get; } = Load("IBMPlexSans-Regular.ttf");
    public static SKTypeface Bold { get; } = Load("IBMPlexSans-SemiBold.ttf");

    [ThreadStatic] private static Dictionary<(float, bool), SKFont>? _measuring;

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream("fonts/" + file)
            ?? throw new InvalidOperationException($"Font {file} is missing from the assembly.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"Font {file} could not be read.");
    }

    /// <summary>A font for measuring on this thread (fonts are not shared between threads).</summary>
    public static SKFont Measuring(float size, bool bold = false)
    {
        _measuring ??= [];
        if (!_measuring.TryGetValue((size, bold), out var font))
            _measuring[(size, bold)] = font = new SKFont(bold ? Bold : Regular, size) { Subpixel = true };
        return font;
    }

    public static float Width(string text, float size, bool bold = false) => Measuring(size, bold).MeasureText(text);

    /// <summary>The text, shortened with an ellipsis when it is wider than <paramref name="width"/>.</summary>
    public static string Fit(string text, float size, float width, bool bold = false)
    {
        var font = Measuring(size, bold);
        if (font.MeasureText(text) <= width) return text;
        while (text.Length > 1 && font.MeasureText(text.TrimEnd() + "…") > width) text = text[..^1];
        return text.TrimEnd() + "…";
    }

    /// <summary>Breaks text into lines no wider than width, at spaces; a word longer than a line is cut.</summary>
    public static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in (text ?? "").Replace("\r", "").Split('\n'))
        {
            var current = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (font.MeasureText(candidate) <= width)
                {
                    current = candidate;
                    continue;
                }
                if (current.Length > 0) lines.Add(current);
                current = word;
                while (font.MeasureText(current) > width && current.Length > 1)
                {
                    var cut = current.Length - 1;
                    while (cut > 1 && font.MeasureText(current[..cut]) > width) cut--;
                    lines.Add(current[..cut]);
                    current = current[cut..];
                }
            }
            lines.Add(current);
        }
        return lines;
    }

    /// <summary>At most <paramref name="maxLines"/> lines of the wrapped text, the last ending in an ellipsis when text was left out.</summary>
    public static List<string> Wrap(string text, float size, float width, int maxLines, bool bold = false)
    {
        var lines = Wrap(text, Measuring(size, bold), width);
        if (lines.Count <= maxLines) return lines;
        var kept = lines.Take(maxLines).ToList();
        kept[^1] = Fit(kept[^1] + " " + lines[maxLines], size, width, bold) is var fitted && fitted.EndsWith('…') ? fitted : kept[^1] + "…";
        return kept;
    }
}
