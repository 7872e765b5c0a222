using Microsoft.Extensions.Options;
using SkiaSharp;
using Survey.Core;
using Survey.Core.Reports;
using Survey.Core.Reports.Pdf;

namespace Survey.Web.Reports;

/// <summary>The "Reports" section: who publishes the reports (README, "Configuration").</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>The largest logo file read, in bytes.</summary>
    public const long MaxLogoBytes = 2 * 1024 * 1024;

    /// <summary>The organisation named on a report's cover and as the PDF's author.</summary>
    public string? Organisation { get; set; }

    /// <summary>A PNG or JPEG file shown on the cover above the organisation's name; none when empty.</summary>
    public string? LogoPath { get; set; }

    public static IEnumerable<string> Check(ReportOptions o)
    {
        if (o.Organisation is { Length: > 200 })
            yield return SiteSettings.Wrong("Reports:Organisation", o.Organisation[..40] + "…", "a name of at most 200 characters");
        if (string.IsNullOrWhiteSpace(o.LogoPath)) yield break;
        var file = new FileInfo(o.LogoPath);
        if (!file.Exists) yield return SiteSettings.Wrong("Reports:LogoPath", o.LogoPath, "a PNG or JPEG file that exists and the site may read");
        else if (file.Length > MaxLogoBytes) yield return SiteSettings.Wrong("Reports:LogoPath", o.LogoPath, $"a PNG or JPEG file of at most {MaxLogoBytes} bytes");
        else if (ReadLogo(file.FullName) is null) yield return SiteSettings.Wrong("Reports:LogoPath", o.LogoPath, "a PNG or JPEG file (this one cannot be read as an image)");
    }

    /// <summary>The file's bytes when they are a PNG or JPEG image, else null.</summary>
    public static byte[]? ReadLogo(string path)
    {
        var bytes = File.ReadAllBytes(path);
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        return codec?.EncodedFormat is SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg ? bytes : null;
    }
}

/// <summary>The summary as a published PDF: the numbers, the method of collection and who publishes it, the same from the page and the API.</summary>
public sealed class SummaryReports(SummaryBuilder builder, IOptions<ReportOptions> options, TimeProvider time)
{
    private readonly Lazy<ReportBranding> _branding = new(() =>
    {
        var o = options.Value;
        var logo = string.IsNullOrWhiteSpace(o.LogoPath) ? null : ReportOptions.ReadLogo(o.LogoPath);
        return new ReportBranding(string.IsNullOrWhiteSpace(o.Organisation) ? null : o.Organisation.Trim(), logo);
    });

    /// <summary>The PDF of the summary the request asks for, with the cross-tabulation when given; null when there is no such questionnaire.</summary>
    public async Task<byte[]?> PdfAsync(SummaryRequest request, CrossTabulation? cross, bool intervals)
    {
        var summary = await builder.BuildAsync(request);
        if (summary is null) return null;
        var method = await builder.MethodAsync(request);
        return SummaryPdf.Render(summary, request.Lang, time.GetUtcNow().UtcDateTime, new SummaryPdfOptions(cross, intervals, method, _branding.Value));
    }
}
