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
        var branding = options.Branding ?? new ReportBranding(null, null);
        var period = s.FirstSubmittedUtc is { } first && s.LastSubmittedUtc is { } last
            ? $"{Times.LongDate(first)} – {Times.LongDate(last)}" : "–";

        Cover(pdf, s, branding, period, generatedUtc, marking);

        // The sections, known before they are laid out, so the contents can be given their pages.
        var sections = new List<(string Title, string Destination)> { (T("PdfExecutive"), "executive"), (T("PdfMethod"), "method") };
        sections.AddRange(s.Questions.Select((q, i) => ($"{i + 1}. {q.Title}", $"q{i + 1}")));
        var hasTexts = s.Questions.Any(q => q.TextCount > 0);
        var cross = options.Cross;
        if (cross is not null) sections.Add((T("PdfCross", cross.RowsLabel, cross.ColumnsLabel), "cross"));
        if (hasTexts) sections.Add((T("PdfAppendix"), "texts"));
        var hasQuotes = s.Quotes.Themes.Count > 0 || s.Quotes.Withheld > 0;
        if (hasQuotes) sections.Add((T("SumQuotesAppendix"), "quotes"));
        var contents = ContentsLayout(pdf, sections.Select(x => x.Title).ToList());
        var contentsPages = Enumerable.Range(0, contents.Max(e => e.Page) + 1).Select(_ => pdf.ReservePage()).ToList();
        pdf.Outline.Add(new OutlineEntry(T("PdfContents"), 0, pdf.CurrentPage - contentsPages.Count + 1, PdfLayout.Margin));

        Executive(pdf, s);
        Method(pdf, s, options.Method);
        // One section per question.
        var columns = new List<string> { T("PdfTotal") };
        columns.AddRange(s.Groups.Select(g => g.Label));
        for (var i = 0; i < s.Questions.Count; i++)
        {
            var q = s.Questions[i];
            if (i == 0) pdf.NewPage();
            pdf.Heading($"{i + 1}. {q.Title}", 13, keepWithNext: 210, outline: 1, destination: $"q{i + 1}");
            // The questions' own bookmark, where the first question starts, above the questions' bookmarks.
            if (i == 0) pdf.Outline.Insert(pdf.Outline.Count - 1, pdf.Outline[^1] with { Title = T("PdfQuestions"), Level = 0 });
            pdf.Paragraph(T(q.CountsRows ? "PdfAnsweredRows" : "PdfAnsweredBy", q.Answered?.ToString("N0", CultureInfo.CurrentCulture) ?? "–"), 9, muted: true);
            if (Charts.For(s, q, PdfLayout.ContentWidth) is { } chart) pdf.Chart(chart);
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
            if (q.Histogram.Count > 0)
                GroupTable(pdf, T("PdfInterval"), columns, q.Histogram.Select(o => (o.Label, (IReadOnlyList<string>)[CellText(o.Total), .. s.Groups.Select(g => CellText(o.Groups.GetValueOrDefault(g.Key)))])));
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
            pdf.Heading(T("PdfCross", cross.RowsLabel, cross.ColumnsLabel), 16, outline: 0, destination: "cross");
            var header = new List<string> { $"{cross.RowsLabel} \\ {cross.ColumnsLabel}" };
            header.AddRange(cross.ColumnGroups.Select(g => g.Label));
            header.Add(T("PdfTotal"));
            var crossRows = cross.RowGroups.Select((g, r) => (IReadOnlyList<string>)[g.Label,
                .. cross.Cells[r].Select(c => c.Count is null ? "–" : $"{Count(c.Count)}\n{Percent(c.RowPercent)} | {Percent(c.ColumnPercent)}"), Count(g.Total)]).ToList();
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
            pdf.Heading(T("PdfAppendix"), 16, outline: 0, destination: "texts");
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
            pdf.Heading(T("SumQuotesAppendix"), 16, outline: 0, destination: "quotes");
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

        // Now the contents can be written, each entry linked to its section.
        foreach (var page in contents.GroupBy(e => e.Page))
        {
            var entries = page.ToList();
            var isFirst = page.Key == 0;
            contentsPages[page.Key].Add(c =>
            {
                if (isFirst)
                    c.DrawText(T("PdfContents"), PdfLayout.Margin, ContentsTop, SKTextAlign.Left, pdf.Font(18, true), PdfLayout.Paint(PdfLayout.InkColor));
                foreach (var e in entries)
                {
                    var destination = sections[e.Index].Destination;
                    for (var l = 0; l < e.Lines.Count; l++)
                        c.DrawText(e.Lines[l], PdfLayout.Margin + (l > 0 ? 14 : 0), e.Y + l * ContentsLine, SKTextAlign.Left, pdf.Font(10), PdfLayout.Paint(PdfLayout.InkColor));
                    c.DrawText(pdf.Destinations[destination].ToString(CultureInfo.InvariantCulture), PdfLayout.Margin + PdfLayout.ContentWidth, e.Y, SKTextAlign.Right,
                        pdf.Font(10), PdfLayout.Paint(PdfLayout.InkColor));
                    c.DrawLinkDestinationAnnotation(new SKRect(PdfLayout.Margin, e.Y - 10, PdfLayout.Margin + PdfLayout.ContentWidth, e.Y + (e.Lines.Count - 1) * ContentsLine + 4), destination);
                }
            });
        }

        var subject = $"{T("PdfSubtitle")}, {period}";
        var keywords = string.Join(", ", new[] { s.ByLabel, T("PdfMode_" + s.Mode) }.Where(k => k.Length > 0));
        return pdf.Render(new PdfMetadata(s.Title, branding.Organisation ?? "", subject, keywords, CultureInfo.CurrentUICulture.Name), marking,
            (page, total) => T("PdfPageOf", page, total));
    }

    private const float ContentsTop = 110, ContentsLine = 13, ContentsGap = 5;

    private sealed record ContentsEntry(int Index, int Page, float Y, IReadOnlyList<string> Lines);

    /// <summary>Where each contents entry goes: its lines (a long title wrapped, at most two lines, the rest ellipsised) and the page of the contents it is on.</summary>
    private static List<ContentsEntry> ContentsLayout(PdfLayout pdf, IReadOnlyList<string> titles)
    {
        var entries = new List<ContentsEntry>();
        int page = 0;
        var y = ContentsTop + 30;
        for (var i = 0; i < titles.Count; i++)
        {
            var lines = ReportFonts.Wrap(titles[i], 10, PdfLayout.ContentWidth - 60, 2);
            var height = lines.Count * ContentsLine + ContentsGap;
            if (y + height > PdfLayout.PageHeight - PdfLayout.Margin - 40)
            {
                page++;
                y = ContentsTop;
            }
            entries.Add(new ContentsEntry(i, page, y, lines));
            y += height;
        }
        return entries;
    }

    /// <summary>The cover: the organisation (and its logo), the title, the period and the facts of the collection.</summary>
    private static void Cover(PdfLayout pdf, QuestionnaireSummary s, ReportBranding branding, string period, DateTime generatedUtc, string marking)
    {
        pdf.NewPage(plain: true);
        pdf.Draw(c =>
        {
            var y = 90f;
            if (branding.Logo is { } logo)
            {
                using var image = SKImage.FromEncodedData(logo);
                if (image is not null)
                {
                    // At most 180 × 60 points, in proportion.
                    var scale = Math.Min(180f / image.Width, 60f / image.Height);
                    c.DrawImage(image, new SKRect(PdfLayout.Margin, y - 30, PdfLayout.Margin + image.Width * scale, y - 30 + image.Height * scale),
                        new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
                    y += image.Height * scale;
                }
            }
            if (!string.IsNullOrWhiteSpace(branding.Organisation))
                foreach (var line in PdfLayout.Wrap(branding.Organisation, pdf.Font(12, true), PdfLayout.ContentWidth))
                {
                    c.DrawText(line, PdfLayout.Margin, y, SKTextAlign.Left, pdf.Font(12, true), PdfLayout.Paint(PdfLayout.MutedColor));
                    y += 16;
                }
            y = Math.Max(y + 60, 250f);
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
    }

    /// <summary>The executive summary: how many answered, the response rate overall and by group, and the three largest differences between groups with their tests.</summary>
    private static void Executive(PdfLayout pdf, QuestionnaireSummary s)
    {
        pdf.NewPage();
        pdf.Heading(T("PdfExecutive"), 16, outline: 0, destination: "executive");
        pdf.Paragraph(s.HasInvitations && s.ResponseRate is { } rate
            ? T("PdfExecResponses", Count(s.Completed), Count(s.Invited), Percent(rate))
            : T("PdfExecResponsesOnly", Count(s.Completed)), 10.5f);
        var rated = s.Groups.Where(g => g.ResponseRate is not null).ToList();
        if (rated.Count > 0)
        {
            pdf.Space(4);
            pdf.Paragraph(T("PdfExecRates", s.ByLabel) + " " + string.Join("; ", rated.Select(g => $"{g.Label} {Percent(g.ResponseRate)}")) + ".", 10);
        }
        if (s.Groups.Any(g => g.Suppressed)) pdf.Paragraph(T("PdfExecHidden", s.MinGroupSize), 9, muted: true);

        pdf.Heading(T("PdfExecDifferences", s.ByLabel.Length == 0 ? T("PdfNoBreakdown") : s.ByLabel), 12, keepWithNext: 60);
        var differences = Findings.Largest(s, 3);
        if (differences.Count == 0) pdf.Paragraph(T(s.Groups.Count < 2 ? "PdfExecNoBreakdown" : "PdfExecNoDifferences"), 10);
        for (var i = 0; i < differences.Count; i++)
        {
            var d = differences[i];
            pdf.Paragraph($"{i + 1}. {d.Question}", 10, bold: true);
            pdf.Paragraph(T("PdfExecDifference", d.Answer, d.HighGroup, Percent(d.HighPercent), d.LowGroup, Percent(d.LowPercent),
                d.Points.ToString("0.#", CultureInfo.CurrentCulture)), 10, indent: 12);
            var t = d.Test;
            pdf.Paragraph(T("PdfCrossTest", t.ChiSquare.ToString("0.##", CultureInfo.CurrentCulture), t.DegreesOfFreedom, Statistics.FormatP(t.PValue),
                t.CramersV.ToString("0.###", CultureInfo.CurrentCulture), Count(t.N)) + " " + T(t.PValue < 0.05 ? "PdfExecSignificant" : "PdfExecNotSignificant"),
                9, muted: true, indent: 12);
            pdf.Space(6);
        }
        if (differences.Count > 0) pdf.Paragraph(T("PdfExecHow"), 9, muted: true);
    }

    /// <summary>The method: who was invited and how, the mailings, the modes, the response rate by group, the small-group rule and how the numbers are computed.</summary>
    private static void Method(PdfLayout pdf, QuestionnaireSummary s, SurveyMethod? m)
    {
        pdf.NewPage();
        pdf.Heading(T("PdfMethod"), 16, outline: 0, destination: "method");
        if (m is not null)
        {
            pdf.Heading(T("PdfMethodWho"), 11, keepWithNext: 30);
            if (m.Invited > 0)
            {
                pdf.Paragraph(m.Sent > 0 && m.FirstSentUtc is { } firstSent && m.LastSentUtc is { } lastSent
                    ? T("PdfMethodInvited", Count(m.Invited), Count(m.Sent), Times.LongDate(firstSent), Times.LongDate(lastSent))
                    : m.Sent > 0 ? T("PdfMethodInvitedUndated", Count(m.Invited), Count(m.Sent))
                    : T("PdfMethodNotSent", Count(m.Invited)), 9.5f, after: 3);
                pdf.Paragraph(m.Reminded > 0 && m.LastReminderUtc is { } lastReminder
                    ? T("PdfMethodReminders", Count(m.Reminders), Count(m.Reminded), Times.LongDate(lastReminder))
                    : T("PdfMethodNoReminders"), 9.5f, after: 3);
            }
            else pdf.Paragraph(T("PdfMethodNoInvitations"), 9.5f, after: 3);
            if (m.OpenLink) pdf.Paragraph(T("PdfMethodOpenLink"), 9.5f, after: 3);
            if (m.Mailings.Count > 0)
            {
                pdf.Space(4);
                pdf.Table([T("PdfMethodDay"), T("PdfMethodMailing"), T("PdfMethodSent")], [0.4f, 0.4f, 0.2f],
                    m.Mailings.Select(x => (IReadOnlyList<string>)[Times.LongDate(x.Day), T(x.Reminder ? "PdfMethodReminder" : "PdfMethodInvitation"), Count(x.Sent)]),
                    new HashSet<int> { 2 });
            }
            pdf.Heading(T("PdfMethodCollection"), 11, keepWithNext: 30);
            pdf.Paragraph(T("PdfMethodModes", Count(s.Completed - s.Interviews), Count(s.Interviews)), 9.5f, after: 3);
            if (s.FirstSubmittedUtc is { } first && s.LastSubmittedUtc is { } last)
                pdf.Paragraph(T("PdfMethodPeriod", Times.LongDate(first), Times.LongDate(last)), 9.5f, after: 3);
            pdf.Paragraph(T("PdfMethodAnonymity_" + m.Anonymity), 9.5f, after: 3);
        }
        if (s.Groups.Count > 0)
        {
            pdf.Heading(T("PdfGroups", s.ByLabel), 11, keepWithNext: 50);
            if (s.HasInvitations)
                pdf.Table([s.ByLabel, T("PdfInvited"), T("PdfAnswers"), T("PdfRate")], [0.46f, 0.18f, 0.18f, 0.18f],
                    s.Groups.Select(g => (IReadOnlyList<string>)[g.Label, g.Invited is { } inv ? Count(inv) : "", Count(g.Completed), Percent(g.ResponseRate)]),
                    new HashSet<int> { 1, 2, 3 });
            else
                pdf.Table([s.ByLabel, T("PdfAnswers")], [0.64f, 0.36f],
                    s.Groups.Select(g => (IReadOnlyList<string>)[g.Label, Count(g.Completed)]), new HashSet<int> { 1 });
        }
        pdf.Heading(T("PdfMethodSmallGroups"), 11, keepWithNext: 30);
        foreach (var note in s.Footnotes) pdf.Paragraph(note, 9f, after: 2);
        pdf.Heading(T("PdfMethodNumbers"), 11, keepWithNext: 30);
        foreach (var key in new[] { "PdfMethodPercent", "PdfMethodIntervals", "PdfMethodTests", "PdfMethodCharts", "PdfMethodDates" })
            pdf.Paragraph(T(key), 9f, after: 2);
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

    private static string Count(long n) => n.ToString("N0", CultureInfo.CurrentCulture);

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

/// <summary>What a PDF adds to the summary: a cross-tabulation after the questions, the 95 % intervals beside the shares and means, the method of collection and who publishes it.</summary>
public sealed record SummaryPdfOptions(CrossTabulation? Cross = null, bool Intervals = false, SurveyMethod? Method = null, ReportBranding? Branding = null);

/// <summary>Who publishes the report: the organisation named on the cover and as the document's author, and its logo (a PNG or JPEG file's bytes).</summary>
public sealed record ReportBranding(string? Organisation, byte[]? Logo);
