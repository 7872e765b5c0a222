using System.Text.Json.Nodes;
using Survey.Core;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Responses;

namespace Survey.Tests.Reports;

/// <summary>
/// A data set with known answers; the expected numbers are worked out here from the raw answers,
/// independently of the SQL, and compared with the summary.
/// </summary>
public class SummaryBuilderTests
{
    private const string Definition = """
        {
          "title": { "da": "Kendte svar", "en": "Known answers" },
          "pages": [ { "name": "p1", "elements": [
            { "type": "radiogroup", "name": "choice", "choices": ["a", "b", "c"], "showOtherItem": true },
            { "type": "checkbox", "name": "multi", "choices": ["x", "y", "z"] },
            { "type": "boolean", "name": "yes" },
            { "type": "rating", "name": "score", "rateMin": 1, "rateMax": 5 },
            { "type": "text", "name": "num", "inputType": "number" },
            { "type": "matrix", "name": "grid", "rows": ["r1", "r2"], "columns": [1, 2, 3] },
            { "type": "ranking", "name": "rank", "choices": ["p", "q", "r"] },
            { "type": "comment", "name": "free" }
          ] } ]
        }
        """;

    private static readonly (string Sector, int Count)[] Groups =
        [(Sectors.State, 12), (Sectors.Region, 6), (Sectors.Municipality, 3), (Sectors.Private, 8)];

    private TestDatabase _db = null!;
    private long _id;
    private readonly List<(string Sector, JsonObject Answers)> _raw = [];

    [OneTimeSetUp]
    public async Task Seed()
    {
        _db = new TestDatabase();
        var random = new Random(11);
        // Two more invited in each sector who never answer, for the response rate.
        (_id, var raw) = await KnownAnswers.SeedAsync(_db, Definition, Groups, sector =>
        {
            var answers = new JsonObject
            {
                ["choice"] = new[] { "a", "b", "c", "other" }[random.Next(4)],
                ["multi"] = new JsonArray(new[] { "x", "y", "z" }.Where(_ => random.Next(2) == 0).Select(v => (JsonNode)v).ToArray()),
                ["yes"] = random.Next(2) == 0,
                ["score"] = random.Next(1, 6),
                ["num"] = Math.Round(random.NextDouble() * 100, 1),
                ["grid"] = new JsonObject { ["r1"] = random.Next(1, 4), ["r2"] = random.Next(1, 4) },
                ["rank"] = new JsonArray(new[] { "p", "q", "r" }.OrderBy(_ => random.Next()).Select(v => (JsonNode)v).ToArray()),
                ["free"] = $"Tekst fra {sector} {random.Next(1000)}",
            };
            if (answers["choice"]!.GetValue<string>() == "other") answers["choice-Comment"] = "Noget andet";
            if (answers["multi"]!.AsArray().Count == 0) answers.Remove("multi");
            return answers;
        }, idle: 2);
        _raw.AddRange(raw);
    }

    [OneTimeTearDown]
    public void Cleanup() => _db.Dispose();

    private Task<QuestionnaireSummary?> Build(string? by = ResponsesBy.Sector, string mode = SummaryModes.Both) =>
        new SummaryBuilder(_db.Database, new DefinitionCache(_db.Database)).BuildAsync(new SummaryRequest(_id, by, mode));

    private IEnumerable<JsonObject> In(string sector) => _raw.Where(r => r.Sector == sector).Select(r => r.Answers);

    private static double Percent(int n, int of) => Math.Round(n * 100.0 / of, 1);

    [Test]
    public async Task Invited_completed_and_response_rate_match_overall_and_by_sector()
    {
        var s = (await Build())!;
        var state = s.Groups.Single(g => g.Key == Sectors.State);
        Assert.Multiple(() =>
        {
            Assert.That(s.Completed, Is.EqualTo(29));
            Assert.That(s.Invited, Is.EqualTo(29 + 8));
            Assert.That(s.ResponseRate, Is.EqualTo(Math.Round(29 * 100.0 / 37, 1)));
            Assert.That(state.Completed, Is.EqualTo(12));
            Assert.That(state.Invited, Is.EqualTo(14));
            Assert.That(state.ResponseRate, Is.EqualTo(Math.Round(1200.0 / 14, 1)));
        });
    }

    [Test]
    public async Task A_group_below_the_minimum_is_hidden_and_a_second_so_the_total_cannot_reveal_it()
    {
        var s = (await Build())!;
        var choice = s.Questions.Single(q => q.Name == "choice");
        Assert.Multiple(() =>
        {
            Assert.That(s.Groups.Single(g => g.Key == Sectors.Municipality).Suppressed, Is.True, "3 answers < 5");
            Assert.That(s.Groups.Single(g => g.Key == Sectors.Region).Suppressed, Is.True, "the next smallest, so the total does not give the 3 away");
            Assert.That(s.Groups.Single(g => g.Key == Sectors.State).Suppressed, Is.False);
            Assert.That(choice.AnsweredByGroup[Sectors.Municipality], Is.Null);
            Assert.That(choice.AnsweredByGroup[Sectors.Region], Is.Null);
            Assert.That(choice.Options.All(o => o.Groups[Sectors.Municipality] is null && o.Groups[Sectors.Region] is null), Is.True);
            Assert.That(choice.Options.All(o => o.Groups[Sectors.State] is not null), Is.True);
        });
    }

