using System.Globalization;
using System.Text.RegularExpressions;

namespace Survey.Core.Questionnaires.Expressions;

/// <summary>
/// Dates as SurveyJS's expressions treat them: JavaScript's Date, read from ISO text (a date alone is
/// local midnight, as survey-core's createDate makes it), and compared with text by
/// OperandMaker.convertValForDateCompare. "Local" is <see cref="JsValue.LocalZone"/>.
/// </summary>
public static partial class JsDates
{
    [GeneratedRegex(@"^(?<y>[+-]\d{6}|\d{4})(-(?<mo>\d{2})(-(?<d>\d{2}))?)?([T ](?<h>\d{2}):(?<mi>\d{2})(:(?<s>\d{2})(\.(?<f>\d{1,9}))?)?)?\s*(?<z>Z|[+-]\d{2}:?\d{2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex HasIsoDay();

    /// <summary>survey-core's createDate: no value is now; text is parsed as JavaScript's Date would parse ISO text.</summary>
    public static JsValue Create(JsValue value, ExpressionClock clock)
    {
        if (!value.IsTruthy) return JsValue.Date(clock.Now());
        return value.Kind switch
        {
            JsKind.Date => value,
            JsKind.Number => JsValue.Date(value.Number),
            JsKind.String => Parse(IsIsoDateOnly(value.Str) ? value.Str + "T00:00:00" : value.Str),
            _ => Parse(value.ToJsString()),
        };
    }

    private static bool IsIsoDateOnly(string s) =>
        s.IndexOf('T') <= 0 && HasIsoDay().IsMatch(s) && Parse(s).IsValidDate;

    /// <summary>new Date(text) for the ISO forms: a date alone is UTC, a date and time without an offset is local.</summary>
    public static JsValue Parse(string text)
    {
        var m = IsoDate().Match(text.Trim());
        if (!m.Success) return JsValue.Date(double.NaN);
        int Part(string name, int otherwise) => m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : otherwise;
        var year = Part("y", 0);
        int month = Part("mo", 1), day = Part("d", 1), hour = Part("h", 0), minute = Part("mi", 0), second = Part("s", 0);
        var fraction = m.Groups["f"].Success ? m.Groups["f"].Value.PadRight(3, '0')[..3] : "0";
        var ms = int.Parse(fraction, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) || hour > 24 || minute > 59 || second > 59 || year is < 1 or > 9999)
            return JsValue.Date(double.NaN);
        var wall = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddHours(hour).AddMinutes(minute).AddSeconds(second).AddMilliseconds(ms);
        var hasTime = m.Groups["h"].Success;
        if (m.Groups["z"].Success)
        {
            var z = m.Groups["z"].Value;
            var offset = z is "Z" or "z" ? TimeSpan.Zero : ParseOffset(z);
            return JsValue.Date(new DateTimeOffset(wall, offset));
        }
        return hasTime ? FromLocal(wall) : JsValue.Date(new DateTimeOffset(wall, TimeSpan.Zero));
    }

    private static TimeSpan ParseOffset(string z)
    {
        var digits = z[1..].Replace(":", "");
        var span = new TimeSpan(int.Parse(digits[..2], CultureInfo.InvariantCulture), int.Parse(digits[2..], CultureInfo.InvariantCulture), 0);
        return z[0] == '-' ? -span : span;
    }

    public static JsValue FromLocal(DateTime wall)
    {
        var zone = JsValue.LocalZone;
        // A wall time skipped by the spring change does not exist; JavaScript moves it forward by the gap.
        if (zone.IsInvalidTime(wall)) wall = wall.AddHours(1);
        return JsValue.Date(new DateTimeOffset(wall, zone.GetUtcOffset(wall)));
    }

    /// <summary>Applies a change to a date's local wall time (JavaScript's setHours and friends).</summary>
    public static JsValue WithLocal(JsValue date, Func<DateTime, DateTime> change) =>
        date.IsValidDate ? FromLocal(change(date.Local)) : date;

    /// <summary>OperandMaker.convertValForDateCompare applied to both operands, in survey-core's order, with its side effects.</summary>
    public static void ForComparison(ref JsValue left, ref JsValue right)
    {
        if (left.Kind != JsKind.Date && right.Kind != JsKind.Date) return;
        left = Convert(left, ref right);
        right = Convert(right, ref left);
    }

    private static JsValue Convert(JsValue value, ref JsValue second)
    {
        if (second.Kind == JsKind.Date && value.Kind == JsKind.String)
        {
            var result = Create(value, ExpressionClock.System);
            second = WithLocal(second, t => t.AddMilliseconds(-t.Millisecond));
            var local = second.IsValidDate ? second.Local : default;
            if (local.Hour > 0 || local.Minute > 0 || local.Second > 0) return result;
            return WithLocal(result, t => t.Date.AddMilliseconds(t.Millisecond));
        }
        if (second.Kind == JsKind.String && value.Kind == JsKind.Date)
        {
            var length = second.Str.Length;
            if (length < 17) value = WithLocal(value, t => t.AddSeconds(-t.Second).AddMilliseconds(-t.Millisecond));
            if (length < 14) value = WithLocal(value, t => t.AddMinutes(-t.Minute).AddSeconds(-t.Second));
            if (length < 11) value = WithLocal(value, t => t.AddHours(-t.Hour).AddMinutes(-t.Minute));
        }
        return value;
    }
}

/// <summary>What "now" is for today(), currentDate(), currentYear() and age(): the real clock, or a fixed one in tests.</summary>
public sealed record ExpressionClock(Func<DateTimeOffset> Now)
{
    public static readonly ExpressionClock System = new(() => DateTimeOffset.UtcNow);
}
