using System.Globalization;

namespace Survey.Core.Reports;

public enum ChartKind { Bars, Diverging, Stacked, Ranks, Histogram }

/// <summary>How a filled area is told apart without its colour: a pattern of white lines or dots over it.</summary>
public enum ChartPattern { Solid, Diagonal, Dots, Crosshatch, Horizontal, BackDiagonal, Vertical }

public readonly record struct ChartFill(string Colour, ChartPattern Pattern)
{
    /// <summary>Whether text on it is better white than black (relative luminance below 0.4).</summary>
    public bool IsDark
    {
        get
        {
            static double Channel(string hex) => int.Parse(hex, NumberStyles.HexNumber) / 255.0 is var c && c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            var l = 0.2126 * Channel(Colour[1..3]) + 0.7152 * Channel(Colour[3..5]) + 0.0722 * Channel(Colour[5..7]);
            return l < 0.4;
        }
    }
}

public enum ChartAlign { Left, Centre, Right }

public abstract record ChartShape;

public sealed record ChartBox(float X, float Y, float Width, float Height, ChartFill Fill) : ChartShape;

public sealed record ChartText(float X, float Y, string Text, float Size, ChartAlign Align = ChartAlign.Left, bool Bold = false, string Colour = Charts.Ink) : ChartShape;

public sealed record ChartLine(float X1, float Y1, float X2, float Y2, string Colour = Charts.Rule, float Width = 0.6f) : ChartShape;

/// <summary>A strip of a chart that stays together; a chart may break across pages between strips, with its legend repeated.</summary>
public sealed record ChartBand(float Height, IReadOnlyList<ChartShape> Shapes);

/// <summary>
/// A chart laid out once in points, for the PDF to draw and the back office to write as SVG: the
/// same shapes, labels and patterns in both. <see cref="Description"/> says in words what it shows.
/// </summary>
public sealed record ChartDrawing(ChartKind Kind, float Width, ChartBand Legend, IReadOnlyList<ChartBand> Bands, string Description)
{
    public float Height => Legend.Height + Bands.Sum(b => b.Height);
}

/// <summary>
/// The chart of a question's summary, following its breakdown: bars per group for answer options;
/// stacked bars diverging from the middle of the scale for ratings and scale matrices (plain stacked
/// bars for other matrices); bars of the average rank for rankings; a histogram for numbers. Each
/// group keeps its colour and pattern through every chart (Okabe–Ito colours, which people with
/// colour blindness tell apart), every bar is labelled with its group and value, so the chart reads in
/// black-and-white print too. Only the numbers of the summary are drawn, so what it hides stays hidden.
/// </summary>
public static class Charts
{
    public const string Ink = "#1a1a1a", Muted = "#555555", Rule = "#b3b3b3", Primary = "#0059b3";
    private const float Size = 8.5f, Small = 7f, Tiny = 6.5f;

    private static readonly string[] GroupColours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F7F7F"];
    private static readonly ChartPattern[] GroupPatterns =
        [ChartPattern.Solid, ChartPattern.Diagonal, ChartPattern.Dots, ChartPattern.Crosshatch, ChartPattern.Horizontal, ChartPattern.BackDiagonal, ChartPattern.Vertical];

    /// <summary>The fill of the group at this place in the summary's groups: a colour and, from the second group on, a pattern.</summary>
    public static ChartFill GroupFill(int index) => new(GroupColours[index % GroupColours.Length], GroupPatterns[(index + index / GroupColours.Length) % GroupPatterns.Length]);

    public static readonly ChartFill TotalFill = new(Primary, ChartPattern.Solid);

    /// <summary>The pattern's lines and dots in a square tile of <see cref="Tile"/> points, repeated over an area (white, <see cref="PatternStroke"/> wide).</summary>
    public const float Tile = 4f, PatternStroke = 0.8f;

