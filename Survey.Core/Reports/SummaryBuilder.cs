using System.Data.Common;
using System.Globalization;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Types;
using Survey.Core.Responses;

namespace Survey.Core.Reports;

/// <summary>
/// Counts a questionnaire's responses in one pass over their summary rows (<see cref="SummaryScan"/>)
/// and hides every group too small to show. The rule, the same on screen, in the PDF, in summary.json
/// and in the CSV of aggregates: a group with fewer answers to a question than the questionnaire's
/// minimum is hidden for that question; when that leaves exactly one group hidden, the next
/// smallest is hidden too, so that it cannot be worked out from the total; the total itself is
/// hidden below the minimum. Free-text answers are listed only for groups of at least twice the minimum.
/// </summary>
public sealed partial class SummaryBuilder(SurveyDatabase database, DefinitionCache definitions)
{
    /// <summary>At most this many free-text answers per question go into a summary; all of them are in responses.csv.</summary>
    public const int MaxTexts = 300;

    public async Task<QuestionnaireSummary?> BuildAsync(SummaryRequest request)
    {
        await ResponseValues.CatchUpAsync(database, definitions, request.QuestionnaireId);
        await using var connection = await database.OpenAsync();
        // Every number of the summary as of one moment, while leaders go on submitting.
        await using var tx = connection.BeginSnapshotRead();
        if (await QuestionnaireAsync(connection, tx, request.QuestionnaireId) is not var (q, definition)) return null;
        var lang = request.Lang;
        var min = q.MinGroupSize;
        var breakdown = Breakdown.Parse(request.By) ?? Breakdown.None;
        var by = breakdown.Kind == BreakdownKind.None ? ResponsesBy.Nobody : breakdown.Name;
        var byQuestion = breakdown.Kind == BreakdownKind.Question
            ? definition.Questions.FirstOrDefault(e => e.Name == breakdown.Name && ElementTypes.IsSingleChoice(e.Type))
            : null;
        // A question that is not a single-choice question of this questionnaire breaks nothing down.
        if (breakdown.Kind == BreakdownKind.Question && byQuestion is null) (breakdown, by) = (Breakdown.None, ResponsesBy.Nobody);
        var bySector = breakdown.IsSector;
        var summarised = Summarised(definition).ToList();
        var scan = await SummaryScan.RunAsync(connection, tx, request, breakdown, summarised.SelectMany(TextItems).ToList(), MaxTexts);
        var groupSizes = scan.GroupSizes;
        var invitedByGroup = await InvitedAsync(connection, tx, request.QuestionnaireId, breakdown);
        var invited = invitedByGroup.Values.Sum();
        var completed = groupSizes.Values.Sum();
        // A response rate exists only where the groups are the invitations' own background values.
        var withInvited = breakdown.Kind == BreakdownKind.Background;

        var groupKeys = OrderGroups(groupSizes.Keys.Concat(withInvited ? invitedByGroup.Keys : []).Distinct(), byQuestion, bySector).ToList();
        if (by == ResponsesBy.Nobody) groupKeys = [];
        string Label(string key) => GroupLabel(key, byQuestion, bySector, lang);
        var hiddenGroups = Suppress(groupKeys.ToDictionary(k => k, k => groupSizes.GetValueOrDefault(k)), min);
        var groups = groupKeys.Select(k =>
        {
            var hidden = hiddenGroups.Contains(k);
            var done = groupSizes.GetValueOrDefault(k);
            long? inv = withInvited && invitedByGroup.TryGetValue(k, out var n) ? n : null;
            return new GroupInfo(k, Label(k), hidden ? null : done, inv, hidden || inv is not > 0 ? null : Math.Round(done * 100.0 / inv.Value, 1), hidden);
        }).ToList();

        var distribution = scan.Counts.ToLookup(c => c.Question);
        var questions = new List<QuestionSummary>();
        foreach (var question in summarised)
            questions.Add(await QuestionAsync(connection, tx, scan, question, distribution, groupKeys, groupSizes, min, lang, Label));

        var footnotes = new List<string> { CoreText.Format("SumFootnoteHidden", min), CoreText.Format("SumFootnoteTexts", 2 * min) };
        if (questions.Any(s => s.CountsRows)) footnotes.Add(CoreText.Format("SumFootnoteRows"));
        if (questions.Any(s => s.Histogram.Count > 0)) footnotes.Add(CoreText.Format("SumFootnoteBins", min));
        var quotes = await QuoteReport.BuildAsync(connection, tx, request, definition, min, lang);
        if (quotes.Withheld > 0) footnotes.Add(CoreText.Format("SumFootnoteQuotes", quotes.Withheld, min));
        return new QuestionnaireSummary(q.Id, definition.Title?.Get(lang) ?? $"#{q.Id}", q.CurrentVersion, breakdown.ToString(),
            by == ResponsesBy.Nobody ? "" : byQuestion?.Label(lang) ?? (bySector ? CoreText.Format("SumSector") : by),
            request.Mode, min, invited, completed,
            invited > 0 ? Math.Round(completed * 100.0 / invited, 1) : null,
            scan.FirstSubmitted, scan.LastSubmitted, groups, questions, footnotes, quotes) { Interviews = scan.Interviews };
    }

