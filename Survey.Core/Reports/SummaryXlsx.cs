using System.Globalization;

namespace Survey.Core.Reports;

/// <summary>
/// The summary as an Excel workbook: a cover sheet (what was asked of whom, when, broken down how,
/// the small-group rule and every footnote), then one sheet per question with its table by group
/// (count and percent in columns of their own, so they can be calculated with), its statistics,
/// its matrix rows and its ranking; hidden cells are "–" as everywhere, explained on the cover.
/// </summary>
public static class SummaryXlsx
{
    public static byte[] Write(QuestionnaireSummary s, string lang, DateTime generatedUtc)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(lang == "en" ? "en-GB" : "da-DK");
        try
        {
            var sheets = new List<XlsxSheet> { Cover(s, generatedUtc) };
            sheets.AddRange(s.Questions.Select((q, i) => Question(s, q, i + 1)));
            return XlsxFile.Write(sheets);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static string T(string key, params object[] args) => CoreText.Format(key, args);

    private static XlsxSheet Cover(QuestionnaireSummary s, DateTime generatedUtc)
    {
        List<IReadOnlyList<XlsxCell>> rows =
        [
            [new XlsxCell(s.Title, Bold: true)],
            [T("PdfSubtitle")],
            [],
            [T("PdfPeriod"), s.FirstSubmittedUtc is { } first && s.LastSubmittedUtc is { } last
                ? $"{Times.ToCopenhagen(first):yyyy-MM-dd} – {Times.ToCopenhagen(last):yyyy-MM-dd}" : "–"],
            [T("PdfAnswers"), XlsxCell.Of(s.Completed)],
        ];
        if (s.HasInvitations)
        {
            rows.Add([T("PdfInvited"), XlsxCell.Of(s.Invited)]);
            rows.Add([T("PdfRate") + " (%)", XlsxCell.Of(s.ResponseRate)]);
        }
        rows.Add([T("PdfBreakdown"), s.ByLabel.Length == 0 ? T("PdfNoBreakdown") : s.ByLabel]);
        rows.Add([T("PdfMode"), T("PdfMode_" + s.Mode)]);
        rows.Add([T("PdfMinGroup"), XlsxCell.Of(s.MinGroupSize)]);
        rows.Add([T("PdfGenerated"), Times.LongLocal(generatedUtc)]);
        if (s.Groups.Count > 0)
        {
            rows.Add([]);
            rows.Add([new XlsxCell(s.ByLabel, Bold: true), new XlsxCell(T("PdfInvited"), Bold: true), new XlsxCell(T("PdfAnswers"), Bold: true),
                new XlsxCell(T("PdfRate") + " (%)", Bold: true)]);
            rows.AddRange(s.Groups.Select(g => (IReadOnlyList<XlsxCell>)[g.Label, g.Invited is null ? "" : XlsxCell.Of(g.Invited), XlsxCell.Of(g.Completed),
                XlsxCell.Of(g.ResponseRate)]));
        }
        rows.Add([]);
        rows.Add([new XlsxCell(T("PdfNotes"), Bold: true)]);
        rows.AddRange(s.Footnotes.Select(f => (IReadOnlyList<XlsxCell>)[f]));
        rows.Add([T("PdfConfidential")]);
        return new XlsxSheet(T("XlsxCover"), rows, FrozenRows: 0);
    }

    private static XlsxSheet Question(QuestionnaireSummary s, QuestionSummary q, int number)
    {
        var groups = s.Groups;
        // Row 1 the question, row 2 the column headings: both stay in view.
        var header = new List<XlsxCell> { new(T("PdfAnswer"), Bold: true), new(T("PdfTotal") + " (n)", Bold: true), new(T("PdfTotal") + " (%)", Bold: true) };
        foreach (var g in groups)
        {
            header.Add(new XlsxCell($"{g.Label} (n)", Bold: true));
            header.Add(new XlsxCell($"{g.Label} (%)", Bold: true));
        }
        List<IReadOnlyList<XlsxCell>> rows = [[new XlsxCell($"{number}. {q.Title}", Bold: true)], header];
        IReadOnlyList<XlsxCell> OptionRow(string label, OptionRow o)
        {
            var cells = new List<XlsxCell> { label, XlsxCell.Of(o.Total.Count), XlsxCell.Of(o.Total.Percent) };
            foreach (var g in groups)
            {
                var cell = o.Groups.GetValueOrDefault(g.Key);
                cells.Add(XlsxCell.Of(cell?.Count));
                cells.Add(XlsxCell.Of(cell?.Percent));
            }
            return cells;
        }
        rows.AddRange(q.Options.Select(o => OptionRow(o.Label, o)));
        rows.Add([T(q.CountsRows ? "PdfAnsweredRows" : "PdfAnsweredBy", q.Answered?.ToString("N0", CultureInfo.CurrentUICulture) ?? "–")]);
        if (q.HasStatistics)
        {
            rows.Add([]);
            rows.Add([new XlsxCell("", Bold: true), new XlsxCell(T("PdfN"), Bold: true), new XlsxCell(T("PdfMean"), Bold: true),
                new XlsxCell(T("PdfMeanInterval"), Bold: true), new XlsxCell(T("PdfMedian"), Bold: true), new XlsxCell(T("PdfSd"), Bold: true)]);
            foreach (var (label, st) in groups.Select(g => (g.Label, q.StatsByGroup.GetValueOrDefault(g.Key))).Prepend((T("PdfTotal"), q.Stats)))
                rows.Add([label, XlsxCell.Of(st?.N), Decimal(st?.Mean), st?.Interval is { } i ? Statistics.Format(i, "0.##") : "–", Decimal(st?.Median), Decimal(st?.StandardDeviation)]);
        }
        foreach (var row in q.Rows)
        {
            rows.Add([]);
            rows.Add([new XlsxCell(row.Label, Bold: true)]);
            rows.AddRange(row.Options.Select(o => OptionRow(o.Label, o)));
            if (row.Total is not null)
                rows.Add([T("PdfMean"), new XlsxCell(""), Decimal(row.Total.Mean),
                    .. groups.SelectMany(g => new[] { new XlsxCell(""), Decimal(row.Groups.GetValueOrDefault(g.Key)?.Mean) })]);
        }
        if (q.Ranking.Count > 0)
        {
            rows.Add([]);
            rows.Add([new XlsxCell(T("PdfAvgRank"), Bold: true), new XlsxCell(T("PdfTotal"), Bold: true), .. groups.Select(g => new XlsxCell(g.Label, Bold: true))]);
            rows.AddRange(q.Ranking.OrderBy(r => r.Total ?? double.MaxValue).Select(r =>
                (IReadOnlyList<XlsxCell>)[r.Label, Decimal(r.Total), .. groups.Select(g => Decimal(r.Groups.GetValueOrDefault(g.Key)))]));
        }
        if (q.AnySuppressed) rows.Add([T("SumFootnoteHidden", s.MinGroupSize)]);
        return new XlsxSheet($"{number} {q.Name}", rows, FrozenRows: 2);
    }

    /// <summary>A mean, median, spread or average rank, to two decimals as the summary gives them.</summary>
    private static XlsxCell Decimal(double? d) => XlsxCell.Of(d, 2);
}