    public static (IReadOnlyList<(float X1, float Y1, float X2, float Y2)> Lines, IReadOnlyList<(float X, float Y, float R)> Dots) TileOf(ChartPattern pattern) => pattern switch
    {
        ChartPattern.Diagonal => ([(0, Tile, Tile, 0), (-1, 1, 1, -1), (Tile - 1, Tile + 1, Tile + 1, Tile - 1)], []),
        ChartPattern.BackDiagonal => ([(0, 0, Tile, Tile), (-1, Tile - 1, 1, Tile + 1), (Tile - 1, -1, Tile + 1, 1)], []),
        ChartPattern.Horizontal => ([(0, Tile / 2, Tile, Tile / 2)], []),
        ChartPattern.Vertical => ([(Tile / 2, 0, Tile / 2, Tile)], []),
        ChartPattern.Crosshatch => ([(0, Tile / 2, Tile, Tile / 2), (Tile / 2, 0, Tile / 2, Tile)], []),
        ChartPattern.Dots => ([], [(Tile / 2, Tile / 2, 0.85f)]),
        _ => ([], []),
    };

    private static string T(string key, params object[] args) => CoreText.Format(key, args);

    private static string Percent(double p) => p.ToString("0.#", CultureInfo.CurrentCulture) + " %";

    private sealed record Series(string? Key, string Label, ChartFill Fill);

    /// <summary>A row of a chart: its label, and what it draws in the space for bars (x from, x to, y, height).</summary>
    private sealed record Row(string Label, Func<float, float, float, float, IEnumerable<ChartShape>> Bar);

    private sealed record Category(string Label, IReadOnlyList<Row> Rows);

    /// <summary>The chart of one question of <paramref name="summary"/>, <paramref name="width"/> points wide; null when it has nothing to draw.</summary>
    public static ChartDrawing? For(QuestionnaireSummary summary, QuestionSummary q, float width)
    {
        if (q.Answered is null) return null;
        var series = SeriesOf(summary, q);
        var by = series[0].Key is null ? "" : T("ChartByGroups", summary.ByLabel);
        if (q.Rows.Count > 0)
        {
            var ordered = q.Rows.Any(r => r.Total is not null || r.Groups.Values.Any(v => v is not null));
            var points = q.Rows[0].Options.Select(o => o.Label).ToList();
            var categories = q.Rows.Select(r => new StackedCategory(r.Label, series.Select(s => (s.Label, Shares(r.Options, s))).ToList())).ToList();
            return StackedChart(ordered ? ChartKind.Diverging : ChartKind.Stacked, categories, points, ordered, width,
                T(ordered ? "ChartDiverging" : "ChartStacked", q.Title) + by);
        }
        if (q.Ranking.Count > 0)
        {
            var max = q.Ranking.Count;
            var categories = q.Ranking.OrderBy(r => r.Total ?? double.MaxValue).Select(r => new Category(r.Label, series.Select(s =>
            {
                var value = s.Key is null ? r.Total : r.Groups.GetValueOrDefault(s.Key);
                return Bar(s.Label, s.Fill, value, value / max, value?.ToString("0.##", CultureInfo.CurrentCulture));
            }).ToList())).ToList();
            return BarChart(ChartKind.Ranks, categories, series, width, T("ChartRanks", q.Title) + by, T("ChartRankNote"));
        }
        if (q.Histogram.Count > 0) return Histogram(q, series, width, T("ChartHistogram", q.Title) + by);
        if (q.Options.Count == 0) return null;
        if (q.HasStatistics)
        {
            // A rating: one bar for all, then one per group, diverging from the middle of the scale.
            var bars = new List<(string, IReadOnlyList<double>?)> { (T("PdfTotal"), Shares(q.Options, new Series(null, "", TotalFill))) };
            if (series[0].Key is not null) bars.AddRange(series.Select(s => (s.Label, Shares(q.Options, s))));
            return StackedChart(ChartKind.Diverging, [new StackedCategory("", bars)], q.Options.Select(o => o.Label).ToList(), true, width, T("ChartDiverging", q.Title) + by);
        }
        var options = q.Options.Select(o => new Category(o.Label, series.Select(s =>
        {
            var cell = s.Key is null ? o.Total : o.Groups.GetValueOrDefault(s.Key);
            return Bar(s.Label, s.Fill, cell?.Count is null ? null : cell.Percent, cell?.Percent / 100, cell?.Percent is { } p ? Percent(p) : null);
        }).ToList())).ToList();
        return BarChart(ChartKind.Bars, options, series, width, T("ChartBars", q.Title) + by, null);
    }