    [Test]
    public async Task Single_and_multiple_choice_counts_and_percentages_match_the_raw_answers()
    {
        var s = (await Build())!;
        var choice = s.Questions.Single(q => q.Name == "choice");
        var multi = s.Questions.Single(q => q.Name == "multi");
        var all = _raw.Select(r => r.Answers).ToList();
        foreach (var option in new[] { "a", "b", "c", "other" })
        {
            var n = all.Count(a => a["choice"]!.GetValue<string>() == option);
            var inState = In(Sectors.State).Count(a => a["choice"]!.GetValue<string>() == option);
            var row = choice.Options.Single(o => o.Value == option);
            Assert.That(Bare(row.Total), Is.EqualTo(new Cell(n, Percent(n, all.Count))), option);
            Assert.That(Bare(row.Groups[Sectors.State]), Is.EqualTo(new Cell(inState, Percent(inState, 12))), option);
        }
        var ticked = all.Where(a => a["multi"] is not null).ToList();
        Assert.That(multi.Answered, Is.EqualTo(ticked.Count));
        foreach (var option in new[] { "x", "y", "z" })
        {
            var n = ticked.Count(a => a["multi"]!.AsArray().Any(v => v!.GetValue<string>() == option));
            // For multiple choice the share is of those who answered the question, not of the ticks.
            Assert.That(Bare(multi.Options.Single(o => o.Value == option).Total), Is.EqualTo(new Cell(n, Percent(n, ticked.Count))), option);
        }
    }

    [Test]
    public async Task Means_medians_and_standard_deviations_match_the_raw_answers()
    {
        var s = (await Build())!;
        foreach (var name in new[] { "score", "num" })
        {
            var summary = s.Questions.Single(q => q.Name == name);
            Assert.That(Bare(summary.Stats), Is.EqualTo(Describe(_raw.Select(r => r.Answers[name]!.AsValue().ToDouble()))), name);
            Assert.That(Bare(summary.StatsByGroup[Sectors.State]), Is.EqualTo(Describe(In(Sectors.State).Select(a => a[name]!.AsValue().ToDouble()))), name);
            Assert.That(Bare(summary.StatsByGroup[Sectors.Private]), Is.EqualTo(Describe(In(Sectors.Private).Select(a => a[name]!.AsValue().ToDouble()))), name);
        }
    }

    private static Stats Describe(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        var mean = v.Average();
        var median = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        var sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return new Stats(v.Length, Math.Round(mean, 2), Math.Round(median, 2), Math.Round(sd, 2));
    }

    // The intervals are checked on their own (IntervalTests); these tests compare the counts and statistics.
    private static Cell? Bare(Cell? c) => c is null ? null : c with { Interval = null };

    private static Stats? Bare(Stats? s) => s is null ? null : s with { Interval = null };

    [Test]
    public async Task Matrix_rows_have_their_distribution_and_mean()
    {
        var s = (await Build())!;
        var grid = s.Questions.Single(q => q.Name == "grid");
        foreach (var row in new[] { "r1", "r2" })
        {
            var summary = grid.Rows.Single(r => r.Value == row);
            var values = _raw.Select(r => r.Answers["grid"]![row]!.AsValue().ToDouble()).ToList();
            Assert.That(Bare(summary.Total), Is.EqualTo(Describe(values)), row);
            foreach (var column in new[] { 1, 2, 3 })
            {
                var n = values.Count(v => (int)v == column);
                Assert.That(Bare(summary.Options.Single(o => o.Value == column.ToString()).Total), Is.EqualTo(new Cell(n, Percent(n, values.Count))), $"{row}/{column}");
            }
        }
    }

    [Test]
    public async Task Ranking_gives_the_average_rank_of_each_choice()
    {
        var s = (await Build())!;
        var rank = s.Questions.Single(q => q.Name == "rank");
        foreach (var choice in new[] { "p", "q", "r" })
        {
            var expected = _raw.Average(r => r.Answers["rank"]!.AsArray().Select(v => v!.GetValue<string>()).ToList().IndexOf(choice) + 1.0);
            Assert.That(rank.Ranking.Single(x => x.Value == choice).Total, Is.EqualTo(Math.Round(expected, 2)), choice);
        }
    }

