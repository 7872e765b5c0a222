using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Survey.Core.Questionnaires.Expressions;

/// <summary>Date is what today(), currentDate() and the other date functions return: a JavaScript Date, its milliseconds since 1970 in <see cref="JsValue.Number"/>.</summary>
public enum JsKind { Undefined, Null, Boolean, Number, String, Array, Object, Date }

/// <summary>
/// A value as SurveyJS's expression engine sees it. SurveyJS runs in JavaScript, so conditions
/// follow JavaScript's loose comparison and truthiness rules; this type carries just enough of
/// them for the expression subset to behave identically on the server and in the browser.
/// </summary>
public sealed partial class JsValue
{
    public static readonly JsValue Undefined = new(JsKind.Undefined);
    public static readonly JsValue Null = new(JsKind.Null);
    public static readonly JsValue True = new(JsKind.Boolean) { Bool = true };
    public static readonly JsValue False = new(JsKind.Boolean) { Bool = false };

    public JsKind Kind { get; }
    public bool Bool { get; private init; }
    public double Number { get; private init; }
    public string Str { get; private init; } = "";
    public IReadOnlyList<JsValue> Items { get; private init; } = [];
    public IReadOnlyDictionary<string, JsValue> Props { get; private init; } = new Dictionary<string, JsValue>();

    private JsValue(JsKind kind) => Kind = kind;

    public static JsValue Of(bool b) => b ? True : False;
    public static JsValue Of(double d) => new(JsKind.Number) { Number = d };
    public static JsValue Of(string s) => new(JsKind.String) { Str = s };
    public static JsValue Of(IReadOnlyList<JsValue> items) => new(JsKind.Array) { Items = items };
    public static JsValue Of(IReadOnlyDictionary<string, JsValue> props) => new(JsKind.Object) { Props = props };
    public static JsValue Date(double epochMilliseconds) => new(JsKind.Date) { Number = epochMilliseconds };
    public static JsValue Date(DateTimeOffset moment) => Date((double)moment.ToUnixTimeMilliseconds());
    public static readonly JsValue NaN = Of(double.NaN);

    public bool IsValidDate => Kind == JsKind.Date && !double.IsNaN(Number);
    public DateTimeOffset Moment => DateTimeOffset.FromUnixTimeMilliseconds((long)Number);

    public bool IsNullish => Kind is JsKind.Null or JsKind.Undefined;