    /// <summary>The groups this question shows, each with the fill of its place among all groups; the total alone without a breakdown (or when every group is hidden).</summary>
    private static List<Series> SeriesOf(QuestionnaireSummary summary, QuestionSummary q)
    {
        var shown = summary.Groups.Select((g, i) => (g, i))
            .Where(x => q.AnsweredByGroup.GetValueOrDefault(x.g.Key) is > 0)
            .Select(x => new Series(x.g.Key, x.g.Label, GroupFill(x.i))).ToList();
        return shown.Count > 0 ? shown : [new Series(null, T("PdfTotal"), TotalFill)];
    }

    private static IReadOnlyList<double>? Shares(IReadOnlyList<OptionRow> options, Series s)
    {
        var cells = options.Select(o => s.Key is null ? o.Total : o.Groups.GetValueOrDefault(s.Key)).ToList();
        return cells.Any(c => c?.Count is null) ? null : cells.Select(c => c!.Percent ?? 0).ToList();
    }

    private static Row Bar(string label, ChartFill fill, double? value, double? fraction, string? text) => new(label, (x0, x1, y, h) =>
    {
        if (value is null) return [new ChartText(x0 + 2, y + h - 2.5f, "–", Size, Colour: Muted)];
        var w = (float)Math.Clamp(fraction ?? 0, 0, 1) * (x1 - x0 - 40);
        return [new ChartBox(x0, y + 1.5f, Math.Max(w, 0.6f), h - 3, fill), new ChartText(x0 + w + 3, y + h - 3f, text ?? "", Small)];
    });

    /// <summary>A category of stacked bars: each bar's label and its shares of the scale points (null where the group is hidden).</summary>
    private sealed record StackedCategory(string Label, IReadOnlyList<(string Label, IReadOnlyList<double>? Shares)> Bars);

    /// <summary>Rows of horizontal bars in categories: a category of one row is one line; of several, a heading line and a line per group.</summary>
    private static ChartDrawing BarChart(ChartKind kind, IReadOnlyList<Category> categories, IReadOnlyList<Series> series, float width, string description, string? note)
    {
        var legend = series.Count > 1 ? Legend(series.Select(s => (s.Label, s.Fill)).ToList(), width, note) : Legend([], width, note);
        return new ChartDrawing(kind, width, legend, Bands(categories, width, series.Count > 1 ? 120 : 170), description);
    }

    private static List<ChartBand> Bands(IReadOnlyList<Category> categories, float width, float labelWidth)
    {
        const float single = 16, multi = 12.5f, heading = Size * 1.35f;
        var bands = new List<ChartBand>();
        foreach (var category in categories)
        {
            var shapes = new List<ChartShape>();
            float y = 0;
            var many = category.Rows.Count > 1 || category.Label.Length == 0;
            if (category.Label.Length > 0 && many)
            {
                foreach (var line in ReportFonts.Wrap(category.Label, Size, width, 2, bold: true))
                {
                    shapes.Add(new ChartText(0, y + Size + 1, line, Size, Bold: true));
                    y += heading;
                }
                y += 1;
            }
            foreach (var row in category.Rows)
            {
                var h = many ? multi : single;
                var label = many ? row.Label : category.Label;
                shapes.Add(many
                    ? new ChartText(labelWidth - 6, y + h - 3.5f, ReportFonts.Fit(label, Small, labelWidth - 10), Small, ChartAlign.Right, Colour: Muted)
                    : new ChartText(0, y + h - 4.5f, ReportFonts.Fit(label, Size, labelWidth - 8), Size));
                shapes.AddRange(row.Bar(labelWidth, width, y, h));
                y += h;
            }
            bands.Add(new ChartBand(y + (many ? 5 : 0), shapes));
        }
        return bands;
    }

