using System.Globalization;
using SkiaSharp;

namespace Survey.Core.Reports.Pdf;

/// <summary>
/// The summary as a PDF for the taskforce's report: a cover, contents, a section per question with
/// its bar chart and table broken down by group, the free-text answers in an appendix, and the
/// usable interview quotes by theme and sector in another. It shows
/// exactly the numbers of the summary it is given, so the small-group rules are already applied.
/// </summary>
public static class SummaryPdf
{
    public static byte[] Render(QuestionnaireSummary summary, string lang, DateTime generatedUtc, SummaryPdfOptions? options = null)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(lang == "en" ? "en-GB" : "da-DK");
        try
        {
            return RenderCore(summary, generatedUtc, options ?? new SummaryPdfOptions());
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous;
        }
    }

    private static string T(string key, params object[] args) => CoreText.Format(key, args);

    private static byte[] RenderCore(QuestionnaireSummary s, DateTime generatedUtc, SummaryPdfOptions options)
    {
        var ci = options.Intervals;
        string CellText(Cell? c) => SummaryPdf.CellText(c, ci);
        IReadOnlyList<string> StatCells(Stats? st) => SummaryPdf.StatCells(st, ci);
        using var pdf = new PdfLayout();
        var marking = T("PdfConfidential");

        // Cover.
        pdf.NewPage(plain: true);
        var period = s.FirstSubmittedUtc is { } first && s.LastSubmittedUtc is { } last
            ? $"{Times.ToCopenhagen(first):d} – {Times.ToCopenhagen(last):d}" : "–";
        pdf.Draw(c =>
        {
            var y = 250f;
            foreach (var line in PdfLayout.Wrap(s.Title, pdf.Font(26, true), PdfLayout.ContentWidth))
            {
                c.DrawText(line, PdfLayout.Margin, y, SKTextAlign.Left, pdf.Font(26, true), PdfLayout.Paint(PdfLayout.InkColor));
                y += 34;
            }
            y += 8;
            c.DrawText(T("PdfSubtitle"), PdfLayout.Margin, y, SKTextAlign.Left, pdf.Font(14), PdfLayout.Paint(PdfLayout.MutedColor));
            y += 48;
            var invitations = s.HasInvitations
                ? new[]
                {
                    (T("PdfInvited"), s.Invited.ToString("N0", CultureInfo.CurrentCulture)),
                    (T("PdfRate"), s.ResponseRate is { } r ? r.ToString("0.#", CultureInfo.CurrentCulture) + " %" : "–"),
                }
                : [];
            foreach (var (label, value) in new[]
            {
                (T("PdfPeriod"), period),
                (T("PdfAnswers"), s.Completed.ToString("N0", CultureInfo.CurrentCulture)),
            }.Concat(invitations).Concat(new[]
            {
                (T("PdfBreakdown"), s.ByLabel.Length == 0 ? T("PdfNoBreakdown") : s.ByLabel),
                (T("PdfMode"), T("PdfMode_" + s.Mode)),
                (T("PdfMinGroup"), s.MinGroupSize.ToString(CultureInfo.CurrentCulture)),
                (T("PdfGenerated"), Times.LongLocal(generatedUtc)),
            }))
            {
                c.DrawText(label, PdfLayout.Margin, y, SKTextAlign.Left, pdf.Font(10, true), PdfLayout.Paint(PdfLayout.InkColor));
                c.DrawText(value, PdfLayout.Margin + 150, y, SKTextAlign.Left, pdf.Font(10), PdfLayout.Paint(PdfLayout.InkColor));
                y += 18;
            }
            c.DrawRect(new SKRect(PdfLayout.Margin, 720, PdfLayout.Margin + PdfLayout.ContentWidth, 760), PdfLayout.Paint(new SKColor(0xff, 0xf4, 0xd6)));
            c.DrawText(marking, PdfLayout.Margin + 12, 745, SKTextAlign.Left, pdf.Font(11, true), PdfLayout.Paint(PdfLayout.InkColor));
        });

        // Contents: pages reserved now, written when the sections know their pages.
        var sections = s.Questions.Select((q, i) => $"{i + 1}. {q.Title}").ToList();
        var hasTexts = s.Questions.Any(q => q.TextCount > 0);
        var cross = options.Cross;
        if (cross is not null) sections.Add(T("PdfCross", cross.RowsLabel, cross.ColumnsLabel));
        if (hasTexts) sections.Add(T("PdfAppendix"));
        var hasQuotes = s.Quotes.Themes.Count > 0 || s.Quotes.Withheld > 0;
        if (hasQuotes) sections.Add(T("SumQuotesAppendix"));
        const int perPage = 38;
        var contentsPages = Enumerable.Range(0, Math.Max(1, (sections.Count + perPage - 1) / perPage)).Select(_ => pdf.ReservePage()).ToList();
        var sectionPages = new List<int>();

        // Groups and notes.
        pdf.NewPage();
        if (s.Groups.Count > 0)
        {
            pdf.Heading(T("PdfGroups", s.ByLabel), 14);
            if (s.HasInvitations)
                pdf.Table([s.ByLabel, T("PdfInvited"), T("PdfAnswers"), T("PdfRate")], [0.46f, 0.18f, 0.18f, 0.18f],
                    s.Groups.Select(g => (IReadOnlyList<string>)[g.Label, g.Invited?.ToString(CultureInfo.CurrentCulture) ?? "", Count(g.Completed),
                        g.ResponseRate is { } r ? r.ToString("0.#", CultureInfo.CurrentCulture) + " %" : "–"]),
                    new HashSet<int> { 1, 2, 3 });
            else
                pdf.Table([s.ByLabel, T("PdfAnswers")], [0.64f, 0.36f],
                    s.Groups.Select(g => (IReadOnlyList<string>)[g.Label, Count(g.Completed)]), new HashSet<int> { 1 });
        }
        pdf.Heading(T("PdfNotes"), 11, keepWithNext: 30);
        foreach (var note in s.Footnotes) pdf.Paragraph(note, 9, muted: true);

        // One section per question.
        var columns = new List<string> { T("PdfTotal") };
        columns.AddRange(s.Groups.Select(g => g.Label));
        for (var i = 0; i < s.Questions.Count; i++)
        {
            var q = s.Questions[i];
            pdf.Heading($"{i + 1}. {q.Title}", 13, keepWithNext: 160);
            sectionPages.Add(pdf.CurrentPage);
            pdf.Paragraph(T(q.CountsRows ? "PdfAnsweredRows" : "PdfAnsweredBy", q.Answered?.ToString("N0", CultureInfo.CurrentCulture) ?? "–"), 9, muted: true);
            if (q.Options.Count > 0 && q.Answered is not null)
                pdf.BarChart(q.Options.Select(o => (o.Label, o.Total.Percent ?? 0)).ToList());
            if (q.Options.Count > 0)
                GroupTable(pdf, T("PdfAnswer"), columns, q.Options.Select(o => (o.Label, (IReadOnlyList<string>)[CellText(o.Total), .. s.Groups.Select(g => CellText(o.Groups.GetValueOrDefault(g.Key)))])));
            if (q.Stats is not null || q.StatsByGroup.Values.Any(v => v is not null))
            {
                var rows = new List<(string, IReadOnlyList<string>)> { (T("PdfTotal"), StatCells(q.Stats)) };
                rows.AddRange(s.Groups.Select(g => (g.Label, StatCells(q.StatsByGroup.GetValueOrDefault(g.Key)))));
                if (ci)
                    pdf.Table(["", T("PdfN"), T("PdfMean"), T("PdfMeanInterval"), T("PdfMedian"), T("PdfSd")], [0.3f, 0.12f, 0.12f, 0.22f, 0.12f, 0.12f],
                        rows.Select(r => (IReadOnlyList<string>)[r.Item1, .. r.Item2]), new HashSet<int> { 1, 2, 3, 4, 5 });
                else
                    pdf.Table(["", T("PdfN"), T("PdfMean"), T("PdfMedian"), T("PdfSd")], [0.4f, 0.15f, 0.15f, 0.15f, 0.15f],
                        rows.Select(r => (IReadOnlyList<string>)[r.Item1, .. r.Item2]), new HashSet<int> { 1, 2, 3, 4 });
            }
            foreach (var row in q.Rows)
            {
                pdf.Heading(row.Label, 10, keepWithNext: 80);
                GroupTable(pdf, T("PdfAnswer"), columns, row.Options.Select(o => (o.Label, (IReadOnlyList<string>)[CellText(o.Total), .. s.Groups.Select(g => CellText(o.Groups.GetValueOrDefault(g.Key)))])));
                if (row.Total is not null)
                    pdf.Paragraph(T("PdfRowMean", Mean(row.Total)) + string.Concat(s.Groups.Select(g => $" · {g.Label}: {Mean(row.Groups.GetValueOrDefault(g.Key))}")), 9, muted: true);
            }
            if (q.Ranking.Count > 0)
                GroupTable(pdf, T("PdfAvgRank"), columns, q.Ranking.OrderBy(r => r.Total ?? double.MaxValue)
                    .Select(r => (r.Label, (IReadOnlyList<string>)[Rank(r.Total), .. s.Groups.Select(g => Rank(r.Groups.GetValueOrDefault(g.Key)))])));
            if (q.TextCount > 0) pdf.Paragraph(T("PdfSeeAppendix", q.TextCount), 9, muted: true);
            pdf.Space(10);
        }

        // The cross-tabulation asked for.
        if (cross is not null)
        {
            pdf.NewPage();
            pdf.Heading(T("PdfCross", cross.RowsLabel, cross.ColumnsLabel), 16);
            sectionPages.Add(pdf.CurrentPage);
            var header = new List<string> { $"{cross.RowsLabel} \\ {cross.ColumnsLabel}" };
            header.AddRange(cross.ColumnGroups.Select(g => g.Label));
            header.Add(T("PdfTotal"));
            var crossRows = cross.RowGroups.Select((g, r) => (IReadOnlyList<string>)[g.Label,
                .. cross.Cells[r].Select(c => c.Count is null ? "–" : $"{Count(c.Count)} ({Percent(c.RowPercent)} | {Percent(c.ColumnPercent)})"), Count(g.Total)]).ToList();
            crossRows.Add([T("PdfTotal"), .. cross.ColumnGroups.Select(g => Count(g.Total)), Count(cross.Total)]);
            var labelWidth = 0.22f;
            var rest = (1 - labelWidth) / (header.Count - 1);
            pdf.Table(header, [labelWidth, .. Enumerable.Repeat(rest, header.Count - 1)], crossRows, Enumerable.Range(1, header.Count - 1).ToHashSet(),
                size: header.Count > 6 ? 7f : 8.5f);
            pdf.Paragraph(T("PdfCrossCells"), 8.5f, muted: true);
            pdf.Paragraph(cross.Test is { } t
                ? T("PdfCrossTest", t.ChiSquare.ToString("0.##", CultureInfo.CurrentCulture), t.DegreesOfFreedom, Statistics.FormatP(t.PValue),
                    t.CramersV.ToString("0.###", CultureInfo.CurrentCulture), Count(t.N))
                : T("PdfCrossNoTest"), 10);
            foreach (var note in cross.Footnotes.Skip(1)) pdf.Paragraph(note, 9, muted: true);
        }

        // Appendix: free text.
        if (hasTexts)
        {
            pdf.NewPage();
            pdf.Heading(T("PdfAppendix"), 16);
            sectionPages.Add(pdf.CurrentPage);
            foreach (var (q, i) in s.Questions.Select((q, i) => (q, i)).Where(x => x.q.TextCount > 0))
            {
                pdf.Heading($"{i + 1}. {q.Title}", 11, keepWithNext: 30);
                if (q.TextsSuppressed) pdf.Paragraph(T("PdfTextsSuppressed"), 9, muted: true);
                if (q.Texts.Count < q.TextCount && !q.TextsSuppressed) pdf.Paragraph(T("PdfTextsLimited", q.Texts.Count, q.TextCount), 9, muted: true);
                foreach (var text in q.Texts)
                    pdf.Paragraph("• " + (text.Group.Length > 0 ? $"[{text.Group}] " : "") + text.Text, 9, indent: 6);
                pdf.Space(6);
            }
        }

        // Appendix: quotes from interviews, by theme and then sector (only sectors large enough to show).
        if (hasQuotes)
        {
            pdf.NewPage();
            pdf.Heading(T("SumQuotesAppendix"), 16);
            sectionPages.Add(pdf.CurrentPage);
            if (s.Quotes.Withheld > 0) pdf.Paragraph(T("SumFootnoteQuotes", s.Quotes.Withheld, s.MinGroupSize), 9, muted: true);
            foreach (var theme in s.Quotes.Themes)
            {
                pdf.Heading(theme.Theme, 13, keepWithNext: 60);
                foreach (var sector in theme.Sectors)
                {
                    pdf.Heading(sector.Label, 10, keepWithNext: 30);
                    foreach (var quote in sector.Quotes)
                    {
                        pdf.Paragraph("“" + quote.Text + "”", 9.5f, indent: 6);
                        pdf.Paragraph(quote.QuestionTitle, 8, muted: true, indent: 6);
                        pdf.Space(4);
                    }
                }
                pdf.Space(6);
            }
        }

        // Now the contents can be written.
        for (var page = 0; page < contentsPages.Count; page++)
        {
            var entries = sections.Select((title, i) => (title, i)).Skip(page * perPage).Take(perPage).ToList();
            var isFirst = page == 0;
            contentsPages[page].Add(c =>
            {
                var y = 110f;
                if (isFirst)
                {
                    c.DrawText(T("PdfContents"), PdfLayout.Margin, y, SKTextAlign.Left, pdf.Font(18, true), PdfLayout.Paint(PdfLayout.InkColor));
                    y += 30;
                }
                foreach (var (title, i) in entries)
                {
                    var label = PdfLayout.Wrap(title, pdf.Font(10), PdfLayout.ContentWidth - 50)[0];
                    c.DrawText(label, PdfLayout.Margin, y, SKTextAlign.Left, pdf.Font(10), PdfLayout.Paint(PdfLayout.InkColor));
                    c.DrawText(sectionPages[i].ToString(CultureInfo.InvariantCulture), PdfLayout.Margin + PdfLayout.ContentWidth, y, SKTextAlign.Right, pdf.Font(10), PdfLayout.Paint(PdfLayout.InkColor));
                    y += 17;
                }
            });
        }

        return pdf.Render(s.Title, marking, (page, total) => T("PdfPageOf", page, total));
    }

    private static void GroupTable(PdfLayout pdf, string first, IReadOnlyList<string> columns, IEnumerable<(string Label, IReadOnlyList<string> Cells)> rows)
    {
        var labelWidth = columns.Count > 4 ? 0.22f : 0.4f;
        var rest = (1 - labelWidth) / columns.Count;
        pdf.Table([first, .. columns], [labelWidth, .. columns.Select(_ => rest)],
            rows.Select(r => (IReadOnlyList<string>)[r.Label, .. r.Cells]),
            Enumerable.Range(1, columns.Count).ToHashSet(), size: columns.Count > 5 ? 7f : 8.5f);
    }

    private static string Count(long? n) => n?.ToString("N0", CultureInfo.CurrentCulture) ?? "–";

    private static string Percent(double? p) => p is null ? "–" : p.Value.ToString("0.#", CultureInfo.CurrentCulture) + " %";

    private static string CellText(Cell? c, bool ci) => c?.Count is null ? "–"
        : $"{c.Count.Value.ToString("N0", CultureInfo.CurrentCulture)} ({c.Percent?.ToString("0.#", CultureInfo.CurrentCulture)} %)"
            + (ci && c.Interval is { } i ? " " + Statistics.Format(i, "0.#") : "");

    private static IReadOnlyList<string> StatCells(Stats? s, bool ci)
    {
        if (s is null) return ci ? ["–", "–", "–", "–", "–"] : ["–", "–", "–", "–"];
        var mean = s.Mean.ToString("0.##", CultureInfo.CurrentCulture);
        var rest = new[] { s.Median.ToString("0.##", CultureInfo.CurrentCulture), s.StandardDeviation.ToString("0.##", CultureInfo.CurrentCulture) };
        return ci ? [s.N.ToString("N0", CultureInfo.CurrentCulture), mean, Statistics.Format(s.Interval, "0.##"), .. rest]
            : [s.N.ToString("N0", CultureInfo.CurrentCulture), mean, .. rest];
    }

    private static string Mean(Stats? s) => s is null ? "–" : s.Mean.ToString("0.##", CultureInfo.CurrentCulture);

    private static string Rank(double? r) => r?.ToString("0.##", CultureInfo.CurrentCulture) ?? "–";
}

/// <summary>What a PDF adds to the summary: a cross-tabulation after the questions, and the 95 % intervals beside the shares and means.</summary>
public sealed record SummaryPdfOptions(CrossTabulation? Cross = null, bool Intervals = false);
