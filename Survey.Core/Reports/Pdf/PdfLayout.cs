using SkiaSharp;

namespace Survey.Core.Reports.Pdf;

/// <summary>
/// A small flow layout on SkiaSharp's PDF backend: A4 pages with a running header and page
/// numbers, headings that stay with what follows, wrapped paragraphs, horizontal bar charts and
/// tables that continue on the next page with their header repeated. Text is real text in the
/// embedded IBM Plex Sans, so it can be selected and read back.
/// </summary>
public sealed class PdfLayout : IDisposable
{
    public const float PageWidth = 595.28f, PageHeight = 841.89f, Margin = 56f;
    private const float HeaderSpace = 34f, FooterSpace = 34f;
    public static float ContentWidth => PageWidth - 2 * Margin;
    private static float Top => Margin + HeaderSpace;
    private static float Bottom => PageHeight - Margin - FooterSpace + 12;

    private static readonly SKColor Ink = new(0x1a, 0x1a, 0x1a);
    private static readonly SKColor Muted = new(0x55, 0x55, 0x55);
    private static readonly SKColor Rule = new(0xcc, 0xcc, 0xcc);
    private static readonly SKColor Shade = new(0xf2, 0xf2, 0xf2);
    private static readonly SKColor Bar = new(0x00, 0x59, 0xb3);

    private readonly List<List<Action<SKCanvas>>> _pages = [];
    private float _y;

    /// <summary>Pages without the running header and number (the cover).</summary>
    private readonly HashSet<int> _plainPages = [];

    public int PageCount => _pages.Count;

    /// <summary>The 1-based number of the page being filled.</summary>
    public int CurrentPage => _pages.Count;

    private readonly Dictionary<(float, bool), SKFont> _fonts = [];
    private static readonly Dictionary<(SKColor, float), SKPaint> Paints = [];

    /// <summary>A font of the layout's typeface; kept for the layout's lifetime, not to be disposed by the caller.</summary>
    public SKFont Font(float size, bool bold = false)
    {
        if (!_fonts.TryGetValue((size, bold), out var font))
            _fonts[(size, bold)] = font = new SKFont(bold ? ReportFonts.Bold : ReportFonts.Regular, size) { Subpixel = true };
        return font;
    }

    public void NewPage(bool plain = false)
    {
        _pages.Add([]);
        if (plain) _plainPages.Add(_pages.Count);
        _y = plain ? Margin : Top;
    }

    private List<Action<SKCanvas>> Page => _pages[^1];

    private void Ensure(float height)
    {
        if (_pages.Count == 0 || _y + height > Bottom) NewPage();
    }

    public void Space(float height) => _y += height;

    /// <summary>Draws on the current page at an absolute position (the cover, the contents).</summary>
    public void Draw(Action<SKCanvas> draw) => Page.Add(draw);

    /// <summary>Reserves a page whose content is drawn later, when what it shows (page numbers) is known.</summary>
    public List<Action<SKCanvas>> ReservePage()
    {
        NewPage();
        return Page;
    }

    /// <summary>The document outline so far: an entry for each heading given an outline level.</summary>
    public List<OutlineEntry> Outline { get; } = [];

    /// <summary>Where each named heading is (its page), for the contents to link to.</summary>
    public Dictionary<string, int> Destinations { get; } = [];

    /// <summary>A heading kept with what follows; with an outline level it is a bookmark, with a destination the contents link to it.</summary>
    public void Heading(string text, float size, float keepWithNext = 90, int? outline = null, string? destination = null)
    {
        var font = Font(size, bold: true);
        var lines = Wrap(text, font, ContentWidth);
        var height = lines.Count * size * 1.3f;
        Ensure(height + keepWithNext);
        if (outline is { } level) Outline.Add(new OutlineEntry(text, level, CurrentPage, _y));
        if (destination is not null)
        {
            Destinations[destination] = CurrentPage;
            var at = new SKPoint(Margin, _y);
            Page.Add(c => c.DrawNamedDestinationAnnotation(at, destination));
        }
        _y += size * 0.4f;
        foreach (var line in lines)
        {
            var y = _y + size;
            var captured = line;
            Page.Add(c => c.DrawText(captured, Margin, y, SKTextAlign.Left, Font(size, true), Paint(Ink)));
            _y += size * 1.3f;
        }
        _y += size * 0.3f;
    }

    public void Paragraph(string text, float size = 10f, bool bold = false, bool muted = false, float indent = 0, float after = 0)
    {
        var font = Font(size, bold);
        foreach (var line in Wrap(text, font, ContentWidth - indent))
        {
            Ensure(size * 1.45f);
            var y = _y + size;
            var captured = line;
            Page.Add(c => c.DrawText(captured, Margin + indent, y, SKTextAlign.Left, Font(size, bold), Paint(muted ? Muted : Ink)));
            _y += size * 1.45f;
        }
        _y += after;
    }

