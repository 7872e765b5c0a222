using System.Globalization;

namespace Survey.Core.Reports;

/// <summary>
/// The summary's numbers as CSV (the aggregates, not the answers): one row per question, answer and
/// group, with the count and share, or "–" where the group is hidden, exactly as in the summary.
/// </summary>
public static class SummaryCsv
{
    public static byte[] Write(QuestionnaireSummary s, bool danishExcel)
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
                        rows.Add([q.Name, q.Title, row, o.Value, o.Label, label, Count(cell?.Count), Number(cell?.Percent), "", "", ""]);
                    }
            }
            void Stat(string row, Stats? totalStats, IReadOnlyDictionary<string, Stats?> byGroup)
            {
                foreach (var (key, label) in groups)
                {
                    var st = key.Length == 0 ? totalStats : byGroup.GetValueOrDefault(key);
                    rows.Add([q.Name, q.Title, row, "", "", label, Count(st?.N), "", Number(st?.Mean), Number(st?.Median), Number(st?.StandardDeviation)]);
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
                    rows.Add([q.Name, q.Title, r.Value, r.Value, r.Label, label, "", "", Number(key.Length == 0 ? r.Total : r.Groups.GetValueOrDefault(key)), "", ""]);
        }
        return CsvFile.Write(["question", "question_text", "row", "value", "label", "group", "count", "percent", "mean", "median", "sd"], rows, danishExcel);
    }

    /// <summary>The usable interview quotes of the summary, one row per quote and theme, with the same withholding as on screen.</summary>
    public static byte[] WriteQuotes(QuestionnaireSummary s, bool danishExcel) =>
        CsvFile.Write(["theme", "sector", "sector_label", "question", "question_text", "quote"],
            s.Quotes.Themes.SelectMany(t => t.Sectors.SelectMany(sector => sector.Quotes.Select(q =>
                (IReadOnlyList<string?>)[t.Theme, sector.Sector, sector.Label, q.Question, q.QuestionTitle, q.Text]))).ToList(),
            danishExcel);
}
