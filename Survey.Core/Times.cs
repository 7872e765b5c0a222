using System.Globalization;

namespace Survey.Core;

/// <summary>Times are stored in UTC and shown in Danish time (Europe/Copenhagen), whatever the server's zone.</summary>
public static class Times
{
    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    public static DateTime ToCopenhagen(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Copenhagen);

    /// <summary>A Danish wall-clock time (as typed in a form) in UTC; a time the spring change skips is taken an hour later.</summary>
    public static DateTime FromCopenhagen(DateTime local)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Copenhagen.IsInvalidTime(wall)) wall = wall.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(wall, Copenhagen);
    }

    /// <summary>The start of a Danish day in UTC.</summary>
    public static DateTime FromCopenhagen(DateOnly day) => FromCopenhagen(day.ToDateTime(TimeOnly.MinValue));

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