    /// <summary>
    /// Stacked bars of the shares of each scale point: centred ones diverge from the middle of the
    /// scale (the points below it to the left, a middle point split across it), so bars of different
    /// groups compare at a glance; the others run from the left. Each point has its own fill, named in the legend.
    /// </summary>
    private static ChartDrawing StackedChart(ChartKind kind, IReadOnlyList<StackedCategory> categories, IReadOnlyList<string> points, bool centred, float width, string description)
    {
        var fills = centred ? DivergingFills(points.Count) : SequentialFills(points.Count);
        var k = points.Count;
        double Left(IReadOnlyList<double> s) => centred ? s.Take(k / 2).Sum() + (k % 2 == 1 ? s[k / 2] / 2 : 0) : 0;
        // Where the middle goes depends on every bar's extent, so all are measured before any is placed.
        var bars = categories.SelectMany(c => c.Bars).Where(b => b.Shares is not null).Select(b => b.Shares!).ToList();
        var leftMax = bars.Count == 0 ? 0 : bars.Max(Left);
        var rightMax = bars.Count == 0 ? 100 : bars.Max(s => s.Sum() - Left(s));
        var labelWidth = categories.Any(c => c.Bars.Count > 1 || c.Label.Length == 0) ? 120f : 150f;
        var span = Math.Max(1, leftMax + rightMax);
        var laid = categories.Select(c => new Category(c.Label, c.Bars.Select(sr => new Row(sr.Label, (x0, x1, y, h) =>
        {
            var scale = (x1 - x0 - 4) / (float)span;
            var centre = x0 + (float)leftMax * scale;
            // The middle first, so the segments cover it and it shows between the bars.
            var shapes = new List<ChartShape>();
            if (centred) shapes.Add(new ChartLine(centre, y, centre, y + h, Ink, 0.8f));
            if (sr.Shares is null)
            {
                shapes.Add(new ChartText(x0 + 2, y + h - 2.5f, "–", Size, Colour: Muted));
                return shapes;
            }
            var x = centre - (float)Left(sr.Shares) * scale;
            for (var i = 0; i < k; i++)
            {
                var w = (float)sr.Shares[i] * scale;
                if (w <= 0) continue;
                shapes.Add(new ChartBox(x, y + 1.5f, w, h - 3, fills[i]));
                if (w >= 16 && sr.Shares[i] >= 1)
                {
                    // The share on a plain patch of the segment's colour, so the pattern never runs through the figures.
                    var label = sr.Shares[i].ToString("0", CultureInfo.CurrentCulture);
                    var patch = ReportFonts.Width(label, Tiny) + 3;
                    if (fills[i].Pattern != ChartPattern.Solid)
                        shapes.Add(new ChartBox(x + (w - patch) / 2, y + 2.5f, patch, h - 5, fills[i] with { Pattern = ChartPattern.Solid }));
                    shapes.Add(new ChartText(x + w / 2, y + h - 4f, label, Tiny, ChartAlign.Centre, Colour: fills[i].IsDark ? "#ffffff" : Ink));
                }
                x += w;
            }
            return shapes;
        })).ToList())).ToList();
        return new ChartDrawing(kind, width, Legend(points.Select((p, i) => (p, fills[i])).ToList(), width, null), Bands(laid, width, labelWidth), description);
    }

    /// <summary>
    /// Fills for a scale of k points: orange shades with diagonal lines below the middle, a grey middle,
    /// purple shades above, darker towards the ends (ColorBrewer's PuOr, safe for colour blindness); the
    /// lines tell the two sides apart in grey print.
    /// </summary>
    private static List<ChartFill> DivergingFills(int k)
    {
        var side = k / 2;
        var fills = new List<ChartFill>();
        for (var i = 0; i < side; i++) fills.Add(new(Mix("#b35806", "#fdb863", side == 1 ? 0.5 : i / (double)(side - 1)), ChartPattern.Diagonal));
        if (k % 2 == 1) fills.Add(new("#d0d0d0", ChartPattern.Solid));
        for (var i = 0; i < side; i++) fills.Add(new(Mix("#b2abd2", "#542788", side == 1 ? 0.5 : i / (double)(side - 1)), ChartPattern.Solid));
        return fills;
    }

    /// <summary>Fills for the ordered columns of a matrix: blues from light to dark (ColorBrewer's Blues), every other one dotted.</summary>
    private static List<ChartFill> SequentialFills(int k) => Enumerable.Range(0, k)
        .Select(i => new ChartFill(Mix("#c6dbef", "#08306b", k == 1 ? 0.5 : i / (double)(k - 1)), i % 2 == 1 ? ChartPattern.Dots : ChartPattern.Solid)).ToList();

