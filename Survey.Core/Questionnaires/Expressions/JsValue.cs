using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Survey.Core.Questionnaires.Expressions;

public enum JsKind { Undefined, Null, Boolean, Number, String, Array, Object }

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
        JsKind.Number => JsonValue.Create(Number),
        JsKind.String => JsonValue.Create(Str),
        JsKind.Array => new JsonArray(Items.Select(i => i.ToJson()).ToArray()),
        _ => new JsonObject(Props.Select(p => KeyValuePair.Create(p.Key, p.Value.ToJson()))),
    };

    /// <summary>JavaScript truthiness.</summary>
    public bool IsTruthy => Kind switch
    {
        JsKind.Boolean => Bool,
        JsKind.Number => Number != 0 && !double.IsNaN(Number),
        JsKind.String => Str.Length > 0,
        JsKind.Array or JsKind.Object => true,
        _ => false,
    };

    /// <summary>SurveyJS's Helpers.isValueEmpty.</summary>
    public bool IsEmpty => Kind switch
    {
        JsKind.Array => Items.Count == 0,
        JsKind.Object => Props.Values.All(v => v.IsEmpty),
        JsKind.Number => double.IsNaN(Number),
        JsKind.Boolean => false,
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
        _ => "[object Object]",
    };

    /// <summary>JavaScript's ToNumber.</summary>
    public double ToJsNumber() => Kind switch
    {
        JsKind.Undefined => double.NaN,
        JsKind.Null => 0,
        JsKind.Boolean => Bool ? 1 : 0,
        JsKind.Number => Number,
        JsKind.String => StringToNumber(Str),
        _ => StringToNumber(ToJsString()),
    };

    public static string NumberToString(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        return d.ToString("R", CultureInfo.InvariantCulture);
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