    [Test]
    public async Task Free_text_is_listed_only_for_groups_of_at_least_twice_the_minimum()
    {
        var s = (await Build())!;
        var free = s.Questions.Single(q => q.Name == "free");
        var overall = (await Build(ResponsesBy.Nobody))!.Questions.Single(q => q.Name == "free");
        Assert.Multiple(() =>
        {
            Assert.That(free.Texts.Select(t => t.Text), Is.EquivalentTo(In(Sectors.State).Select(a => a["free"]!.GetValue<string>())),
                "only the state group has 10 or more");
            Assert.That(free.TextsSuppressed, Is.True);
            Assert.That(free.TextCount, Is.EqualTo(29));
            Assert.That(overall.Texts, Has.Count.EqualTo(29));
            Assert.That(overall.TextsSuppressed, Is.False);
        });
    }

    [Test]
    public async Task Results_break_down_by_the_answer_to_a_single_choice_question()
    {
        var s = (await Build(ResponsesBy.Question("yes")))!;
        var score = s.Questions.Single(q => q.Name == "score");
        var yes = _raw.Where(r => r.Answers["yes"]!.GetValue<bool>()).Select(r => r.Answers["score"]!.AsValue().ToDouble()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(s.Groups.Select(g => g.Key), Is.EquivalentTo(new[] { "true", "false" }));
            Assert.That(s.Groups.Single(g => g.Key == "true").Label, Is.EqualTo("Ja"));
            Assert.That(Bare(score.StatsByGroup["true"]), Is.EqualTo(Describe(yes)));
        });
    }

    [Test]
    public async Task Filtering_on_interviews_leaves_no_web_answers()
    {
        var s = (await Build(mode: SummaryModes.Interview))!;
        Assert.Multiple(() =>
        {
            Assert.That(s.Completed, Is.Zero);
            Assert.That(s.Questions.All(q => q.Answered is null), Is.True, "an empty total is below the minimum too");
        });
    }

    [Test]
    public void Suppression_hides_one_more_when_one_group_alone_is_hidden()
    {
        var one = SummaryBuilder.Suppress(new Dictionary<string, long> { ["a"] = 3, ["b"] = 20, ["c"] = 7, ["d"] = 0 }, 5);
        var two = SummaryBuilder.Suppress(new Dictionary<string, long> { ["a"] = 3, ["b"] = 4, ["c"] = 7 }, 5);
        var none = SummaryBuilder.Suppress(new Dictionary<string, long> { ["a"] = 5, ["b"] = 9 }, 5);
        Assert.Multiple(() =>
        {
            Assert.That(one, Is.EquivalentTo(new[] { "a", "c" }));
            Assert.That(two, Is.EquivalentTo(new[] { "a", "b" }));
            Assert.That(none, Is.Empty);
        });
    }

    [Test]
    public async Task The_csv_of_aggregates_hides_the_same_groups_as_the_summary()
    {
        var s = (await Build())!;
        var text = System.Text.Encoding.UTF8.GetString(SummaryCsv.Write(s, danishExcel: false));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var municipality = lines.Where(l => l.StartsWith("choice,", StringComparison.Ordinal) && l.Contains(",Kommune,")).ToList();
        var state = lines.Single(l => l.StartsWith("choice,", StringComparison.Ordinal) && l.Contains(",a,") && l.Contains(",Stat,"));
        var expected = In(Sectors.State).Count(a => a["choice"]!.GetValue<string>() == "a");
        Assert.Multiple(() =>
        {
            Assert.That(municipality, Has.Count.EqualTo(4));
            Assert.That(municipality.All(l => l.Contains(",–,–,")), Is.True, "hidden here as in the summary");
            Assert.That(state, Does.Contain($",Stat,{expected},"));
        });
    }

    [Test]
    public async Task Sector_and_period_filters_narrow_the_responses()
    {
        var builder = new SummaryBuilder(_db.Database, new DefinitionCache(_db.Database));
        var stateOnly = (await builder.BuildAsync(new SummaryRequest(_id, ResponsesBy.Nobody, Sector: Sectors.State)))!;
        var future = (await builder.BuildAsync(new SummaryRequest(_id, FromUtc: DateTime.UtcNow.AddDays(1))))!;
        var past = (await builder.BuildAsync(new SummaryRequest(_id, ToUtc: DateTime.UtcNow.AddDays(1))))!;
        var expectedYes = In(Sectors.State).Count(a => a["yes"]!.GetValue<bool>());
        Assert.Multiple(() =>
        {
            Assert.That(stateOnly.Completed, Is.EqualTo(12));
            Assert.That(stateOnly.Questions.Single(q => q.Name == "yes").Options.Single(o => o.Value == "true").Total.Count, Is.EqualTo(expectedYes));
            Assert.That(future.Completed, Is.Zero);
            Assert.That(past.Completed, Is.EqualTo(29));
        });
    }
}