    public static JsValue FromJson(JsonNode? node) => node switch
    {
        null => Null,
        JsonArray a => Of(a.Select(FromJson).ToList()),
        JsonObject o => Of(o.ToDictionary(p => p.Key, p => FromJson(p.Value))),
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.True => True,
            System.Text.Json.JsonValueKind.False => False,
            System.Text.Json.JsonValueKind.String => Of(v.GetValue<string>()),
            System.Text.Json.JsonValueKind.Number => Of(v.ToDouble()),
            _ => Null,
        },
        _ => Null,
    };

    public JsonNode? ToJson() => Kind switch
    {
        JsKind.Undefined or JsKind.Null => null,
        JsKind.Boolean => JsonValue.Create(Bool),
        JsKind.Number => double.IsFinite(Number) ? JsonValue.Create(Number) : null, // JSON.stringify writes NaN as null
        JsKind.String => JsonValue.Create(Str),
        JsKind.Array => new JsonArray(Items.Select(i => i.ToJson()).ToArray()),
        // Date.prototype.toJSON: ISO 8601 in UTC with milliseconds; an invalid date is null.
        JsKind.Date => IsValidDate ? JsonValue.Create(Moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)) : null,
        _ => new JsonObject(Props.Select(p => KeyValuePair.Create(p.Key, p.Value.ToJson()))),
    };

    /// <summary>JavaScript truthiness.</summary>
    public bool IsTruthy => Kind switch
    {
        JsKind.Boolean => Bool,
        JsKind.Number => Number != 0 && !double.IsNaN(Number),
        JsKind.String => Str.Length > 0,
        JsKind.Array or JsKind.Object or JsKind.Date => true,
        _ => false,
    };

    /// <summary>SurveyJS's Helpers.isValueEmpty.</summary>
    public bool IsEmpty => Kind switch
    {
        JsKind.Array => Items.Count == 0,
        JsKind.Object => Props.Values.All(v => v.IsEmpty),
        JsKind.Number => double.IsNaN(Number),
        JsKind.Boolean or JsKind.Date => false,
        _ => !IsTruthy,
    };

    /// <summary>JavaScript's ToString, as used by comparisons and sorting.</summary>
    public string ToJsString() => Kind switch
    {
        JsKind.Undefined => "undefined",
        JsKind.Null => "null",
        JsKind.Boolean => Bool ? "true" : "false",
        JsKind.Number => NumberToString(Number),
        JsKind.String => Str,
        JsKind.Array => string.Join(",", Items.Select(i => i.IsNullish ? "" : i.ToJsString())),
        JsKind.Date => DateToString(this),
        _ => "[object Object]",
    };

    /// <summary>The time zone Date's local methods use: the browser's for a leader in Denmark, so the product's zone on the server.</summary>
    public static TimeZoneInfo LocalZone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    public DateTime Local => TimeZoneInfo.ConvertTime(Moment, LocalZone).DateTime;

    /// <summary>Date.prototype.toString without the zone's name, which differs between browsers.</summary>
    private static string DateToString(JsValue date)
    {
        if (!date.IsValidDate) return "Invalid Date";
        var local = TimeZoneInfo.ConvertTime(date.Moment, LocalZone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return local.ToString("ddd MMM dd yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " GMT" + sign + offset.ToString("hhmm", CultureInfo.InvariantCulture);
    }

    /// <summary>JavaScript's ToNumber.</summary>
    public double ToJsNumber() => Kind switch
    {
        JsKind.Undefined => double.NaN,
        JsKind.Null => 0,
        JsKind.Boolean => Bool ? 1 : 0,
        JsKind.Number or JsKind.Date => Number,
        JsKind.String => StringToNumber(Str),
        _ => StringToNumber(ToJsString()),
    };

    /// <summary>Number.prototype.toString: the shortest digits that read back as the same number, in ECMAScript's layout.</summary>
    public static string NumberToString(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        if (d == 0) return "0";
        // "E16" is not shortest; "R" is, so take its digits and exponent and lay them out as JavaScript does.
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? r : r[..e];
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = mantissa.Replace(".", "");
        var intDigits = point < 0 ? mantissa.Length : point;
        var lead = digits.TakeWhile(c => c == '0').Count();
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) return "0";
        var n = intDigits - lead + exponent; // the decimal point sits after n digits
        var k = digits.Length;
        string text;
        if (k <= n && n <= 21) text = digits + new string('0', n - k);
        else if (0 < n && n <= 21) text = digits[..n] + "." + digits[n..];
        else if (-6 < n && n <= 0) text = "0." + new string('0', -n) + digits;
        else
        {
            var exp = n - 1;
            var expText = (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
            text = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + expText;
        }
        return d < 0 ? "-" + text : text;
    }

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex DecimalLiteral();

    /// <summary>JavaScript's Number(string): whitespace trimmed, empty is 0, otherwise the whole text must be a number.</summary>
    public static double StringToNumber(string s)
    {
        s = s.Trim();
        if (s.Length == 0) return 0;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return long.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : double.NaN;
        if (s is "Infinity" or "+Infinity") return double.PositiveInfinity;
        if (s == "-Infinity") return double.NegativeInfinity;
        return DecimalLiteral().IsMatch(s) ? double.Parse(s, CultureInfo.InvariantCulture) : double.NaN;
    }

    public override string ToString() => Kind switch
    {
        JsKind.String => "'" + Str + "'",
        JsKind.Array => "[" + string.Join(", ", Items) + "]",
        JsKind.Object => "{" + string.Join(", ", Props.Select(p => p.Key + ": " + p.Value)) + "}",
        _ => ToJsString(),
    };
}
