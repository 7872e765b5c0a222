using System.Globalization;

namespace Survey.Core.Reports;

/// <summary>
/// The summary's numbers as CSV (the aggregates, not the answers): one row per question, answer and
/// group, with the count and share and the share's 95 % interval (a mean's for statistics), or "–"
/// where the group is hidden, exactly as in the summary; a cross-tabulation asked for follows, a
/// line per cell with its row and column percentages.
/// </summary>
public static class SummaryCsv
{
    public static byte[] Write(QuestionnaireSummary s, bool danishExcel, CrossTabulation? cross = null)
    {
        var culture = danishExcel ? new CultureInfo("da-DK") : CultureInfo.InvariantCulture;
        string Number(double? d) => d?.ToString("0.##", culture) ?? "–";
        string Count(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "–";
        var total = CoreText.Format("PdfTotal");
        var groups = new List<(string Key, string Label)> { ("", total) };
        groups.AddRange(s.Groups.Select(g => (g.Key, g.Label)));
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var q in s.Questions)
        {
            void Options(string row, IEnumerable<OptionRow> options)
            {
                foreach (var o in options)
                    foreach (var (key, label) in groups)
                    {
                        var cell = key.Length == 0 ? o.Total : o.Groups.GetValueOrDefault(key);
                        rows.Add([q.Name, q.Title, row, o.Value, o.Label, label, Count(cell?.Count), Number(cell?.Percent), "", "", "",
                            Number(cell?.Interval?.Low), Number(cell?.Interval?.High), "", "", ""]);
                    }
            }
            void Stat(string row, Stats? totalStats, IReadOnlyDictionary<string, Stats?> byGroup)
            {
                foreach (var (key, label) in groups)
                {
                    var st = key.Length == 0 ? totalStats : byGroup.GetValueOrDefault(key);
                    rows.Add([q.Name, q.Title, row, "", "", label, Count(st?.N), "", Number(st?.Mean), Number(st?.Median), Number(st?.StandardDeviation),
                        "", "", Number(st?.Interval?.Low), Number(st?.Interval?.High), ""]);
                }
            }
            Options("", q.Options);
            if (q.Stats is not null || q.StatsByGroup.Count > 0 && q.HasStatistics) Stat("", q.Stats, q.StatsByGroup);
            foreach (var r in q.Rows)
            {
                Options(r.Value, r.Options);
                if (r.Total is not null) Stat(r.Value, r.Total, r.Groups);
            }
            foreach (var r in q.Ranking)
                foreach (var (key, label) in groups)
                    rows.Add([q.Name, q.Title, r.Value, r.Value, r.Label, label, "", "", Number(key.Length == 0 ? r.Total : r.Groups.GetValueOrDefault(key)), "", "",
                        "", "", "", "", ""]);
        }
        if (cross is not null)
        {
            // The cross-tabulation: a line per cell (its row as the group, its column as the answer), the margins, and the test.
            var name = $"crosstab:{cross.Rows}*{cross.Columns}";
            var title = $"{cross.RowsLabel} × {cross.ColumnsLabel}";
            for (var r = 0; r < cross.RowGroups.Count; r++)
            {
                var rowGroup = cross.RowGroups[r];
                for (var c = 0; c < cross.ColumnGroups.Count; c++)
                {
                    var cell = cross.Cells[r][c];
                    rows.Add([name, title, rowGroup.Key, cross.ColumnGroups[c].Key, cross.ColumnGroups[c].Label, rowGroup.Label, Count(cell.Count), Number(cell.RowPercent),
                        "", "", "", "", "", "", "", Number(cell.ColumnPercent)]);
                }
                rows.Add([name, title, rowGroup.Key, "", total, rowGroup.Label, Count(rowGroup.Total), "", "", "", "", "", "", "", "", ""]);
            }
            foreach (var c in cross.ColumnGroups)
                rows.Add([name, title, "", c.Key, c.Label, total, Count(c.Total), "", "", "", "", "", "", "", "", ""]);
            rows.Add([name, title, "", "", total, total, Count(cross.Total), "", "", "", "", "", "", "", "", ""]);
            if (cross.Test is { } t)
                rows.Add([name, title, "", "", CoreText.Format("CrossTestLine", t.ChiSquare.ToString("0.###", culture), t.DegreesOfFreedom,
                    t.PValue.ToString("G4", culture), t.CramersV.ToString("0.###", culture), t.N), "", "", "", "", "", "", "", "", "", "", ""]);
        }
        return CsvFile.Write(["question", "question_text", "row", "value", "label", "group", "count", "percent", "mean", "median", "sd",
            "percent_low", "percent_high", "mean_low", "mean_high", "column_percent"], rows, danishExcel);
    }

    /// <summary>The usable interview quotes of the summary, one row per quote and theme, with the same withholding as on screen.</summary>
    public static byte[] WriteQuotes(QuestionnaireSummary s, bool danishExcel) =>
        CsvFile.Write(["theme", "sector", "sector_label", "question", "question_text", "quote"],
            s.Quotes.Themes.SelectMany(t => t.Sectors.SelectMany(sector => sector.Quotes.Select(q =>
                (IReadOnlyList<string?>)[t.Theme, sector.Sector, sector.Label, q.Question, q.QuestionTitle, q.Text]))).ToList(),
            danishExcel);
}
