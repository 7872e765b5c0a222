using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;

namespace Survey.Core.Reports;

/// <summary>
/// Counts a questionnaire's responses in SQL (response_values, one row per answered value) and
/// hides every group too small to show. The rule, the same on screen, in the PDF, in summary.json
/// and in the CSV of aggregates: a group with fewer answers to a question than the questionnaire's
/// minimum is hidden for that question; when that leaves exactly one group hidden, the next
/// smallest is hidden too, so that it cannot be worked out from the total; the total itself is
/// hidden below the minimum. Free-text answers are listed only for groups of at least twice the minimum.
/// </summary>
public sealed class SummaryBuilder(SurveyDatabase database, DefinitionCache definitions)
{
    /// <summary>At most this many free-text answers per question go into a summary; all of them are in responses.csv.</summary>
    public const int MaxTexts = 300;

    private sealed class Scope
    {
        public required string Sql { get; init; }
        public required DynamicParameters Parameters { get; init; }
    }

    public async Task<QuestionnaireSummary?> BuildAsync(SummaryRequest request)
    {
        await using var connection = await database.OpenAsync();
        var q = await connection.QuerySingleOrDefaultAsync<QuestionnaireRow>(
            "SELECT id AS Id, current_version AS CurrentVersion, min_group_size AS MinGroupSize, draft_definition AS DraftDefinition FROM questionnaires WHERE id = @QuestionnaireId",
            new { request.QuestionnaireId });
        if (q is null) return null;
        var definition = q.CurrentVersion is { } v
            ? await definitions.GetAsync(q.Id, v) ?? SurveyDefinition.Parse(q.DraftDefinition)
            : SurveyDefinition.Parse(q.DraftDefinition);
        var lang = request.Lang;
        var min = q.MinGroupSize;
        var by = string.IsNullOrWhiteSpace(request.By) ? ResponsesBy.Nobody : request.By;
        var byQuestion = definition.Questions.FirstOrDefault(e => e.Name == by && ElementTypes.IsSingleChoice(e.Type));
        var scope = ScopeFor(request, by, byQuestion);

        var groupSizes = (await connection.QueryAsync<(string Grp, long N)>($"{scope.Sql} SELECT grp, COUNT(*) FROM scope GROUP BY grp", scope.Parameters))
            .ToDictionary(r => r.Grp, r => r.N);
        var span = await connection.QuerySingleAsync<(string? First, string? Last)>(
            $"{scope.Sql} SELECT MIN(r.submitted_at), MAX(r.submitted_at) FROM scope s JOIN responses r ON r.id = s.id", scope.Parameters);
        var invitedBySector = (await connection.QueryAsync<(string Sector, long N)>("""
            SELECT c.sector, COUNT(*) FROM invitations i JOIN contacts c ON c.id = i.contact_id
            WHERE i.questionnaire_id = @QuestionnaireId GROUP BY c.sector
            """, new { request.QuestionnaireId })).ToDictionary(r => r.Sector, r => r.N);
        var invited = invitedBySector.Values.Sum();
        var completed = groupSizes.Values.Sum();

        var groupKeys = OrderGroups(groupSizes.Keys.Concat(by == ResponsesBy.Sector ? invitedBySector.Keys : []).Distinct(), by, byQuestion).ToList();
        if (by == ResponsesBy.Nobody) groupKeys = [];
        string Label(string key) => GroupLabel(key, by, byQuestion, lang);
        var hiddenGroups = Suppress(groupKeys.ToDictionary(k => k, k => groupSizes.GetValueOrDefault(k)), min);
        var groups = groupKeys.Select(k =>
        {
            var hidden = hiddenGroups.Contains(k);
            var done = groupSizes.GetValueOrDefault(k);
            long? inv = by == ResponsesBy.Sector && invitedBySector.TryGetValue(k, out var n) ? n : null;
            return new GroupInfo(k, Label(k), hidden ? null : done, inv, hidden || inv is not > 0 ? null : Math.Round(done * 100.0 / inv.Value, 1), hidden);
        }).ToList();

        var questions = new List<QuestionSummary>();
        foreach (var question in definition.Questions)
            questions.Add(await QuestionAsync(connection, scope, question, groupKeys, groupSizes, min, lang, Label));

        var footnotes = new List<string> { CoreText.Format("SumFootnoteHidden", min), CoreText.Format("SumFootnoteTexts", 2 * min) };
        return new QuestionnaireSummary(q.Id, definition.Title?.Get(lang) ?? $"#{q.Id}", q.CurrentVersion, by,
            by == ResponsesBy.Nobody ? "" : byQuestion?.Label(lang) ?? (by == ResponsesBy.Sector ? CoreText.Format("SumSector") : by),
            request.Mode, min, invited, completed,
            invited > 0 ? Math.Round(completed * 100.0 / invited, 1) : null,
            ParseTime(span.First), ParseTime(span.Last), groups, questions, footnotes);
    }