    /// <summary>The questionnaire and the definition its responses answered (the published one, or the draft before publishing).</summary>
    private async Task<(QuestionnaireRow Row, SurveyDefinition Definition)?> QuestionnaireAsync(DbConnection connection, DbTransaction tx, long id)
    {
        var q = await connection.QuerySingleOrDefaultAsync<QuestionnaireRow>(
            "SELECT id AS Id, current_version AS CurrentVersion, min_group_size AS MinGroupSize, draft_definition AS DraftDefinition FROM questionnaires WHERE id = @id",
            new { id }, tx);
        if (q is null) return null;
        var definition = q.CurrentVersion is { } v
            ? await definitions.GetAsync(q.Id, v) ?? SurveyDefinition.Parse(q.DraftDefinition)
            : SurveyDefinition.Parse(q.DraftDefinition);
        return (q, definition);
    }

    private sealed class InvitedContact
    {
        public string Sector { get; init; } = "";
        public string Background { get; init; } = "{}";
    }

    /// <summary>How many were invited, by the value of the breakdown's background variable (all under "" otherwise).</summary>
    private static async Task<Dictionary<string, long>> InvitedAsync(DbConnection connection, DbTransaction tx, long questionnaireId, Breakdown breakdown)
    {
        if (breakdown.IsSector || breakdown.Kind != BreakdownKind.Background)
        {
            var bySector = (await connection.QueryAsync<(string Sector, long N)>("""
                SELECT c.sector, COUNT(*) FROM invitations i JOIN contacts c ON c.id = i.contact_id
                WHERE i.questionnaire_id = @questionnaireId GROUP BY c.sector
                """, new { questionnaireId }, tx)).ToDictionary(r => r.Sector, r => r.N);
            return breakdown.IsSector ? bySector : new Dictionary<string, long> { [""] = bySector.Values.Sum() };
        }
        var contacts = await connection.QueryAsync<InvitedContact>("""
            SELECT c.sector AS Sector, c.background AS Background FROM invitations i JOIN contacts c ON c.id = i.contact_id
            WHERE i.questionnaire_id = @questionnaireId
            """, new { questionnaireId }, tx);
        return contacts
            .Select(c => System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(c.Background)?.GetValueOrDefault(breakdown.Name) ?? "")
            .GroupBy(v => v.Trim()).ToDictionary(g => g.Key, g => (long)g.Count());
    }

    /// <summary>
    /// The request's filters on a table that carries questionnaire_id, mode, sector and submitted_at
    /// (responses, and response_summaries which repeats them), with their parameters added to p (and @Q
    /// expected to be the questionnaire's id).
    /// </summary>
    internal static List<string> Filters(SummaryRequest request, string alias, DynamicParameters p)
    {
        var where = new List<string> { $"{alias}.questionnaire_id = @Q" };
        if (request.Mode is SummaryModes.Web or SummaryModes.Interview)
        {
            where.Add($"{alias}.mode = @Mode");
            p.Add("Mode", request.Mode);
        }
        if (!string.IsNullOrEmpty(request.Sector))
        {
            where.Add($"{alias}.sector = @Sector");
            p.Add("Sector", request.Sector);
        }
        if (request.FromUtc is { } from)
        {
            where.Add($"{alias}.submitted_at >= @From");
            p.Add("From", from);
        }
        if (request.ToUtc is { } to)
        {
            where.Add($"{alias}.submitted_at < @To");
            p.Add("To", to);
        }
        return where;
    }

