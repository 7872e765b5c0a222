using Survey.Core.Questionnaires.Types;

namespace Survey.Core.Reports;

/// <summary>
/// A difference between groups in a closed question: the answer whose share differs most between two
/// groups shown, and the chi-square test of independence of the whole question's table (groups shown ×
/// answers).
/// </summary>
public sealed record GroupDifference(string Question, string Answer, string HighGroup, double HighPercent, string LowGroup, double LowPercent,
    IndependenceTest Test)
{
    public double Points => Math.Round(HighPercent - LowPercent, 1);
}

/// <summary>The executive summary's findings, from the numbers a summary shows (what it hides stays out).</summary>
public static class Findings
{
    /// <summary>
    /// The largest differences between groups among the closed questions with one answer (single choice,
    /// yes/no, ratings, each row of a matrix), largest first by percentage points. A question whose
    /// every group gives one answer (Cramér's V of 1) restates the breakdown and is no finding; a
    /// question the summary is broken down by is left out for the same reason.
    /// </summary>
    public static IReadOnlyList<GroupDifference> Largest(QuestionnaireSummary summary, int count)
    {
        if (summary.Groups.Count < 2) return [];
        var byQuestion = summary.By.StartsWith(ResponsesBy.QuestionPrefix, StringComparison.Ordinal) ? summary.By[ResponsesBy.QuestionPrefix.Length..] : null;
        var tables = new List<(string Title, IReadOnlyList<OptionRow> Options)>();
        foreach (var q in summary.Questions.Where(q => q.Name != byQuestion))
        {
            if (q.Rows.Count > 0) tables.AddRange(q.Rows.Select(r => ($"{q.Title} – {r.Label}", r.Options)));
            else if (q.Options.Count > 0 && q.Histogram.Count == 0 && (QuestionTypes.Find(q.Type)?.IsSingleChoice == true || q.HasStatistics))
                tables.Add((q.Title, q.Options));
        }
        var found = new List<GroupDifference>();
        foreach (var (title, options) in tables)
        {
            var groups = summary.Groups.Where(g => options.All(o => o.Groups.GetValueOrDefault(g.Key)?.Count is not null)).ToList();
            if (groups.Count < 2) continue;
            var test = Statistics.Independence(groups.Select(g => (IReadOnlyList<long>)options.Select(o => o.Groups[g.Key]!.Count!.Value).ToList()).ToList());
            if (test is null || test.CramersV >= 0.999) continue;
            var best = options.Select(o =>
            {
                var shares = groups.Select(g => (g.Label, Percent: o.Groups[g.Key]!.Percent ?? 0)).ToList();
                var high = shares.MaxBy(s => s.Percent);
                var low = shares.MinBy(s => s.Percent);
                return new GroupDifference(title, o.Label, high.Label, high.Percent, low.Label, low.Percent, test);
            }).MaxBy(d => d.Points)!;
            found.Add(best);
        }
        return found.OrderByDescending(d => d.Points).ThenBy(d => d.Test.PValue).Take(count).ToList();
    }
}