    private static DateTime? ParseTime(string? s) => s is null ? null
        : DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>The responses in scope with the group each belongs to, as a common table expression.</summary>
    private static Scope ScopeFor(SummaryRequest request, string by, ElementDefinition? byQuestion)
    {
        var p = new DynamicParameters();
        p.Add("Q", request.QuestionnaireId);
        p.Add("By", by);
        var join = "";
        var grp = "''";
        if (byQuestion is not null)
        {
            join = "LEFT JOIN response_values g ON g.response_id = r.id AND g.question = @By AND g.item = ''";
            grp = "COALESCE(g.value, '')";
        }
        else if (by != ResponsesBy.Nobody)
        {
            join = "LEFT JOIN response_background g ON g.response_id = r.id AND g.name = @By";
            grp = "COALESCE(g.value, '')";
        }
        var where = new List<string> { "r.questionnaire_id = @Q" };
        if (request.Mode is SummaryModes.Web or SummaryModes.Interview)
        {
            where.Add("r.mode = @Mode");
            p.Add("Mode", request.Mode);
        }
        if (!string.IsNullOrEmpty(request.Sector))
        {
            where.Add("r.sector = @Sector");
            p.Add("Sector", request.Sector);
        }
        if (request.FromUtc is { } from)
        {
            where.Add("r.submitted_at >= @From");
            p.Add("From", DapperSetup.ToDb(from));
        }
        if (request.ToUtc is { } to)
        {
            where.Add("r.submitted_at < @To");
            p.Add("To", DapperSetup.ToDb(to));
        }
        return new Scope
        {
            Sql = $"WITH scope AS (SELECT r.id AS id, {grp} AS grp FROM responses r {join} WHERE {string.Join(" AND ", where)})",
            Parameters = p,
        };
    }

