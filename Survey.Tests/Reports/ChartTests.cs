using System.Globalization;
using System.Text.RegularExpressions;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Reports.Pdf;
using Survey.Web.Reports;

namespace Survey.Tests.Reports;

/// <summary>The charts follow the breakdown: a bar per group shown, diverging bars for scales, average ranks, a histogram for numbers.</summary>
public class ChartTests
{
    private static readonly CultureInfo Danish = new("da-DK");

    private static async Task<(QuestionnaireSummary Summary, List<(string Sector, System.Text.Json.Nodes.JsonObject Answers)> Raw, TestDatabase Db)> SummaryAsync(string by = ResponsesBy.Sector)
    {
        var (db, id, raw) = await ReportPdfTests.SeedAsync();
        var summary = (await new SummaryBuilder(db.Database, new DefinitionCache(db.Database)).BuildAsync(new SummaryRequest(id, By: by)))!;
        return (summary, raw, db);
    }

    private static ChartDrawing Chart(QuestionnaireSummary s, string name)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Danish;
        try
        {
            return Charts.For(s, s.Questions.Single(q => q.Name == name), PdfLayout.ContentWidth)!;
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = previous;
        }
    }

    private static List<ChartShape> Shapes(ChartDrawing chart) => chart.Bands.SelectMany(b => b.Shapes).ToList();

    private static List<string> Texts(ChartDrawing chart) => Shapes(chart).OfType<ChartText>().Select(t => t.Text).ToList();

    [Test]
    public async Task Answer_options_get_a_bar_per_group_shown_each_labelled_with_its_group_and_share_and_never_a_hidden_group()
    {
        var (s, raw, db) = await SummaryAsync();
        using var _ = db;
        var chart = Chart(s, "path");
        var q = s.Questions.Single(x => x.Name == "path");
        var texts = Texts(chart);
        Assert.Multiple(() =>
        {
            Assert.That(chart.Kind, Is.EqualTo(ChartKind.Bars));
            Assert.That(Shapes(chart).OfType<ChartBox>().Count(), Is.EqualTo(3 * 2), "three answers by state and municipality");
            foreach (var o in q.Options)
                foreach (var sector in new[] { Sectors.State, Sectors.Municipality })
                {
                    var expected = Math.Round(raw.Count(r => r.Sector == sector && (string)r.Answers["path"]! == o.Value) * 100.0 / raw.Count(r => r.Sector == sector), 1);
                    Assert.That(texts, Does.Contain(expected.ToString("0.#", Danish) + " %"), $"{o.Value} in {sector}");
                }
            Assert.That(texts, Does.Contain("Stat").And.Contain("Kommune"));
            Assert.That(texts, Does.Not.Contain("Region").And.Not.Contain("Privat virksomhed"), "the hidden pair");
            Assert.That(chart.Legend.Shapes.OfType<ChartText>().Select(t => t.Text), Is.EqualTo(new[] { "Stat", "Kommune" }));
        });
    }

    [Test]
    public async Task Each_group_keeps_its_colour_and_pattern_in_every_chart_and_no_two_groups_share_both()
    {
        var (s, _, db) = await SummaryAsync();
        using var __ = db;
        Dictionary<string, ChartFill> FillsOf(ChartDrawing chart) =>
            chart.Legend.Shapes.OfType<ChartBox>().Zip(chart.Legend.Shapes.OfType<ChartText>()).ToDictionary(x => x.Second.Text, x => x.First.Fill);
        var fills = Enumerable.Range(0, 14).Select(Charts.GroupFill).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(FillsOf(Chart(s, "path")), Is.EqualTo(FillsOf(Chart(s, "moved"))));
            Assert.That(FillsOf(Chart(s, "path")), Is.EqualTo(FillsOf(Chart(s, "years"))));
            Assert.That(fills.Distinct().Count(), Is.EqualTo(14), "fourteen groups, fourteen fills");
            Assert.That(fills.Take(7).Select(f => f.Pattern).Distinct().Count(), Is.EqualTo(7), "the first seven differ by pattern too, for grey print");
            // The group's place among all groups, not among those shown: municipality is the summary's third group.
            Assert.That(FillsOf(Chart(s, "path"))["Kommune"], Is.EqualTo(Charts.GroupFill(s.Groups.ToList().FindIndex(g => g.Key == Sectors.Municipality))));
        });
    }

    [Test]
    public async Task A_rating_diverges_from_the_middle_of_its_scale_with_segments_as_wide_as_their_shares()
    {
        var (s, _, db) = await SummaryAsync();
        using var __ = db;
        var chart = Chart(s, "share");
        var q = s.Questions.Single(x => x.Name == "share");
        var rows = chart.Bands.Single().Shapes;
        var centres = rows.OfType<ChartLine>().Select(l => l.X1).Distinct().ToList();
        // The segments, not the lower plain patches behind their figures.
        var segmentHeight = rows.OfType<ChartBox>().Max(b => b.Height);
        var bars = rows.OfType<ChartBox>().Where(b => b.Height == segmentHeight).GroupBy(b => b.Y).OrderBy(g => g.Key).Select(g => g.OrderBy(b => b.X).ToList()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(chart.Kind, Is.EqualTo(ChartKind.Diverging));
            Assert.That(bars, Has.Count.EqualTo(3), "all, state, municipality");
            Assert.That(centres, Has.Count.EqualTo(1), "one middle for every bar");
            Assert.That(Texts(chart), Does.Contain("I alt").And.Contain("Stat").And.Contain("Kommune"));
            var cells = new[] { q.Options.Select(o => o.Total).ToList(), q.Options.Select(o => o.Groups[Sectors.State]!).ToList(), q.Options.Select(o => o.Groups[Sectors.Municipality]!).ToList() };
            for (var b = 0; b < bars.Count; b++)
            {
                var shares = cells[b].Where(c => c.Percent > 0).Select(c => c.Percent!.Value).ToList();
                var widths = bars[b].Select(x => (double)x.Width).ToList();
                Assert.That(widths.Zip(shares, (w, p) => w / p).Distinct(new Close()).Count(), Is.EqualTo(1), "widths in proportion to shares");
                // Below the middle: points 1 and 2 and half of 3.
                var perPoint = widths[0] / shares[0];
                var left = (cells[b][0].Percent!.Value + cells[b][1].Percent!.Value + cells[b][2].Percent!.Value / 2) * perPoint;
                Assert.That(centres[0] - bars[b][0].X, Is.EqualTo(left).Within(0.05));
            }
            Assert.That(chart.Legend.Shapes.OfType<ChartBox>().Select(x => x.Fill.Pattern).Take(2), Is.All.EqualTo(ChartPattern.Diagonal), "the lower side hatched");
        });
    }

    private sealed class Close : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 0.01;
        public int GetHashCode(double obj) => 0;
    }

    [Test]
    public async Task A_scale_matrix_diverges_per_row_a_ranking_shows_average_ranks_in_order_and_without_breakdown_one_bar_each()
    {
        var (s, _, db) = await SummaryAsync();
        using var __ = db;
        var matrix = Chart(s, "m");
        var ranks = Chart(s, "order");
        var order = s.Questions.Single(q => q.Name == "order");
        var (plain, _, db2) = await SummaryAsync(ResponsesBy.Nobody);
        using var ___ = db2;
        var single = Chart(plain, "path");
        Assert.Multiple(() =>
        {
            Assert.That(matrix.Kind, Is.EqualTo(ChartKind.Diverging));
            Assert.That(matrix.Bands.Select(b => b.Shapes.OfType<ChartText>().First(t => t.Bold).Text), Is.EqualTo(new[] { "r1", "r2" }), "a band per row, headed by it");
            Assert.That(ranks.Kind, Is.EqualTo(ChartKind.Ranks));
            Assert.That(ranks.Bands.Select(b => b.Shapes.OfType<ChartText>().First(t => t.Bold).Text),
                Is.EqualTo(order.Ranking.OrderBy(r => r.Total).Select(r => r.Label)), "ranked first on top");
            Assert.That(Texts(ranks), Does.Contain(order.Ranking[0].Groups[Sectors.State]!.Value.ToString("0.##", Danish)));
            Assert.That(single.Kind, Is.EqualTo(ChartKind.Bars));
            Assert.That(single.Bands, Has.Count.EqualTo(3));
            Assert.That(single.Bands.Select(b => b.Shapes.OfType<ChartBox>().Single().Fill).Distinct(), Is.EqualTo(new[] { Charts.TotalFill }));
            Assert.That(single.Legend.Height, Is.Zero, "one series needs no legend");
        });
    }

    [Test]
    public async Task A_number_gets_a_histogram_whose_intervals_hold_the_raw_answers_with_open_ends_of_at_least_the_minimum()
    {
        var (s, raw, db) = await SummaryAsync();
        using var __ = db;
        var q = s.Questions.Single(x => x.Name == "years");
        var years = raw.Select(r => (Sector: r.Sector, Value: (int)r.Answers["years"]!)).ToList();
        int CountIn(string label, string? sector)
        {
            var values = years.Where(y => sector is null || y.Sector == sector).Select(y => y.Value).ToList();
            if (Regex.Match(label, @"^≤ (\d+)$") is { Success: true } up) return values.Count(v => v <= int.Parse(up.Groups[1].Value));
            if (Regex.Match(label, @"^≥ (\d+)$") is { Success: true } from) return values.Count(v => v >= int.Parse(from.Groups[1].Value));
            if (Regex.Match(label, @"^(\d+)–(\d+)$") is { Success: true } range)
                return values.Count(v => v >= int.Parse(range.Groups[1].Value) && v <= int.Parse(range.Groups[2].Value));
            return values.Count(v => v == int.Parse(label));
        }
        var chart = Chart(s, "years");
        Assert.Multiple(() =>
        {
            Assert.That(q.Histogram, Has.Count.InRange(5, 12));
            Assert.That(q.Histogram.Sum(b => b.Total.Count), Is.EqualTo(years.Count));
            foreach (var bin in q.Histogram)
            {
                Assert.That(bin.Total.Count, Is.EqualTo(CountIn(bin.Label, null)), bin.Label);
                Assert.That(bin.Groups[Sectors.State]!.Count, Is.EqualTo(CountIn(bin.Label, Sectors.State)), bin.Label);
                Assert.That(bin.Groups[Sectors.Region], Is.Null, "hidden groups stay hidden");
            }
            Assert.That(q.Histogram[0].Total.Count, Is.GreaterThanOrEqualTo(5));
            Assert.That(q.Histogram[^1].Total.Count, Is.GreaterThanOrEqualTo(5));
            Assert.That(q.Histogram[^1].Label, Does.StartWith("≥ "), "the few highest answers join an open interval");
            Assert.That(s.Footnotes, Has.Some.Contains("intervaller"));
            Assert.That(chart.Kind, Is.EqualTo(ChartKind.Histogram));
            Assert.That(Shapes(chart).OfType<ChartBox>().Count(), Is.EqualTo(q.Histogram.Count(b => b.Groups[Sectors.State]!.Count > 0) + q.Histogram.Count(b => b.Groups[Sectors.Municipality]!.Count > 0)));
            Assert.That(Texts(chart), Is.SupersetOf(q.Histogram.Select(b => b.Label)));
        });
    }

    [Test]
    public async Task Whole_numbers_over_a_short_range_get_an_interval_per_number()
    {
        using var db = new TestDatabase();
        var seen = 0;
        var (id, _) = await KnownAnswers.SeedAsync(db, """{ "pages": [ { "name": "p", "elements": [ { "type": "text", "name": "n", "inputType": "number" } ] } ] }""",
            [(Sectors.State, 16)], _ => new System.Text.Json.Nodes.JsonObject { ["n"] = 2 + ++seen % 3 });
        var q = (await new SummaryBuilder(db.Database, new DefinitionCache(db.Database)).BuildAsync(new SummaryRequest(id, By: ResponsesBy.Nobody)))!.Questions.Single();
        Assert.That(q.Histogram.Select(b => (b.Label, b.Total.Count)), Is.EqualTo(new[] { ("2", (long?)5), ("3", 6), ("4", 5) }));
    }

    [Test]
    public async Task The_svg_draws_the_same_shapes_with_a_pattern_for_each_patterned_fill_and_is_named_by_its_caption()
    {
        var (s, _, db) = await SummaryAsync();
        using var __ = db;
        var chart = Chart(s, "path");
        var svg = SvgCharts.Render(chart, "c1", "c1-cap").ToString()!;
        var patterned = chart.Bands.Prepend(chart.Legend).SelectMany(b => b.Shapes).OfType<ChartBox>().Select(b => b.Fill).Where(f => f.Pattern != ChartPattern.Solid).Distinct().Count();
        Assert.Multiple(() =>
        {
            Assert.That(svg, Does.StartWith("<svg role=\"img\" aria-labelledby=\"c1-cap\""));
            Assert.That(Regex.Matches(svg, "<pattern ").Count, Is.EqualTo(patterned));
            Assert.That(patterned, Is.GreaterThan(0), "municipality's fill has a pattern");
            Assert.That(Regex.Matches(svg, "<rect x=").Count, Is.EqualTo(chart.Bands.Prepend(chart.Legend).SelectMany(b => b.Shapes).OfType<ChartBox>().Count()));
            Assert.That(svg, Does.Contain("url(#c1-p0)"));
            Assert.That(chart.Description, Does.Contain("Vejen").And.Contain("fordelt på Sektor"));
        });
    }
}
