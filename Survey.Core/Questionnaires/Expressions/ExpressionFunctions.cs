using System.Globalization;
using System.Text.RegularExpressions;

namespace Survey.Core.Questionnaires.Expressions;

/// <summary>
/// The functions of SurveyJS's FunctionFactory that definitions use, each following survey-core's own
/// implementation (functionsfactory.ts), including its quirks: sum('a', 1) is "0a1", round(-2.5) is -3,
/// trunc cuts the text of the number. conditions.js carries the same set for the browser.
/// </summary>
public static class ExpressionFunctions
{
    private delegate JsValue Function(IReadOnlyList<JsValue> args, ExpressionClock clock);

    private static readonly Dictionary<string, Function> Functions = new(StringComparer.Ordinal)
    {
        ["iif"] = (a, _) => a.Count < 2 ? JsValue.Null : a[0].IsTruthy ? a[1] : a.Count > 2 ? a[2] : JsValue.Undefined,
        ["sum"] = (a, _) => Sum(Flatten(a)),
        ["count"] = (a, _) => JsValue.Of(Flatten(a).Count),
        ["avg"] = (a, _) => Flatten(a) is { Count: > 0 } all ? Divide(Sum(all), all.Count) : JsValue.Of(0),
        ["min"] = (a, _) => MinMax(Flatten(a), isMin: true),
        ["max"] = (a, _) => MinMax(Flatten(a), isMin: false),
        ["round"] = (a, _) => Round(Flatten(a)),
        ["trunc"] = (a, _) => Trunc(Flatten(a)),
        ["today"] = (a, clock) =>
        {
            var midnight = JsDates.WithLocal(JsValue.Date(clock.Now()), t => t.Date);
            return a.Count == 1 ? JsDates.WithLocal(midnight, t => t.AddDays(a[0].ToJsNumber())) : midnight;
        },
        ["currentDate"] = (_, clock) => JsValue.Date(clock.Now()),
        ["currentYear"] = (_, clock) => JsValue.Of(JsValue.Date(clock.Now()).Local.Year),
        ["age"] = (a, clock) => a.Count < 1 || !a[0].IsTruthy ? JsValue.Null : Age(a[0], a.Count > 1 && a[1].IsTruthy ? a[1].ToJsString() : "years", clock),
    };

    private const double NumberEpsilon = 2.220446049250313e-16; // JavaScript's Number.EPSILON, 2^-52

    public static IEnumerable<string> Names => Functions.Keys;

    public static bool Exists(string name) => Functions.ContainsKey(name);

    public static JsValue Call(string name, IReadOnlyList<JsValue> args, ExpressionClock clock) =>
        Functions.TryGetValue(name, out var f) ? f(args, clock) : throw new InvalidOperationException($"Unknown function {name}");

    /// <summary>getParamsAsArray: arrays flattened, null and undefined left out, numeric text made a number.</summary>
    private static List<JsValue> Flatten(IReadOnlyList<JsValue> args)
    {
        var all = new List<JsValue>();
        void Add(JsValue v)
        {
            if (v.IsNullish) return;
            if (v.Kind == JsKind.Array)
            {
                foreach (var item in v.Items) Add(item);
                return;
            }
            all.Add(JsOperators.IsNumber(v) ? JsValue.Of(JsOperators.GetNumber(v)) : v);
        }
        foreach (var a in args) Add(a);
        return all;
    }

    private static JsValue Sum(List<JsValue> all)
    {
        var result = JsValue.Of(0);
        foreach (var v in all) result = JsOperators.CorrectAfterPlusMinus(result, v, JsOperators.JsPlus(result, v));
        return result;
    }

    private static JsValue Divide(JsValue total, int count) => JsValue.Of(total.ToJsNumber() / count);

    private static JsValue MinMax(List<JsValue> all, bool isMin)
    {
        JsValue? result = null;
        foreach (var v in all)
        {
            result ??= v;
            if (isMin ? JsOperators.RawLess(v, result) : JsOperators.RawLess(result, v)) result = v;
        }
        return result ?? JsValue.Undefined;
    }

    private static JsValue Round(List<JsValue> all)
    {
        if (all.Count == 0) return JsValue.NaN;
        var precision = all.Count > 1 && all[1].IsTruthy ? all[1] : JsValue.Of(0);
        if (!JsOperators.IsNumber(all[0]) || !JsOperators.IsNumber(precision)) return JsValue.NaN;
        var p = Math.Pow(10, precision.ToJsNumber());
        var n = all[0].ToJsNumber() * p * (1 + NumberEpsilon);
        return JsValue.Of(Math.Floor(n + 0.5) / p);
    }

    private static JsValue Trunc(List<JsValue> all)
    {
        if (all.Count == 0) return JsValue.NaN;
        var precision = all.Count > 1 && all[1].IsTruthy ? all[1] : JsValue.Of(-1);
        if (!JsOperators.IsNumber(all[0]) || !JsOperators.IsNumber(precision)) return JsValue.NaN;
        var digits = (int)precision.ToJsNumber();
        // survey-core builds "^-?\d+(?:.\d{0,p})?"; with p = -1 the braces are literal text in JavaScript, so only the whole part matches.
        var pattern = digits < 0 ? @"^-?\d+" : @"^-?\d+(?:.\d{0," + digits.ToString(CultureInfo.InvariantCulture) + "})?";
        var m = Regex.Match(all[0].ToJsString(), pattern);
        return m.Success ? JsValue.Of(JsValue.StringToNumber(m.Value)) : JsValue.NaN;
    }

    /// <summary>dateDiffMonths from the date to now, in whole years or months.</summary>
    private static JsValue Age(JsValue birth, string unit, ExpressionClock clock)
    {
        var from = JsDates.Create(birth, clock);
        var to = JsValue.Date(clock.Now());
        if (!from.IsValidDate) return unit == "months" ? JsValue.NaN : JsValue.Of(0);
        var a = from.Local;
        var b = to.Local;
        var months = (b.Year - a.Year) * 12 + b.Month - a.Month;
        if (b.Day < a.Day) months -= 1;
        return JsValue.Of(unit == "months" ? months : Math.Truncate(months / 12.0));
    }
}