    private static bool IsFreeText(ElementDefinition q) => QuestionTypes.Of(q).IsFreeText(q);

    /// <summary>The questions a summary shows: each question, or each of its parts where it has them (Questionnaires/Types).</summary>
    private static IEnumerable<ElementDefinition> Summarised(SurveyDefinition definition) =>
        definition.Questions.SelectMany(q => QuestionTypes.Of(q).SummaryParts(q)).Where(q => QuestionTypes.Of(q).Summary(q) != SummaryKind.None);

    private async Task<QuestionSummary> QuestionAsync(DbConnection connection, DbTransaction tx, SummaryScan scan, ElementDefinition question,
        ILookup<string, SummaryScan.Count> distribution, IReadOnlyList<string> groupKeys, IReadOnlyDictionary<string, long> groupSizes, int min, string lang,
        Func<string, string> label)
    {
        var rows = distribution[question.Name!].ToList();
        var type = QuestionTypes.Of(question);
        var kind = type.Summary(question);
        Dictionary<string, long> answered = kind switch
        {
            _ when type.CountsRespondentsByMarker => rows.Where(r => ResponseValues.IsAnsweredMarker(r.Item, r.Value)).GroupBy(r => r.Grp).ToDictionary(g => g.Key, g => g.Sum(r => r.N)),
            SummaryKind.Ranking => rows.Where(r => r.Number == 1).GroupBy(r => r.Grp).ToDictionary(g => g.Key, g => g.Sum(r => r.N)),
            SummaryKind.Text => rows.Where(r => r.Item.Length == 0).GroupBy(r => r.Grp).ToDictionary(g => g.Key, g => g.Sum(r => r.N)),
            _ => rows.Where(r => r.Item.Length == 0).GroupBy(r => r.Grp).ToDictionary(g => g.Key, g => g.Sum(r => r.N)),
        };
        var total = answered.Values.Sum();
        // The small-group rule counts people: a repeating group's question counts rows, so its groups are hidden by the leaders who answered it.
        var people = question.Parent is { TemplateElements: not null }
            ? rows.Where(r => r.Item == ResponseValues.RespondentItem).GroupBy(r => r.Grp).ToDictionary(g => g.Key, g => g.Sum(r => r.N))
            : answered;
        var totalHidden = people.Values.Sum() < min;
        var hidden = totalHidden ? groupKeys.ToHashSet() : Suppress(groupKeys.ToDictionary(k => k, k => people.GetValueOrDefault(k)), min);
        var answeredByGroup = groupKeys.ToDictionary(k => k, k => hidden.Contains(k) ? (long?)null : answered.GetValueOrDefault(k));

        var options = new List<OptionRow>();
        Stats? stats = null;
        var statsByGroup = new Dictionary<string, Stats?>();
        var matrixRows = new List<MatrixRowSummary>();
        var ranking = new List<RankRow>();
        var histogram = new List<OptionRow>();

        switch (kind)
        {
            case SummaryKind.Choices:
                options = Options(rows, "", ChoicesOf(question, lang), answered, total, totalHidden, hidden, groupKeys);
                break;
            case SummaryKind.Scale:
                options = Options(rows, "", ChoicesOf(question, lang), answered, total, totalHidden, hidden, groupKeys);
                (stats, statsByGroup) = StatsOf(rows, "", totalHidden, hidden, groupKeys);
                break;
            case SummaryKind.Number:
                (stats, statsByGroup) = StatsOf(rows, "", totalHidden, hidden, groupKeys);
                if (!totalHidden) histogram = Histogram(rows, answered, total, hidden, groupKeys, min);
                break;
            case SummaryKind.Matrix:
                var numeric = question.Columns?.All(c => c.Value.GetValueKind() == System.Text.Json.JsonValueKind.Number) == true;
                foreach (var row in question.Rows ?? [])
                {
                    var inRow = rows.Where(r => r.Item == row.Key).ToList();
                    var rowAnswered = inRow.GroupBy(r => r.Grp).ToDictionary(g => g.Key, g => g.Sum(r => r.N));
                    var columns = (question.Columns ?? []).Select(c => (c.Key, c.Label(lang))).ToList();
                    var rowOptions = Options(inRow, row.Key, columns, rowAnswered, rowAnswered.Values.Sum(), totalHidden, hidden, groupKeys);
                    var (rowStats, rowStatsByGroup) = numeric ? StatsOf(inRow, row.Key, totalHidden, hidden, groupKeys) : (null, new Dictionary<string, Stats?>());
                    matrixRows.Add(new MatrixRowSummary(row.Key, row.Label(lang), rowOptions, rowStats, rowStatsByGroup));
                }
                break;
            case SummaryKind.Ranking:
                static double? AverageRank(IEnumerable<SummaryScan.Count> r)
                {
                    var list = r.ToList();
                    var n = list.Sum(x => x.N);
                    return n == 0 ? null : Math.Round(list.Sum(x => (x.Number ?? 0) * x.N) / n, 2);
                }
                foreach (var choice in question.Choices ?? [])
                {
                    var forChoice = rows.Where(r => r.Item == choice.Key).ToList();
                    ranking.Add(new RankRow(choice.Key, choice.Label(lang), totalHidden ? null : AverageRank(forChoice),
                        groupKeys.ToDictionary(k => k, k => hidden.Contains(k) ? null : AverageRank(forChoice.Where(r => r.Grp == k)))));
                }
                break;
        }

        var (texts, textCount, textsSuppressed) = await TextsAsync(connection, tx, scan, rows, question, groupKeys, groupSizes, min, label);
        return new QuestionSummary(question.Name!, question.Label(lang), question.Type, totalHidden ? null : total, answeredByGroup,
            options, stats, statsByGroup, matrixRows, ranking, texts, textCount, textsSuppressed, totalHidden || hidden.Count > 0)
        {
            HasStatistics = kind is SummaryKind.Scale or SummaryKind.Number,
            CountsRows = question.Parent is { TemplateElements: not null },
            Histogram = histogram,
        };
    }