    private static string Mix(string a, string b, double t)
    {
        int C(string hex, int at) => int.Parse(hex.Substring(at, 2), NumberStyles.HexNumber);
        return "#" + string.Concat(new[] { 1, 3, 5 }.Select(at => ((int)Math.Round(C(a, at) + (C(b, at) - C(a, at)) * t)).ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>Swatches with their names, in lines across the width; a note below them when given.</summary>
    private static ChartBand Legend(IReadOnlyList<(string Label, ChartFill Fill)> entries, float width, string? note)
    {
        var shapes = new List<ChartShape>();
        float x = 0, y = 0;
        const float line = 13, swatch = 9;
        foreach (var (label, fill) in entries)
        {
            var text = ReportFonts.Fit(label, Small, width / 2);
            var w = swatch + 4 + ReportFonts.Width(text, Small) + 12;
            if (x > 0 && x + w > width)
            {
                x = 0;
                y += line;
            }
            shapes.Add(new ChartBox(x, y + 1, swatch, swatch, fill));
            shapes.Add(new ChartText(x + swatch + 4, y + 8.5f, text, Small));
            x += w;
        }
        if (entries.Count > 0) y += line;
        if (note is not null)
        {
            shapes.Add(new ChartText(0, y + 8.5f, note, Small, Colour: Muted));
            y += line;
        }
        return new ChartBand(y == 0 ? 0 : y + 3, shapes);
    }

    /// <summary>Columns of the share of answers in each interval, one per group side by side, with the shares above them.</summary>
    private static ChartDrawing Histogram(QuestionSummary q, IReadOnlyList<Series> series, float width, string description)
    {
        const float plot = 130, axis = 30, top = 10, labels = 2 * Small * 1.3f + 4;
        var bins = q.Histogram;
        var values = bins.Select(b => series.Select(s => (s.Key is null ? b.Total : b.Groups.GetValueOrDefault(s.Key)) is { Count: not null } c ? c.Percent : null).ToList()).ToList();
        var highest = values.SelectMany(v => v).Max() ?? 0;
        var max = Math.Max(10, Math.Ceiling(highest / 10) * 10);
        var shapes = new List<ChartShape>();
        var x0 = axis;
        var slot = (width - axis) / bins.Count;
        var column = Math.Min(28, (slot - 4) / series.Count);
        float Y(double v) => top + plot - (float)(v / max) * plot;
        foreach (var tick in new[] { 0, max / 2, max })
        {
            shapes.Add(new ChartLine(x0, Y(tick), width, Y(tick), tick == 0 ? Ink : Rule, tick == 0 ? 0.8f : 0.4f));
            shapes.Add(new ChartText(x0 - 3, Y(tick) + 2.5f, Percent(tick), Tiny, ChartAlign.Right, Colour: Muted));
        }
        for (var b = 0; b < bins.Count; b++)
        {
            var left = x0 + b * slot + (slot - column * series.Count) / 2;
            for (var s = 0; s < series.Count; s++)
            {
                if (values[b][s] is not { } v)
                {
                    shapes.Add(new ChartText(left + s * column + column / 2, Y(0) - 2, "–", Tiny, ChartAlign.Centre, Colour: Muted));
                    continue;
                }
                var h = (float)(v / max) * plot;
                if (h > 0) shapes.Add(new ChartBox(left + s * column + 0.5f, Y(v), column - 1, h, series[s].Fill));
                if (column >= 14) shapes.Add(new ChartText(left + s * column + column / 2, Y(v) - 2, v.ToString("0", CultureInfo.CurrentCulture), Tiny, ChartAlign.Centre));
            }
            var lines = ReportFonts.Wrap(bins[b].Label, Small, slot - 2, 2);
            for (var l = 0; l < lines.Count; l++)
                shapes.Add(new ChartText(x0 + b * slot + slot / 2, top + plot + Small + 3 + l * Small * 1.3f, lines[l], Small, ChartAlign.Centre));
        }
        shapes.Add(new ChartText(0, top - 3, T("ChartShareAxis"), Tiny, Colour: Muted));
        var legend = series.Count > 1 ? Legend(series.Select(s => (s.Label, s.Fill)).ToList(), width, null) : Legend([], width, null);
        return new ChartDrawing(ChartKind.Histogram, width, legend, [new ChartBand(top + plot + labels + 4, shapes)], description);
    }
}
