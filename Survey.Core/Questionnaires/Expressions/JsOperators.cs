using System.Globalization;
using System.Text.RegularExpressions;

namespace Survey.Core.Questionnaires.Expressions;

/// <summary>
/// The operators of SurveyJS's expression engine (OperandMaker and Helpers in survey-library),
/// with its default comparator settings: strings compare trimmed and case-insensitively.
/// Each rule here has a vector in expression-vectors.json, which the browser evaluator runs too.
/// </summary>
public static partial class JsOperators
{
    /// <summary>The conversion SurveyJS applies to a constant or an answer before comparing (Const.getCorrectValue).</summary>
    public static JsValue CorrectValue(JsValue value)
    {
        if (value.Kind != JsKind.String || value.Str.Length == 0) return value;
        var s = value.Str;
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase)) return JsValue.True;
        if (s.Equals("false", StringComparison.OrdinalIgnoreCase)) return JsValue.False;
        if (s.Length > 1 && IsQuote(s[0]) && IsQuote(s[^1])) return JsValue.Of(s[1..^1]);
        var n = SurveyNumber(s);
        if (double.IsNaN(n)) return value;
        if (s[0] == '0' && !s.StartsWith("0x", StringComparison.Ordinal))
        {
            // "007" stays text (a code, not a number); "0.5" and "0" are numbers.
            var hasPoint = s.Length > 1 && (s[1] == '.' || s[1] == ',');
            if ((!hasPoint && s.Length > 1) || (hasPoint && s.Length < 2)) return value;
        }
        return JsValue.Of(n);
    }

    private static bool IsQuote(char c) => c is '\'' or '"';

    /// <summary>Helpers.getNumber: like Number(), but a single comma is a decimal point and operator characters make it NaN.</summary>
    public static double SurveyNumber(string s)
    {
        s = s.Trim();
        if (s.Length == 0) return double.NaN;
        if (s.StartsWith("0x", StringComparison.Ordinal))
            return s.Length > 32 ? double.NaN : JsValue.StringToNumber(s);
        if (s.Length > 15 && s.All(char.IsAsciiDigit)) return double.NaN;
        if (s.LastIndexOf('-') <= 0 && s.LastIndexOf('+') <= 0 && s.IndexOfAny(['*', '^', '/', '%']) >= 0) return double.NaN;
        var comma = s.IndexOf(',');
        if (comma >= 0 && s.IndexOf(',', comma + 1) < 0) s = s.Replace(',', '.');
        var n = JsValue.StringToNumber(s);
        return double.IsInfinity(n) ? double.NaN : n;
    }

    public static bool Equal(JsValue x, JsValue y)
    {
        JsDates.ForComparison(ref x, ref y);
        x = UndefinedText(x);
        y = UndefinedText(y);
        return TwoValueEquals(x, y, ignoreOrder: true);
    }

    private static JsValue UndefinedText(JsValue v) =>
        v.Kind == JsKind.String && v.Str == "undefined" ? JsValue.Undefined : v;

    /// <summary>Helpers.isTwoValueEquals with caseSensitive false and trimStrings true.</summary>
    public static bool TwoValueEquals(JsValue x, JsValue y, bool ignoreOrder)
    {
        if (StrictEquals(x, y)) return true;
        if (x.Kind == JsKind.Array && x.Items.Count == 0 && y.Kind == JsKind.Undefined) return true;
        if (y.Kind == JsKind.Array && y.Items.Count == 0 && x.Kind == JsKind.Undefined) return true;
        if (x.IsNullish && y.Kind == JsKind.String && y.Str == "") return true;
        if (y.IsNullish && x.Kind == JsKind.String && x.Str == "") return true;
        if (x.Kind == JsKind.String && y.Kind == JsKind.String)
            return string.Equals(x.Str.Trim().ToLowerInvariant(), y.Str.Trim().ToLowerInvariant(), StringComparison.Ordinal);
        if (x.Kind == JsKind.Date && y.Kind == JsKind.Date) return x.Number == y.Number;
        if (IsConvertibleToNumber(x) && IsConvertibleToNumber(y))
        {
            var ix = ParseInt(x.ToJsString());
            var iy = ParseInt(y.ToJsString());
            var fx = ParseFloat(x.ToJsString());
            var fy = ParseFloat(y.ToJsString());
            if (ix == iy && fx == fy) return true;
        }
        if (x.IsEmpty != y.IsEmpty) return false;
        if (x.Kind == JsKind.Boolean && y.Kind == JsKind.String) return (x.Bool ? "true" : "false") == y.Str.ToLowerInvariant();
        if (y.Kind == JsKind.Boolean && x.Kind == JsKind.String) return (y.Bool ? "true" : "false") == x.Str.ToLowerInvariant();
        var xObj = x.Kind is JsKind.Array or JsKind.Object or JsKind.Date;
        var yObj = y.Kind is JsKind.Array or JsKind.Object or JsKind.Date;
        if (!xObj && !yObj) return LooseEquals(x, y);
        if (!xObj || !yObj) return false;
        if (x.Kind == JsKind.Array && y.Kind == JsKind.Array)
        {
            if (x.Items.Count != y.Items.Count) return false;
            var xs = ignoreOrder ? JsSort(x.Items) : x.Items;
            var ys = ignoreOrder ? JsSort(y.Items) : y.Items;
            for (var i = 0; i < xs.Count; i++)
                if (!TwoValueEquals(xs[i], ys[i], ignoreOrder)) return false;
            return true;
        }
        // An array against an object compares their keys, as JavaScript's for..in would: an array's keys are its indexes.
        var xp = Keyed(x);
        var yp = Keyed(y);
        foreach (var (k, v) in xp)
            if (!yp.TryGetValue(k, out var other) || !TwoValueEquals(v, other, ignoreOrder)) return false;
        return yp.Keys.All(xp.ContainsKey);
    }

    private static IReadOnlyDictionary<string, JsValue> Keyed(JsValue v) => v.Kind is JsKind.Object or JsKind.Date
        ? v.Props
        : v.Items.Select((item, i) => (item, i)).ToDictionary(p => p.i.ToString(CultureInfo.InvariantCulture), p => p.item);

    /// <summary>Array.prototype.sort without a comparer: by ToString, undefined last.</summary>
    private static List<JsValue> JsSort(IReadOnlyList<JsValue> items) =>
        items.Where(i => i.Kind != JsKind.Undefined).OrderBy(i => i.ToJsString(), StringComparer.Ordinal)
            .Concat(items.Where(i => i.Kind == JsKind.Undefined)).ToList();

    private static bool StrictEquals(JsValue x, JsValue y)
    {
        if (x.Kind != y.Kind) return false;
        return x.Kind switch
        {
            JsKind.Undefined or JsKind.Null => true,
            JsKind.Boolean => x.Bool == y.Bool,
            JsKind.Number => x.Number == y.Number,
            JsKind.String => x.Str == y.Str,
            _ => ReferenceEquals(x, y),
        };
    }

    /// <summary>JavaScript's == between two primitives.</summary>
    private static bool LooseEquals(JsValue x, JsValue y)
    {
        if (x.IsNullish || y.IsNullish) return x.IsNullish && y.IsNullish;
        if (x.Kind == y.Kind) return StrictEquals(x, y);
        return x.ToJsNumber() == y.ToJsNumber();
    }

    /// <summary>Helpers.isConvertibleToNumber: not null or an array, and !isNaN(value).</summary>
    private static bool IsConvertibleToNumber(JsValue v) =>
        !v.IsNullish && v.Kind != JsKind.Array && !double.IsNaN(v.ToJsNumber());

    [GeneratedRegex(@"^\s*([+-]?)(0[xX][0-9a-fA-F]+|\d+)")]
    private static partial Regex IntPrefix();

    [GeneratedRegex(@"^\s*[+-]?(Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)")]
    private static partial Regex FloatPrefix();

    public static double ParseInt(string s)
    {
        var m = IntPrefix().Match(s);
        if (!m.Success) return double.NaN;
        var digits = m.Groups[2].Value;
        double value = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? (double)Convert.ToInt64(digits[2..], 16)
            : double.Parse(digits, CultureInfo.InvariantCulture);
        return m.Groups[1].Value == "-" ? -value : value;
    }

    public static double ParseFloat(string s)
    {
        var m = FloatPrefix().Match(s);
        if (!m.Success) return double.NaN;
        var text = m.Value.Trim();
        if (text.EndsWith("Infinity", StringComparison.Ordinal))
            return text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        return double.Parse(text, CultureInfo.InvariantCulture);
    }

    public static bool Greater(JsValue left, JsValue right) => Compare(left, right, (a, b) => a > b, c => c > 0);
    public static bool Less(JsValue left, JsValue right) => Compare(left, right, (a, b) => a < b, c => c < 0);
    public static bool GreaterOrEqual(JsValue left, JsValue right) => Equal(left, right) || Greater(left, right);
    public static bool LessOrEqual(JsValue left, JsValue right) => Equal(left, right) || Less(left, right);

    /// <summary>JavaScript's relational comparison, after SurveyJS's own rule that null or undefined compares false.</summary>
    private static bool Compare(JsValue left, JsValue right, Func<double, double, bool> numeric, Func<int, bool> textual)
    {
        if (left.IsNullish || right.IsNullish) return false;
        JsDates.ForComparison(ref left, ref right);
        var l = ToPrimitive(left);
        var r = ToPrimitive(right);
        if (l.Kind == JsKind.String && r.Kind == JsKind.String)
            return textual(string.CompareOrdinal(l.Str, r.Str));
        var a = l.ToJsNumber();
        var b = r.ToJsNumber();
        return !double.IsNaN(a) && !double.IsNaN(b) && numeric(a, b);
    }

    private static JsValue ToPrimitive(JsValue v) =>
        v.Kind is JsKind.Array or JsKind.Object ? JsValue.Of(v.ToJsString()) : v;

    public static bool Contains(JsValue left, JsValue right) => ContainsCore(left, right, isContains: true);

    /// <summary>Helpers.isNumber / getNumber for any value: text as <see cref="SurveyNumber"/>, anything else as parseFloat that must also be finite.</summary>
    public static double GetNumber(JsValue v)
    {
        if (v.Kind == JsKind.String) return SurveyNumber(v.Str);
        if (v.Kind == JsKind.Number) return double.IsFinite(v.Number) ? v.Number : double.NaN;
        var parsed = ParseFloat(v.ToJsString());
        return double.IsNaN(parsed) || !double.IsFinite(v.ToJsNumber()) ? double.NaN : parsed;
    }

    public static bool IsNumber(JsValue v) => !double.IsNaN(GetNumber(v));

    /// <summary>
    /// The arithmetic operators as OperandMaker.binaryFunctions.arithmeticOp applies them: an empty side
    /// becomes 0, '' or [] to suit the other, + and - round away binary noise to the operands' decimals
    /// (0.1 + 0.2 is 0.3), and dividing by nothing gives null.
    /// </summary>
    public static JsValue Arithmetic(BinaryOperator op, JsValue a, JsValue b)
    {
        a = ForArithmetic(a, b);
        b = ForArithmetic(b, a);
        return op switch
        {
            BinaryOperator.Plus => SumAnyValues(a, b),
            BinaryOperator.Minus => CorrectAfterPlusMinus(a, b, JsValue.Of(a.ToJsNumber() - b.ToJsNumber())),
            BinaryOperator.Multiply => CorrectAfterMultiple(a, b, JsValue.Of(a.ToJsNumber() * b.ToJsNumber())),
            BinaryOperator.Divide => b.IsTruthy ? JsValue.Of(a.ToJsNumber() / b.ToJsNumber()) : JsValue.Null,
            BinaryOperator.Modulo => b.IsTruthy ? JsValue.Of(a.ToJsNumber() % b.ToJsNumber()) : JsValue.Null,
            BinaryOperator.Power => JsValue.Of(JsPow(a.ToJsNumber(), b.ToJsNumber())),
            _ => throw new InvalidOperationException($"{op} is not arithmetic"),
        };
    }

    private static JsValue ForArithmetic(JsValue value, JsValue other)
    {
        if (!value.IsEmpty) return value;
        if (other.Kind == JsKind.Number) return JsValue.Of(0);
        if (value.Kind == JsKind.String) return value;
        if (other.Kind == JsKind.String) return JsValue.Of("");
        if (other.Kind == JsKind.Array) return JsValue.Of(Array.Empty<JsValue>());
        return JsValue.Of(0);
    }

    private static double JsPow(double a, double b) =>
        double.IsNaN(b) || (double.IsNaN(a) && b != 0) ? double.NaN : Math.Pow(a, b);

    /// <summary>Helpers.sumAnyValues.</summary>
    private static JsValue SumAnyValues(JsValue a, JsValue b)
    {
        if (!IsNumber(a) || !IsNumber(b))
        {
            if (a.Kind == JsKind.Array && b.Kind == JsKind.Array) return JsValue.Of([.. a.Items, .. b.Items]);
            if (a.Kind == JsKind.Array || b.Kind == JsKind.Array)
            {
                var arr = a.Kind == JsKind.Array ? a : b;
                var val = ReferenceEquals(arr, a) ? b : a;
                if (val.Kind == JsKind.String)
                {
                    var joined = string.Join(", ", arr.Items.Select(i => i.IsNullish ? "" : i.ToJsString()));
                    return JsValue.Of(ReferenceEquals(arr, a) ? joined + val.Str : val.Str + joined);
                }
                if (val.Kind == JsKind.Number)
                {
                    var total = JsValue.Of(0);
                    foreach (var item in arr.Items.Where(i => i.Kind == JsKind.Number))
                        total = CorrectAfterPlusMinus(total, item, JsValue.Of(total.Number + item.Number));
                    return CorrectAfterPlusMinus(total, val, JsValue.Of(total.Number + val.Number));
                }
            }
            return JsPlus(a, b);
        }
        if (a.Kind == JsKind.String || b.Kind == JsKind.String) return JsPlus(a, b);
        return CorrectAfterPlusMinus(a, b, JsPlus(a, b));
    }

    /// <summary>Helpers.countDecimals: the digits after the point in the value's text, for anything numeric that is not a whole number.</summary>
    private static int Decimals(JsValue v)
    {
        if (!IsNumber(v) || (v.Kind == JsKind.Number && Math.Floor(v.Number) == v.Number)) return 0;
        var parts = v.ToJsString().Split('.');
        return parts.Length > 1 ? parts[1].Length : 0;
    }

    public static JsValue CorrectAfterPlusMinus(JsValue a, JsValue b, JsValue result)
    {
        var digits = Math.Max(Decimals(a), Decimals(b));
        return digits > 0 && result.Kind == JsKind.Number ? JsValue.Of(ToFixed(result.Number, digits)) : result;
    }

    private static JsValue CorrectAfterMultiple(JsValue a, JsValue b, JsValue result)
    {
        var digits = Decimals(a) + Decimals(b);
        return digits > 0 && result.Kind == JsKind.Number ? JsValue.Of(ToFixed(result.Number, digits)) : result;
    }

    /// <summary>parseFloat(x.toFixed(digits)): both round the exact binary value, ties away from zero.</summary>
    private static double ToFixed(double x, int digits)
    {
        if (!double.IsFinite(x) || Math.Abs(x) >= 1e21) return x;
        return double.Parse(x.ToString("F" + Math.Min(digits, 100).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>JavaScript's a &lt; b with no SurveyJS rule in front (as min() and max() use it).</summary>
    public static bool RawLess(JsValue a, JsValue b)
    {
        var l = ToPrimitive(a);
        var r = ToPrimitive(b);
        if (l.Kind == JsKind.String && r.Kind == JsKind.String) return string.CompareOrdinal(l.Str, r.Str) < 0;
        var x = l.ToJsNumber();
        var y = r.ToJsNumber();
        return !double.IsNaN(x) && !double.IsNaN(y) && x < y;
    }

    /// <summary>JavaScript's binary +: text if either side becomes text, otherwise a sum of numbers.</summary>
    public static JsValue JsPlus(JsValue a, JsValue b)
    {
        static bool Textual(JsValue v) => v.Kind is JsKind.String or JsKind.Array or JsKind.Object or JsKind.Date;
        return Textual(a) || Textual(b)
            ? JsValue.Of(a.ToJsString() + b.ToJsString())
            : JsValue.Of(a.ToJsNumber() + b.ToJsNumber());
    }

    public static bool NotContains(JsValue left, JsValue right)
    {
        if (!left.IsTruthy && !right.IsEmpty) return true;
        return ContainsCore(left, right, isContains: false);
    }

    private static bool ContainsCore(JsValue left, JsValue right, bool isContains)
    {
        if (left.Kind == JsKind.Array && left.Items.Count == 0) return !isContains;
        if (!left.IsTruthy && !(left.Kind == JsKind.Number && left.Number == 0) && !(left.Kind == JsKind.Boolean)) return false;
        // Anything without a length (numbers, booleans, objects, empty arrays) is searched as its text.
        var hasLength = left.Kind == JsKind.String ? left.Str.Length > 0 : left.Kind == JsKind.Array && left.Items.Count > 0;
        if (!hasLength) left = JsValue.Of(left.ToJsString());
        if (left.Kind == JsKind.String)
        {
            if (!right.IsTruthy) return false;
            var found = left.Str.ToLowerInvariant().Contains(right.ToJsString().ToLowerInvariant(), StringComparison.Ordinal);
            return isContains ? found : !found;
        }
        var wanted = right.Kind == JsKind.Array ? right.Items : [right];
        foreach (var w in wanted)
        {
            if (!left.Items.Any(item => Equal(item, w))) return !isContains;
        }
        return isContains;
    }

    public static bool AnyOf(JsValue left, JsValue right)
    {
        if (left.IsEmpty && right.IsEmpty) return true;
        if (left.IsEmpty) return false;
        if (right.IsEmpty) return true;
        if (left.Kind != JsKind.Array) return Contains(right, left);
        if (right.Kind != JsKind.Array) return Contains(left, right);
        return right.Items.Any(r => Contains(left, r));
    }

    public static bool NoneOf(JsValue left, JsValue right) => !AnyOf(left, right);

    public static bool AllOf(JsValue left, JsValue right)
    {
        if (!left.IsTruthy && !right.IsEmpty) return false;
        if (right.Kind != JsKind.Array) return Contains(left, right);
        return right.Items.All(r => Contains(left, r));
    }

    /// <summary>How a condition's result becomes true or false: SurveyJS's ConditionRunner tests <c>result == true</c>.</summary>
    public static bool IsConditionTrue(JsValue result) => result.Kind switch
    {
        JsKind.Boolean => result.Bool,
        JsKind.Undefined or JsKind.Null => false,
        _ => ToPrimitive(result).ToJsNumber() == 1,
    };
}