    /// <summary>
    /// A number question's answers in at most twelve intervals of the smallest round width that
    /// allows (1, 2, 2.5 or 5 times a power of ten; whole numbers for whole answers). The lowest interval takes in the next ones until
    /// it holds at least the minimum, and so does the highest, and both are then open-ended: an
    /// extreme answer is never alone in its interval, so it cannot be told from the chart.
    /// </summary>
    private static List<OptionRow> Histogram(IReadOnlyList<SummaryScan.Count> rows, IReadOnlyDictionary<string, long> answered, long total,
        IReadOnlySet<string> hidden, IReadOnlyList<string> groupKeys, int min)
    {
        var numbers = rows.Where(r => r.Item.Length == 0 && r.Number is not null).ToList();
        if (numbers.Count == 0) return [];
        double lo = numbers.Min(r => r.Number!.Value), hi = numbers.Max(r => r.Number!.Value);
        var whole = numbers.All(r => r.Number!.Value == Math.Floor(r.Number.Value));
        var width = RoundWidth((hi - lo) / 12, whole);
        var start = Math.Floor(lo / width) * width;
        var count = Math.Max(1, (int)Math.Floor((hi - start) / width + 1e-9) + 1);
        int Bin(double x) => Math.Clamp((int)Math.Floor((x - start) / width + 1e-9), 0, count - 1);
        var perBin = new long[count];
        foreach (var r in numbers) perBin[Bin(r.Number!.Value)] += r.N;
        var first = 0;
        for (var sum = perBin[0]; sum < min && first < count - 1; sum += perBin[++first]) { }
        var last = count - 1;
        for (var sum = perBin[last]; sum < min && last > first; sum += perBin[--last]) { }

        string Number(double x) => x.ToString("0.###", CultureInfo.CurrentCulture);
        // The intervals shown: [first..last] of the round ones, the ends open when they took in others.
        var labels = new List<(string Key, string Label)>();
        for (var b = first; b <= last; b++)
        {
            double from = start + b * width, to = start + (b + 1) * width;
            var label = first == last ? Range(start, start + count * width)
                : b == first && first > 0 ? CoreText.Format(whole ? "SumBinUpTo" : "SumBinBelowOpen", Number(whole ? to - 1 : to))
                : b == last && last < count - 1 ? CoreText.Format("SumBinFrom", Number(from))
                : Range(from, to);
            labels.Add((b.ToString(CultureInfo.InvariantCulture), label));
        }
        string Range(double from, double to) => whole
            ? (to - from == 1 ? Number(from) : CoreText.Format("SumBinRange", Number(from), Number(to - 1)))
            : CoreText.Format("SumBinBelow", Number(from), Number(to));
        var binned = numbers.Select(r => r with { Value = Math.Clamp(Bin(r.Number!.Value), first, last).ToString(CultureInfo.InvariantCulture) }).ToList();
        return Options(binned, "", labels, answered, total, totalHidden: false, hidden, groupKeys);
    }