    private async Task<QuestionSummary> QuestionAsync(SqliteConnection connection, Scope scope, ElementDefinition question,
        IReadOnlyList<string> groupKeys, IReadOnlyDictionary<string, long> groupSizes, int min, string lang, Func<string, string> label)
    {
        var p = new DynamicParameters(scope.Parameters);
        p.Add("Question", question.Name);
        var answered = (await connection.QueryAsync<(string Grp, long N)>($"""
            {scope.Sql}
            SELECT s.grp, COUNT(DISTINCT v.response_id) FROM scope s JOIN response_values v ON v.response_id = s.id
            WHERE v.question = @Question AND v.item <> 'other' GROUP BY s.grp
            """, p)).ToDictionary(r => r.Grp, r => r.N);
        var total = answered.Values.Sum();
        var totalHidden = total < min;
        var hidden = totalHidden ? groupKeys.ToHashSet() : Suppress(groupKeys.ToDictionary(k => k, k => answered.GetValueOrDefault(k)), min);
        var answeredByGroup = groupKeys.ToDictionary(k => k, k => hidden.Contains(k) ? (long?)null : answered.GetValueOrDefault(k));

        var options = new List<OptionRow>();
        Stats? stats = null;
        var statsByGroup = new Dictionary<string, Stats?>();
        var rows = new List<MatrixRowSummary>();
        var ranking = new List<RankRow>();
        var texts = new List<TextAnswer>();
        long textCount = 0;
        var textsSuppressed = false;

        switch (question.Type)
        {
            case ElementTypes.RadioGroup or ElementTypes.Dropdown or ElementTypes.Checkbox or ElementTypes.Boolean:
                options = await OptionsAsync(connection, scope, p, "", ChoicesOf(question, lang), answered, total, totalHidden, hidden, groupKeys);
                break;
            case ElementTypes.Rating:
                options = await OptionsAsync(connection, scope, p, "", ChoicesOf(question, lang), answered, total, totalHidden, hidden, groupKeys);
                (stats, statsByGroup) = await StatsAsync(connection, scope, p, "", totalHidden, hidden, groupKeys);
                break;
            case ElementTypes.Text when question.EffectiveInputType == "number":
                (stats, statsByGroup) = await StatsAsync(connection, scope, p, "", totalHidden, hidden, groupKeys);
                break;
            case ElementTypes.Matrix:
                foreach (var row in question.Rows ?? [])
                {
                    var rp = new DynamicParameters(p);
                    rp.Add("Item", row.Key);
                    var rowAnswered = (await connection.QueryAsync<(string Grp, long N)>($"""
                        {scope.Sql}
                        SELECT s.grp, COUNT(*) FROM scope s JOIN response_values v ON v.response_id = s.id
                        WHERE v.question = @Question AND v.item = @Item GROUP BY s.grp
                        """, rp)).ToDictionary(r => r.Grp, r => r.N);
                    var columns = (question.Columns ?? []).Select(c => (c.Key, c.Label(lang))).ToList();
                    var rowOptions = await OptionsAsync(connection, scope, rp, row.Key, columns, rowAnswered, rowAnswered.Values.Sum(), totalHidden, hidden, groupKeys);
                    var numeric = question.Columns?.All(c => c.Value.GetValueKind() == System.Text.Json.JsonValueKind.Number) == true;
                    var (rowStats, rowStatsByGroup) = numeric ? await StatsAsync(connection, scope, rp, row.Key, totalHidden, hidden, groupKeys) : (null, new Dictionary<string, Stats?>());
                    rows.Add(new MatrixRowSummary(row.Key, row.Label(lang), rowOptions, rowStats, rowStatsByGroup));
                }
                break;
            case ElementTypes.Ranking:
                var ranks = (await connection.QueryAsync<(string Grp, string Item, double Rank)>($"""
                    {scope.Sql}
                    SELECT s.grp, v.item, AVG(v.number) FROM scope s JOIN response_values v ON v.response_id = s.id
                    WHERE v.question = @Question GROUP BY s.grp, v.item
                    """, p)).ToList();
                var totalRanks = (await connection.QueryAsync<(string Item, double Rank)>($"""
                    {scope.Sql}
                    SELECT v.item, AVG(v.number) FROM scope s JOIN response_values v ON v.response_id = s.id
                    WHERE v.question = @Question GROUP BY v.item
                    """, p)).ToDictionary(r => r.Item, r => r.Rank);
                foreach (var choice in question.Choices ?? [])
                {
                    ranking.Add(new RankRow(choice.Key, choice.Label(lang),
                        totalHidden || !totalRanks.TryGetValue(choice.Key, out var t) ? null : Math.Round(t, 2),
                        groupKeys.ToDictionary(k => k, k => hidden.Contains(k) ? null
                            : ranks.FirstOrDefault(r => r.Grp == k && r.Item == choice.Key) is { Item: not null } r ? Math.Round(r.Rank, 2) : (double?)null)));
                }
                break;
        }

        // Free text: the text and comment questions, and what was written under "Other".
        var isText = question.Type == ElementTypes.Comment || (question.Type == ElementTypes.Text && question.EffectiveInputType is "text");
        if (isText || question.ShowOtherItem == true)
        {
            var item = isText ? "" : ElementDefinition.OtherValue;
            var tp = new DynamicParameters(p);
            tp.Add("TextItem", item);
            var allowedGroups = groupKeys.Count == 0
                ? (groupSizes.Values.Sum() >= 2 * min ? [""] : new List<string>())
                : groupKeys.Where(k => groupSizes.GetValueOrDefault(k) >= 2 * min).ToList();
            textCount = await connection.ExecuteScalarAsync<long>($"""
                {scope.Sql}
                SELECT COUNT(*) FROM scope s JOIN response_values v ON v.response_id = s.id WHERE v.question = @Question AND v.item = @TextItem
                """, tp);
            textsSuppressed = textCount > 0 && allowedGroups.Count < Math.Max(1, groupKeys.Count);
            if (allowedGroups.Count > 0)
            {
                tp.Add("Allowed", allowedGroups);
                texts = (await connection.QueryAsync<(string Grp, string Text)>($"""
                    {scope.Sql}
                    SELECT s.grp, v.value FROM scope s JOIN response_values v ON v.response_id = s.id
                    WHERE v.question = @Question AND v.item = @TextItem AND s.grp IN @Allowed
                    ORDER BY s.grp, v.response_id
                    LIMIT {MaxTexts}
                    """, tp)).Select(r => new TextAnswer(groupKeys.Count == 0 ? "" : label(r.Grp), r.Text)).ToList();
            }
        }

        return new QuestionSummary(question.Name!, question.Label(lang), question.Type, totalHidden ? null : total, answeredByGroup,
            options, stats, statsByGroup, rows, ranking, texts, textCount, textsSuppressed, totalHidden || hidden.Count > 0);
    }

