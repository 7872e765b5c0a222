namespace Survey.Core.Reports;

/// <summary>What to summarise: one questionnaire, broken down by a background variable or a single-choice question, filtered.</summary>
public sealed record SummaryRequest(
    long QuestionnaireId,
    string? By = ResponsesBy.Sector,
    string Mode = SummaryModes.Both,
    string? Sector = null,
    DateTime? FromUtc = null,
    DateTime? ToUtc = null,
    string Lang = "da");

public static class SummaryModes
{
    public const string Web = "web";
    public const string Interview = "interview";
    public const string Both = "both";
    public static readonly string[] All = [Web, Interview, Both];
}

public static class ResponsesBy
{
    public const string Sector = "sector";
    public const string Nobody = "none";
    public const string BackgroundPrefix = "background:";
    public const string QuestionPrefix = "question:";

    public static string Background(string name) => BackgroundPrefix + name;
    public static string Question(string name) => QuestionPrefix + name;
}

public enum BreakdownKind { None, Background, Question }

/// <summary>
/// What a breakdown's <c>by</c> names: a background variable of the invitation (<c>background:NAME</c>,
/// or the bare name, so <c>sector</c> is the contact's sector) or the answer to a single-choice
/// question (<c>question:NAME</c>). The two never mix, even when a question has a variable's name.
/// </summary>
public sealed record Breakdown(BreakdownKind Kind, string Name)
{
    public static readonly Breakdown None = new(BreakdownKind.None, "");

    public static Breakdown? Parse(string? by)
    {
        if (string.IsNullOrWhiteSpace(by) || by == ResponsesBy.Nobody) return None;
        var (kind, name) = by.StartsWith(ResponsesBy.QuestionPrefix, StringComparison.Ordinal) ? (BreakdownKind.Question, by[ResponsesBy.QuestionPrefix.Length..])
            : by.StartsWith(ResponsesBy.BackgroundPrefix, StringComparison.Ordinal) ? (BreakdownKind.Background, by[ResponsesBy.BackgroundPrefix.Length..])
            : (BreakdownKind.Background, by);
        return name.Length == 0 || name.Contains(':') ? null : new Breakdown(kind, name);
    }

    public bool IsSector => Kind == BreakdownKind.Background && Name == ResponsesBy.Sector;

    /// <summary>The canonical form, as summary.json reports it (the contact's sector simply as sector).</summary>
    public override string ToString() => Kind switch
    {
        BreakdownKind.None => ResponsesBy.Nobody,
        _ when IsSector => ResponsesBy.Sector,
        BreakdownKind.Question => ResponsesBy.Question(Name),
        _ => ResponsesBy.Background(Name),
    };
}

/// <summary>A number that may be hidden to protect a small group: null when suppressed; the share with its 95 % Wilson interval.</summary>
public sealed record Cell(long? Count, double? Percent)
{
    public Interval? Interval { get; init; }
}

public sealed record GroupInfo(string Key, string Label, long? Completed, long? Invited, double? ResponseRate, bool Suppressed);

public sealed record OptionRow(string Value, string Label, Cell Total, IReadOnlyDictionary<string, Cell?> Groups);

/// <summary>Count, mean (with its 95 % t-interval), median and sample standard deviation.</summary>
public sealed record Stats(long N, double Mean, double Median, double StandardDeviation)
{
    public Interval? Interval { get; init; }
}

public sealed record MatrixRowSummary(string Value, string Label, IReadOnlyList<OptionRow> Options, Stats? Total, IReadOnlyDictionary<string, Stats?> Groups);

public sealed record RankRow(string Value, string Label, double? Total, IReadOnlyDictionary<string, double?> Groups);

public sealed record TextAnswer(string Group, string Text);

public sealed record QuestionSummary(
    string Name,
    string Title,
    string Type,
    long? Answered,
    IReadOnlyDictionary<string, long?> AnsweredByGroup,
    IReadOnlyList<OptionRow> Options,
    Stats? Stats,
    IReadOnlyDictionary<string, Stats?> StatsByGroup,
    IReadOnlyList<MatrixRowSummary> Rows,
    IReadOnlyList<RankRow> Ranking,
    IReadOnlyList<TextAnswer> Texts,
    long TextCount,
    bool TextsSuppressed,
    bool AnySuppressed)
{
    /// <summary>Whether its summary has a mean, median and spread (a scale or a number), even where every group's is hidden.</summary>
    public bool HasStatistics { get; init; }

    /// <summary>Whether it is a repeating group's question, counted over rows: Answered is a number of rows, not of leaders.</summary>
    public bool CountsRows { get; init; }

    /// <summary>
    /// A number question's answers in intervals of a round width, each a row like an answer option's;
    /// the lowest and highest intervals are open-ended, widened until each holds at least the minimum.
    /// </summary>
    public IReadOnlyList<OptionRow> Histogram { get; init; } = [];
}

public sealed record QuestionnaireSummary(
    long QuestionnaireId,
    string Title,
    int? Version,
    string By,
    string ByLabel,
    string Mode,
    int MinGroupSize,
    long Invited,
    long Completed,
    double? ResponseRate,
    DateTime? FirstSubmittedUtc,
    DateTime? LastSubmittedUtc,
    IReadOnlyList<GroupInfo> Groups,
    IReadOnlyList<QuestionSummary> Questions,
    IReadOnlyList<string> Footnotes,
    QuoteSection Quotes)
{
    /// <summary>
    /// Whether anyone was invited: an interview guide's answers come from interviews, not
    /// invitations, so it has no invited count or response rate to show.
    /// </summary>
    public bool HasInvitations => Invited > 0;

    /// <summary>How many of the responses are interviews; the others answered the questionnaire on the web.</summary>
    public long Interviews { get; init; }
}