    /// <summary>The smallest round width (1, 2, 2.5 or 5 times a power of ten) of at least <paramref name="raw"/>; a whole number for whole answers.</summary>
    private static double RoundWidth(double raw, bool whole)
    {
        if (raw <= 0 || (whole && raw <= 1)) return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            var width = m * power;
            if (width >= raw * (1 - 1e-9) && (!whole || width == Math.Floor(width))) return whole ? Math.Max(1, width) : width;
        }
        return 10 * power;
    }

    /// <summary>Which of its values a question lists as free text: its own answer (a text or comment question), or what was written under "Other".</summary>
    private static IEnumerable<(string Question, string Item)> TextItems(ElementDefinition question)
    {
        if (IsFreeText(question) && question.EffectiveInputType is "text") yield return (question.Name!, "");
        if (question.ShowOtherItem == true) yield return (question.Name!, ElementDefinition.OtherValue);
    }

    /// <summary>
    /// Free text (text and comment questions, and what was written under "Other"), for groups of at
    /// least twice the minimum: the words are read from the stored answers of the first responses
    /// (by id) that have them, which the scan found.
    /// </summary>
    private async Task<(List<TextAnswer>, long, bool)> TextsAsync(DbConnection connection, DbTransaction tx, SummaryScan scan,
        IReadOnlyList<SummaryScan.Count> rows, ElementDefinition question, IReadOnlyList<string> groupKeys, IReadOnlyDictionary<string, long> groupSizes,
        int min, Func<string, string> label)
    {
        if (TextItems(question).ToList() is not [var (name, item), ..]) return ([], 0, false);
        var allowed = groupKeys.Count == 0
            ? (groupSizes.Values.Sum() >= 2 * min ? [""] : new List<string>())
            : groupKeys.Where(k => groupSizes.GetValueOrDefault(k) >= 2 * min).ToList();
        var count = rows.Where(r => r.Item == item).Sum(r => r.N);
        var suppressed = count > 0 && allowed.Count < Math.Max(1, groupKeys.Count);
        if (allowed.Count == 0 || count == 0) return ([], count, suppressed);
        var byGroup = scan.TextResponses.GetValueOrDefault((name, item)) ?? [];
        var groupOf = allowed.SelectMany(g => (byGroup.GetValueOrDefault(g) ?? []).Select(id => (id, g))).OrderBy(x => x.id).Take(MaxTexts).ToDictionary(x => x.id, x => x.g);
        if (groupOf.Count == 0) return ([], count, suppressed);
        var stored = await connection.QueryAsync<(long Id, long QuestionnaireId, int Version, string Answers)>(
            $"SELECT id, questionnaire_id, version, answers FROM responses WHERE id {connection.Sql().In("@ids")} ORDER BY id",
            new { ids = groupOf.Keys.ToList() }, tx);
        var texts = new List<TextAnswer>();
        foreach (var r in stored)
        {
            var definition = await definitions.GetAsync(r.QuestionnaireId, r.Version);
            if (definition is null) continue;
            var answers = System.Text.Json.Nodes.JsonNode.Parse(r.Answers)!.AsObject();
            foreach (var v in ResponseValues.Explode(definition, answers))
                if (v.Question == name && v.Item == item && v.Value.Length > 0)
                    texts.Add(new TextAnswer(groupKeys.Count == 0 ? "" : label(groupOf[r.Id]), v.Value));
            if (texts.Count >= MaxTexts) break;
        }
        return (texts.Take(MaxTexts).ToList(), count, suppressed);
    }

    private static IReadOnlyList<(string Key, string Label)> ChoicesOf(ElementDefinition q, string lang) => QuestionTypes.Of(q).Categories(q, lang);

    private static List<OptionRow> Options(IReadOnlyList<SummaryScan.Count> rows, string item, IReadOnlyList<(string Key, string Label)> choices,
        IReadOnlyDictionary<string, long> answered, long total, bool totalHidden, IReadOnlySet<string> hidden, IReadOnlyList<string> groupKeys)
    {
        static Cell Shown(long n, long of) => new(n, of == 0 ? 0 : Math.Round(n * 100.0 / of, 1)) { Interval = Statistics.Wilson(n, of) };
        var inItem = rows.Where(r => r.Item == item).ToList();
        return choices.Select(c =>
        {
            var forChoice = inItem.Where(r => r.Value == c.Key).ToList();
            var all = forChoice.Sum(r => r.N);
            var byGroup = groupKeys.ToDictionary(k => k, k =>
            {
                if (hidden.Contains(k)) return (Cell?)null;
                var n = forChoice.Where(r => r.Grp == k).Sum(r => r.N);
                return Shown(n, answered.GetValueOrDefault(k));
            });
            return new OptionRow(c.Key, c.Label, totalHidden ? new Cell(null, null) : Shown(all, total), byGroup);
        }).ToList();
    }

    /// <summary>Mean, median and sample standard deviation from counts of each distinct value.</summary>
    private static (Stats?, Dictionary<string, Stats?>) StatsOf(IReadOnlyList<SummaryScan.Count> rows, string item, bool totalHidden,
        IReadOnlySet<string> hidden, IReadOnlyList<string> groupKeys)
    {
        static Stats? Describe(IEnumerable<SummaryScan.Count> source)
        {
            var values = source.Where(r => r.Number is not null).GroupBy(r => r.Number!.Value).Select(g => (X: g.Key, N: g.Sum(r => r.N))).OrderBy(v => v.X).ToList();
            var n = values.Sum(v => v.N);
            if (n == 0) return null;
            var mean = values.Sum(v => v.X * v.N) / n;
            var squares = values.Sum(v => v.N * (v.X - mean) * (v.X - mean));
            var sd = n > 1 ? Math.Sqrt(squares / (n - 1)) : 0;
            double At(long position)
            {
                long seen = 0;
                foreach (var (x, count) in values)
                {
                    seen += count;
                    if (seen >= position) return x;
                }
                return values[^1].X;
            }
            var median = n % 2 == 1 ? At(n / 2 + 1) : (At(n / 2) + At(n / 2 + 1)) / 2;
            return new Stats(n, Math.Round(mean, 2), Math.Round(median, 2), Math.Round(sd, 2)) { Interval = Statistics.MeanInterval(mean, sd, n) };
        }
        var inItem = rows.Where(r => r.Item == item).ToList();
        var byGroup = groupKeys.ToDictionary(k => k, k => hidden.Contains(k) ? null : Describe(inItem.Where(r => r.Grp == k)));
        return (totalHidden ? null : Describe(inItem), byGroup);
    }

    /// <summary>Primary and secondary suppression over groups with their counts.</summary>
    public static HashSet<string> Suppress(IReadOnlyDictionary<string, long> counts, int min)
    {
        var hidden = counts.Where(c => c.Value > 0 && c.Value < min).Select(c => c.Key).ToHashSet();
        if (hidden.Count == 1)
        {
            // One hidden group alone could be worked out as the total minus the groups shown.
            var next = counts.Where(c => c.Value > 0 && !hidden.Contains(c.Key)).OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault();
            if (next.Key is not null) hidden.Add(next.Key);
        }
        return hidden;
    }

    private static IEnumerable<string> OrderGroups(IEnumerable<string> keys, ElementDefinition? byQuestion, bool bySector)
    {
        var order = bySector ? Sectors.All.ToList()
            : byQuestion is not null ? ChoicesOf(byQuestion, "da").Select(c => c.Key).ToList() : [];
        return keys.OrderBy(k => k.Length == 0 ? int.MaxValue : order.IndexOf(k) is var i && i >= 0 ? i : int.MaxValue - 1)
            .ThenBy(k => k, StringComparer.Ordinal);
    }

    private static string GroupLabel(string key, ElementDefinition? byQuestion, bool bySector, string lang)
    {
        if (key.Length == 0) return CoreText.Format("SumUnknownGroup");
        if (bySector) return Sectors.Label(key, lang);
        if (byQuestion is not null) return ChoicesOf(byQuestion, lang).FirstOrDefault(c => c.Key == key).Label ?? key;
        return key;
    }
}
