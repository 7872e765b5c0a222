using System.Globalization;

namespace Survey.Core;

/// <summary>Times are stored in UTC and shown in Danish time (Europe/Copenhagen), whatever the server's zone.</summary>
public static class Times
{
    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    public static DateTime ToCopenhagen(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Copenhagen);

    /// <summary>"27. november 2026 kl. 11.44" or "27 November 2026 at 11:44", by the current UI culture.</summary>
    public static string LongLocal(DateTime utc) => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en"
        ? ToCopenhagen(utc).ToString("d MMMM yyyy 'at' HH:mm", new CultureInfo("en-GB"))
        : ToCopenhagen(utc).ToString("d. MMMM yyyy 'kl.' HH.mm", new CultureInfo("da-DK"));

    /// <summary>"27. november 2026" or "27 November 2026": the one date format of reports, by the current UI culture.</summary>
    public static string LongDate(DateTime utc) => LongDate(DateOnly.FromDateTime(ToCopenhagen(utc)));

    public static string LongDate(DateOnly day) => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en"
        ? day.ToString("d MMMM yyyy", new CultureInfo("en-GB"))
        : day.ToString("d. MMMM yyyy", new CultureInfo("da-DK"));

    /// <summary>"2026-11-27 11:44", for tables.</summary>
    public static string ShortLocal(DateTime utc) => ToCopenhagen(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