    private static List<(string Key, string Label)> ChoicesOf(ElementDefinition q, string lang)
    {
        if (q.Type == ElementTypes.Boolean) return [("true", CoreText.Format("SumYes")), ("false", CoreText.Format("SumNo"))];
        if (q.Type == ElementTypes.Rating)
            return Enumerable.Range(q.EffectiveRateMin, q.EffectiveRateMax - q.EffectiveRateMin + 1)
                .Select(r => (r.ToString(CultureInfo.InvariantCulture), r.ToString(CultureInfo.InvariantCulture))).ToList();
        var list = (q.Choices ?? []).Select(c => (c.Key, c.Label(lang))).ToList();
        if (q.ShowOtherItem == true) list.Add((ElementDefinition.OtherValue, CoreText.Format("SumOther")));
        if (q.ShowNoneItem == true) list.Add((ElementDefinition.NoneValue, CoreText.Format("SumNone")));
        return list;
    }

    private static async Task<List<OptionRow>> OptionsAsync(SqliteConnection connection, Scope scope, DynamicParameters p, string item,
        IReadOnlyList<(string Key, string Label)> choices, IReadOnlyDictionary<string, long> answered, long total, bool totalHidden,
        IReadOnlySet<string> hidden, IReadOnlyList<string> groupKeys)
    {
        var ip = new DynamicParameters(p);
        ip.Add("OptionItem", item);
        var counts = (await connection.QueryAsync<(string Grp, string Value, long N)>($"""
            {scope.Sql}
            SELECT s.grp, v.value, COUNT(*) FROM scope s JOIN response_values v ON v.response_id = s.id
            WHERE v.question = @Question AND v.item = @OptionItem GROUP BY s.grp, v.value
            """, ip)).ToList();
        static double Percent(long n, long of) => of == 0 ? 0 : Math.Round(n * 100.0 / of, 1);
        return choices.Select(c =>
        {
            var all = counts.Where(r => r.Value == c.Key).Sum(r => r.N);
            var byGroup = groupKeys.ToDictionary(k => k, k =>
            {
                if (hidden.Contains(k)) return (Cell?)null;
                var n = counts.Where(r => r.Grp == k && r.Value == c.Key).Sum(r => r.N);
                return new Cell(n, Percent(n, answered.GetValueOrDefault(k)));
            });
            return new OptionRow(c.Key, c.Label, totalHidden ? new Cell(null, null) : new Cell(all, Percent(all, total)), byGroup);
        }).ToList();
    }