    /// <summary>A chart (Reports/Charts) as vector shapes; it breaks across pages between its bands, with its legend repeated.</summary>
    public void Chart(ChartDrawing chart)
    {
        Ensure(chart.Legend.Height + (chart.Bands.Count > 0 ? chart.Bands[0].Height : 0) + 4);
        _y += 4;
        Band(chart.Legend);
        foreach (var band in chart.Bands)
        {
            if (_y + band.Height > Bottom)
            {
                NewPage();
                Band(chart.Legend);
            }
            Band(band);
        }
        _y += 6;
    }

    private void Band(ChartBand band)
    {
        var top = _y;
        if (band.Shapes.Count > 0) Page.Add(c => DrawShapes(c, band.Shapes, Margin, top));
        _y += band.Height;
    }

    private void DrawShapes(SKCanvas canvas, IReadOnlyList<ChartShape> shapes, float x0, float y0)
    {
        foreach (var shape in shapes)
        {
            switch (shape)
            {
                case ChartBox b:
                    var rect = new SKRect(x0 + b.X, y0 + b.Y, x0 + b.X + b.Width, y0 + b.Y + b.Height);
                    canvas.DrawRect(rect, Paint(SKColor.Parse(b.Fill.Colour)));
                    if (b.Fill.Pattern != ChartPattern.Solid) Pattern(canvas, rect, b.Fill.Pattern);
                    break;
                case ChartText t:
                    canvas.DrawText(t.Text, x0 + t.X, y0 + t.Y, t.Align switch { ChartAlign.Centre => SKTextAlign.Center, ChartAlign.Right => SKTextAlign.Right, _ => SKTextAlign.Left },
                        Font(t.Size, t.Bold), Paint(SKColor.Parse(t.Colour)));
                    break;
                case ChartLine l:
                    canvas.DrawLine(x0 + l.X1, y0 + l.Y1, x0 + l.X2, y0 + l.Y2, Paint(SKColor.Parse(l.Colour), l.Width));
                    break;
            }
        }
    }

    /// <summary>
    /// The pattern of Charts.TileOf over the area, aligned to the page's origin so neighbouring areas
    /// line up: its lines drawn as long lines across the area and its dots as one path, one drawing
    /// operation each, which keeps a report with hundreds of bars small and quick to write.
    /// </summary>
    private static void Pattern(SKCanvas canvas, SKRect rect, ChartPattern pattern)
    {
        const float t = Charts.Tile;
        float First(float from) => MathF.Floor(from / t) * t;
        using var lines = new SKPath();
        void Horizontal() { for (var y = First(rect.Top) + t / 2; y < rect.Bottom; y += t) { lines.MoveTo(rect.Left, y); lines.LineTo(rect.Right, y); } }
        void Vertical() { for (var x = First(rect.Left) + t / 2; x < rect.Right; x += t) { lines.MoveTo(x, rect.Top); lines.LineTo(x, rect.Bottom); } }
        switch (pattern)
        {
            case ChartPattern.Horizontal: Horizontal(); break;
            case ChartPattern.Vertical: Vertical(); break;
            case ChartPattern.Crosshatch: Horizontal(); Vertical(); break;
            case ChartPattern.Diagonal:
                // The tile's line from its lower left to its upper right corner: x + y a multiple of the tile.
                for (var c = First(rect.Left + rect.Top); c <= rect.Right + rect.Bottom; c += t) { lines.MoveTo(c - rect.Bottom, rect.Bottom); lines.LineTo(c - rect.Top, rect.Top); }
                break;
            case ChartPattern.BackDiagonal:
                // From the upper left to the lower right corner: x − y a multiple of the tile.
                for (var c = First(rect.Left - rect.Bottom); c <= rect.Right - rect.Top; c += t) { lines.MoveTo(rect.Top + c, rect.Top); lines.LineTo(rect.Bottom + c, rect.Bottom); }
                break;
        }
        var (_, dots) = Charts.TileOf(pattern);
        using var spots = new SKPath();
        foreach (var (dx, dy, r) in dots)
            for (var y = First(rect.Top) + dy; y < rect.Bottom + r; y += t)
                for (var x = First(rect.Left) + dx; x < rect.Right + r; x += t)
                    spots.AddCircle(x, y, r);
        canvas.Save();
        canvas.ClipRect(rect);
        if (!lines.IsEmpty) canvas.DrawPath(lines, Paint(SKColors.White, Charts.PatternStroke));
        if (!spots.IsEmpty) canvas.DrawPath(spots, Paint(SKColors.White));
        canvas.Restore();
    }

