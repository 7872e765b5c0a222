using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using Survey.Core.Reports;

namespace Survey.Web.Reports;

/// <summary>
/// A chart (Survey.Core/Reports/Charts) as inline SVG, the same shapes the PDF draws, at 1.4 px a
/// point; named for screen readers by its caption, with its numbers in the table beside it.
/// </summary>
public static class SvgCharts
{
    private const float Scale = 1.4f;

    public static IHtmlContent Render(ChartDrawing chart, string id, string captionId)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        string N(float v) => v.ToString("0.##", inv);
        sb.Append(inv, $"<svg role=\"img\" aria-labelledby=\"{captionId}\" viewBox=\"0 0 {N(chart.Width)} {N(chart.Height)}\" width=\"{N(chart.Width * Scale)}\" class=\"bo-bars\" data-chart=\"{chart.Kind.ToString().ToLowerInvariant()}\" font-family=\"IBM Plex Sans, Arial, sans-serif\">");
        var fills = chart.Bands.Prepend(chart.Legend).SelectMany(b => b.Shapes).OfType<ChartBox>().Select(b => b.Fill)
            .Where(f => f.Pattern != ChartPattern.Solid).Distinct().Select((f, i) => (f, i)).ToDictionary(x => x.f, x => $"{id}-p{x.i}");
        if (fills.Count > 0)
        {
            sb.Append("<defs>");
            foreach (var (fill, patternId) in fills)
            {
                var t = N(Charts.Tile);
                sb.Append(inv, $"<pattern id=\"{patternId}\" patternUnits=\"userSpaceOnUse\" width=\"{t}\" height=\"{t}\"><rect width=\"{t}\" height=\"{t}\" fill=\"{fill.Colour}\"/>");
                var (lines, dots) = Charts.TileOf(fill.Pattern);
                foreach (var (x1, y1, x2, y2) in lines)
                    sb.Append(inv, $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"#fff\" stroke-width=\"{N(Charts.PatternStroke)}\"/>");
                foreach (var (x, y, r) in dots) sb.Append(inv, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(r)}\" fill=\"#fff\"/>");
                sb.Append("</pattern>");
            }
            sb.Append("</defs>");
        }
        float top = 0;
        foreach (var band in chart.Bands.Prepend(chart.Legend))
        {
            foreach (var shape in band.Shapes)
            {
                switch (shape)
                {
                    case ChartBox b:
                        sb.Append(inv, $"<rect x=\"{N(b.X)}\" y=\"{N(top + b.Y)}\" width=\"{N(b.Width)}\" height=\"{N(b.Height)}\" fill=\"{(fills.TryGetValue(b.Fill, out var p) ? $"url(#{p})" : b.Fill.Colour)}\"/>");
                        break;
                    case ChartText t:
                        var anchor = t.Align switch { ChartAlign.Centre => " text-anchor=\"middle\"", ChartAlign.Right => " text-anchor=\"end\"", _ => "" };
                        sb.Append(inv, $"<text x=\"{N(t.X)}\" y=\"{N(top + t.Y)}\" font-size=\"{N(t.Size)}\"{anchor}{(t.Bold ? " font-weight=\"600\"" : "")} fill=\"{t.Colour}\">{WebUtility.HtmlEncode(t.Text)}</text>");
                        break;
                    case ChartLine l:
                        sb.Append(inv, $"<line x1=\"{N(l.X1)}\" y1=\"{N(top + l.Y1)}\" x2=\"{N(l.X2)}\" y2=\"{N(top + l.Y2)}\" stroke=\"{l.Colour}\" stroke-width=\"{N(l.Width)}\"/>");
                        break;
                }
            }
            top += band.Height;
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }
}