    private static async Task<(Stats?, Dictionary<string, Stats?>)> StatsAsync(SqliteConnection connection, Scope scope, DynamicParameters p,
        string item, bool totalHidden, IReadOnlySet<string> hidden, IReadOnlyList<string> groupKeys)
    {
        var sp = new DynamicParameters(p);
        sp.Add("StatItem", item);
        // Mean and spread from sums; the median from the middle one or two values of each ordered group.
        var sums = (await connection.QueryAsync<(string Grp, long N, double Sum, double Squares)>($"""
            {scope.Sql}
            SELECT s.grp, COUNT(v.number), SUM(v.number), SUM(v.number * v.number) FROM scope s JOIN response_values v ON v.response_id = s.id
            WHERE v.question = @Question AND v.item = @StatItem AND v.number IS NOT NULL GROUP BY s.grp
            """, sp)).ToList();
        var medians = (await connection.QueryAsync<(string Grp, double Median)>($"""
            {scope.Sql},
            ordered AS (
                SELECT s.grp AS grp, v.number AS number,
                       ROW_NUMBER() OVER (PARTITION BY s.grp ORDER BY v.number) AS rn,
                       COUNT(*) OVER (PARTITION BY s.grp) AS cnt
                FROM scope s JOIN response_values v ON v.response_id = s.id
                WHERE v.question = @Question AND v.item = @StatItem AND v.number IS NOT NULL)
            SELECT grp, AVG(number) FROM ordered WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY grp
            """, sp)).ToDictionary(r => r.Grp, r => r.Median);
        var totalMedian = await connection.ExecuteScalarAsync<double?>($"""
            {scope.Sql},
            ordered AS (
                SELECT v.number AS number, ROW_NUMBER() OVER (ORDER BY v.number) AS rn, COUNT(*) OVER () AS cnt
                FROM scope s JOIN response_values v ON v.response_id = s.id
                WHERE v.question = @Question AND v.item = @StatItem AND v.number IS NOT NULL)
            SELECT AVG(number) FROM ordered WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2)
            """, sp);
        static Stats Make(long n, double sum, double squares, double median)
        {
            var mean = sum / n;
            var variance = n > 1 ? Math.Max(0, (squares - n * mean * mean) / (n - 1)) : 0;
            return new Stats(n, Math.Round(mean, 2), Math.Round(median, 2), Math.Round(Math.Sqrt(variance), 2));
        }
        var byGroup = groupKeys.ToDictionary(k => k, k =>
            hidden.Contains(k) || sums.FirstOrDefault(s => s.Grp == k) is not { N: > 0 } g ? null : (Stats?)Make(g.N, g.Sum, g.Squares, medians.GetValueOrDefault(k)));
        var n = sums.Sum(s => s.N);
        Stats? total = totalHidden || n == 0 ? null : Make(n, sums.Sum(s => s.Sum), sums.Sum(s => s.Squares), totalMedian ?? 0);
        return (total, byGroup);
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

    private static IEnumerable<string> OrderGroups(IEnumerable<string> keys, string by, ElementDefinition? byQuestion)
    {
        var order = by == ResponsesBy.Sector ? Sectors.All.ToList()
            : byQuestion is not null ? ChoicesOf(byQuestion, "da").Select(c => c.Key).ToList() : [];
        return keys.OrderBy(k => k.Length == 0 ? int.MaxValue : order.IndexOf(k) is var i && i >= 0 ? i : int.MaxValue - 1)
            .ThenBy(k => k, StringComparer.Ordinal);
    }

    private static string GroupLabel(string key, string by, ElementDefinition? byQuestion, string lang)
    {
        if (key.Length == 0) return CoreText.Format("SumUnknownGroup");
        if (by == ResponsesBy.Sector) return Sectors.Label(key, lang);
        if (byQuestion is not null) return ChoicesOf(byQuestion, lang).FirstOrDefault(c => c.Key == key).Label ?? key;
        return key;
    }
}
