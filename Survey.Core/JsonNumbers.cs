using System.Globalization;
using System.Text.Json.Nodes;

namespace Survey.Core;

public static class JsonNumbers
{
    /// <summary>
    /// A JSON number as double, whichever CLR type the node was built from: a JsonValue made from
    /// an int refuses GetValue&lt;double&gt;, one parsed from text accepts it.
    /// </summary>
    public static double ToDouble(this JsonValue value) =>
        value.TryGetValue(out double d) ? d : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
}
