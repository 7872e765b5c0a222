using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Survey.Web.Reports;

/// <summary>A horizontal bar chart as inline SVG, labelled for screen readers by a caption; the numbers are always in a table beside it.</summary>
public static class SvgBars
{
    public static IHtmlContent Render(IReadOnlyList<(string Label, double Percent)> bars, string captionId)
    {
        const int row = 28, labelWidth = 240, scale = 3;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-labelledby=\"{captionId}\" viewBox=\"0 0 600 {bars.Count * row + 4}\" width=\"600\" class=\"bo-bars\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, percent) = bars[i];
            var y = i * row + 2;
            var width = (int)Math.Round(Math.Clamp(percent, 0, 100) * scale);
            var text = label.Length > 34 ? label[..33] + "…" : label;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 17}\" font-size=\"13\" fill=\"#1a1a1a\">{WebUtility.HtmlEncode(text)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{width}\" height=\"22\" fill=\"#0059b3\"></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + 6 + width}\" y=\"{y + 17}\" font-size=\"13\" fill=\"#1a1a1a\">{percent.ToString("0.#", CultureInfo.CurrentCulture)} %</text>");
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }
}
