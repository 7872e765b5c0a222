namespace Survey.Core.Reports;

/// <summary>
/// Local suppression for raw data: cells of the quasi-identifying columns (sector, background
/// variables, mode) are blanked, one at a time where it helps most, until every combination of
/// those columns occurs at least the minimum number of times. A blank counts as a value of its own.
/// </summary>
public static class LocalSuppression
{
    /// <summary>Blanks cells of <paramref name="rows"/> in place; each row holds the same columns. Needs at least min rows.</summary>
    public static void Apply(IReadOnlyList<string[]> rows, int min)
    {
        if (rows.Count == 0) return;
        if (rows.Count < min) throw new ArgumentException("Fewer rows than the minimum cannot be made safe by blanking cells.", nameof(rows));
        var width = rows[0].Length;
        while (true)
        {
            var groups = rows.GroupBy(Key).ToDictionary(g => g.Key, g => g.ToList());
            var small = groups.Where(g => g.Value.Count < min).SelectMany(g => g.Value).ToList();
            if (small.Count == 0) return;
            var open = small.Where(r => r.Any(c => c.Length > 0)).ToList();
            if (open.Count == 0)
            {
                // Only fully blank rows are left, too few of them: blank rows of the largest group to join them
                // (that group stays at least the minimum if it can; if not, its rows follow in the next rounds).
                var blanks = small.Count;
                var donor = groups.Where(g => g.Value.Count >= min).OrderByDescending(g => g.Value.Count).First().Value;
                foreach (var r in donor.Take(min - blanks)) Array.Fill(r, "");
                continue;
            }
            // In each row that is still too rare, blank the value that is rarest in its column: it is
            // what sets the row apart, and blanking it joins the row to the most others.
            var counts = Enumerable.Range(0, width)
                .Select(c => rows.GroupBy(r => r[c]).ToDictionary(g => g.Key, g => g.Count())).ToList();
            foreach (var r in open)
            {
                var column = Enumerable.Range(0, width).Where(c => r[c].Length > 0).MinBy(c => counts[c][r[c]]);
                r[column] = "";
            }
        }
    }

    private static string Key(string[] row) => string.Join('\u001f', row);
}
