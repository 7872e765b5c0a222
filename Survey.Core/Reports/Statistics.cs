using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Survey.Core.Reports;

/// <summary>A 95 % interval: a share in percent (Wilson) or a mean (Student's t).</summary>
public sealed record Interval(double Low, double High);

/// <summary>Pearson's chi-square test of independence of a table, with Cramér's V.</summary>
public sealed record IndependenceTest(double ChiSquare, int DegreesOfFreedom, double PValue, double CramersV, long N,
    int CellsExpectedBelowFive, int Cells);

/// <summary>The statistics the reports give beside their counts, each as the textbooks define it.</summary>
public static class Statistics
{
    /// <summary>A p-value as reports print it: "p = 0.123" to three decimals, or "p &lt; 0.001" below that (in the current culture).</summary>
    public static string FormatP(double p) => p < 0.001
        ? "p < " + 0.001.ToString("0.000", System.Globalization.CultureInfo.CurrentCulture)
        : "p = " + p.ToString("0.000", System.Globalization.CultureInfo.CurrentCulture);

    /// <summary>An interval as reports print it: [low–high], to the decimals given.</summary>
    public static string Format(Interval? i, string format) => i is null ? "" :
        $"[{i.Low.ToString(format, System.Globalization.CultureInfo.CurrentCulture)}–{i.High.ToString(format, System.Globalization.CultureInfo.CurrentCulture)}]";

    /// <summary>The normal quantile of a two-sided 95 % interval.</summary>
    private const double Z = 1.959963984540054;

    /// <summary>
    /// The Wilson score interval of <paramref name="count"/> in <paramref name="of"/> at 95 %, in
    /// percent: unlike the normal approximation it stays within 0–100 and is sound for small groups
    /// and shares near 0 or 100.
    /// </summary>
    public static Interval? Wilson(long count, long of)
    {
        if (of <= 0) return null;
        double n = of, p = count / n, z2 = Z * Z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return new Interval(Math.Round(Math.Max(0, centre - half) * 100, 1), Math.Round(Math.Min(1, centre + half) * 100, 1));
    }

    /// <summary>The 95 % t-interval of a mean of <paramref name="n"/> values with sample standard deviation <paramref name="sd"/>.</summary>
    public static Interval? MeanInterval(double mean, double sd, long n)
    {
        if (n < 2) return null;
        var half = StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n);
        return new Interval(Math.Round(mean - half, 2), Math.Round(mean + half, 2));
    }

    /// <summary>
    /// The chi-square test of independence of a table of counts (rows and columns without any count
    /// left out), or null where it has fewer than two rows or columns.
    /// </summary>
    public static IndependenceTest? Independence(IReadOnlyList<IReadOnlyList<long>> table)
    {
        var rows = table.Where(r => r.Sum() > 0).ToList();
        if (rows.Count == 0) return null;
        var columns = Enumerable.Range(0, rows[0].Count).Where(c => rows.Sum(r => r[c]) > 0).ToList();
        if (rows.Count < 2 || columns.Count < 2) return null;
        var rowTotals = rows.Select(r => (double)columns.Sum(c => r[c])).ToList();
        var columnTotals = columns.Select(c => (double)rows.Sum(r => r[c])).ToList();
        var n = rowTotals.Sum();
        double chi = 0;
        var low = 0;
        for (var i = 0; i < rows.Count; i++)
            for (var j = 0; j < columns.Count; j++)
            {
                var expected = rowTotals[i] * columnTotals[j] / n;
                if (expected < 5) low++;
                chi += (rows[i][columns[j]] - expected) * (rows[i][columns[j]] - expected) / expected;
            }
        var df = (rows.Count - 1) * (columns.Count - 1);
        // The upper tail directly, which keeps small p-values exact where 1 − CDF would round to 0.
        var p = SpecialFunctions.GammaUpperRegularized(df / 2.0, chi / 2);
        var v = Math.Sqrt(chi / (n * Math.Min(rows.Count - 1, columns.Count - 1)));
        return new IndependenceTest(Math.Round(chi, 3), df, p, Math.Round(v, 3), (long)n, low, rows.Count * columns.Count);
    }
}