    /// <summary>A table that continues on the next page with its header repeated. Widths are fractions of the content width.</summary>
    public void Table(IReadOnlyList<string> header, IReadOnlyList<float> widths, IEnumerable<IReadOnlyList<string>> rows, IReadOnlySet<int>? rightAligned = null, float size = 8.5f)
    {
        rightAligned ??= new HashSet<int>();
        var columnWidths = widths.Select(w => w * ContentWidth).ToArray();
        const float pad = 4f;
        var line = size * 1.35f;

        List<List<string>> Cells(IReadOnlyList<string> values, bool bold)
        {
            var font = Font(size, bold);
            return values.Select((v, i) => Wrap(v, font, columnWidths[i] - 2 * pad)).ToList();
        }

        void DrawRow(List<List<string>> cells, bool bold, bool shaded)
        {
            var height = cells.Max(c => Math.Max(1, c.Count)) * line + 2 * pad;
            var y = _y;
            Page.Add(c =>
            {
                if (shaded) c.DrawRect(new SKRect(Margin, y, Margin + ContentWidth, y + height), Paint(Shade));
                c.DrawLine(Margin, y + height, Margin + ContentWidth, y + height, Paint(Rule, 0.6f));
                var x = Margin;
                for (var i = 0; i < cells.Count; i++)
                {
                    for (var l = 0; l < cells[i].Count; l++)
                    {
                        var right = rightAligned.Contains(i);
                        c.DrawText(cells[i][l], right ? x + columnWidths[i] - pad : x + pad, y + pad + size + l * line,
                            right ? SKTextAlign.Right : SKTextAlign.Left, Font(size, bold), Paint(Ink));
                    }
                    x += columnWidths[i];
                }
            });
            _y += height;
        }

        var head = Cells(header, bold: true);
        var headHeight = head.Max(c => Math.Max(1, c.Count)) * line + 2 * pad;
        Ensure(headHeight + line * 2 + 2 * pad);
        DrawRow(head, bold: true, shaded: true);
        foreach (var row in rows)
        {
            var cells = Cells(row, bold: false);
            var height = cells.Max(c => Math.Max(1, c.Count)) * line + 2 * pad;
            if (_y + height > Bottom)
            {
                NewPage();
                DrawRow(head, bold: true, shaded: true);
            }
            DrawRow(cells, bold: false, shaded: false);
        }
        _y += 8;
    }

    public static SKPaint Paint(SKColor color, float stroke = 0)
    {
        lock (Paints)
        {
            if (!Paints.TryGetValue((color, stroke), out var paint))
                Paints[(color, stroke)] = paint = new SKPaint { Color = color, IsAntialias = true, StrokeWidth = stroke, Style = stroke > 0 ? SKPaintStyle.Stroke : SKPaintStyle.Fill };
            return paint;
        }
    }

    public static SKColor InkColor => Ink;
    public static SKColor MutedColor => Muted;
    public static SKColor RuleColor => Rule;

    /// <summary>Breaks text into lines no wider than width, at spaces; a word longer than a line is cut.</summary>
    public static List<string> Wrap(string text, SKFont font, float width) => ReportFonts.Wrap(text, font, width);

    /// <summary>
    /// Draws every page, with the running header and "page X of Y" on all but the plain ones, and
    /// adds the outline and the language (PdfOutline).
    /// </summary>
    public byte[] Render(PdfMetadata metadata, string header, Func<int, int, string> pageLabel)
    {
        var title = metadata.Title;
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata
        {
            Title = title,
            Author = metadata.Author,
            Subject = metadata.Subject,
            Keywords = metadata.Keywords,
            Creator = "Survey platform",
            Producer = "SkiaSharp",
            Creation = DateTime.UtcNow,
            Modified = DateTime.UtcNow,
            RasterDpi = 300,
        }))
        {
            for (var i = 0; i < _pages.Count; i++)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                foreach (var draw in _pages[i]) draw(canvas);
                if (!_plainPages.Contains(i + 1))
                {
                    canvas.DrawText(ReportFonts.Fit(title, 8, ContentWidth * 0.6f), Margin, Margin, SKTextAlign.Left, Font(8), Paint(Muted));
                    canvas.DrawText(header, PageWidth - Margin, Margin, SKTextAlign.Right, Font(8, true), Paint(Muted));
                    canvas.DrawLine(Margin, Margin + 6, PageWidth - Margin, Margin + 6, Paint(Rule, 0.6f));
                    canvas.DrawText(pageLabel(i + 1, _pages.Count), PageWidth / 2, PageHeight - Margin + 12, SKTextAlign.Center, Font(8), Paint(Muted));
                }
                document.EndPage();
            }
            document.Close();
        }
        return PdfOutline.Add(stream.ToArray(), Outline, metadata.Language);
    }

    public void Dispose()
    {
        foreach (var font in _fonts.Values) font.Dispose();
    }
}

/// <summary>The document's metadata: its title, author, subject and keywords, and its language as a BCP 47 tag (da-DK).</summary>
public sealed record PdfMetadata(string Title, string Author, string Subject, string Keywords, string Language);
