using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text.Json;
using Dapper;
using Survey.Core.Responses;

namespace Survey.Core.Reports;

/// <summary>
/// One pass over a questionnaire's summary rows (response_summaries, one per response, in key order)
/// that counts every value by the group its response belongs to: its sector, the value of another
/// background variable, the answer to a single-choice question, or one group for all. A response's
/// group is in its own row, so any breakdown costs about the same as none, and the values of every
/// kind of question come out as counts of (question, item, value, number, group), from which the
/// summary works out its shares, means, medians and spreads.
/// </summary>
internal sealed class SummaryScan
{
    /// <summary>A count of one value in one group; Number is the value's own (a scale's point) or a free number.</summary>
    public sealed record Count(string Question, string Item, string Value, double? Number, string Grp, long N);

    /// <summary>Responses per group (the group's value; "" for responses without one, or for all without a breakdown).</summary>
    public required Dictionary<string, long> GroupSizes { get; init; }

    public required List<Count> Counts { get; init; }

    /// <summary>For each free-text key asked for (question, item), per group, the lowest response ids that have it, at most the limit.</summary>
    public required Dictionary<(string Question, string Item), Dictionary<string, List<long>>> TextResponses { get; init; }

    public DateTime? FirstSubmitted { get; init; }

    public DateTime? LastSubmitted { get; init; }

    /// <summary>How many of the responses in scope are interviews (the rest answered the questionnaire on the web).</summary>
    public long Interviews { get; init; }

    private sealed record Key(long Id, string Question, string Item, string Value, double? Number);

    /// <summary>
    /// Scans the rows in scope of <paramref name="request"/> (its questionnaire, mode, sector and
    /// period) within <paramref name="transaction"/>, a snapshot that also holds the keys.
    /// </summary>
    public static async Task<SummaryScan> RunAsync(DbConnection connection, DbTransaction transaction, SummaryRequest request, Breakdown breakdown,
        IReadOnlyCollection<(string Question, string Item)> texts, int textLimit)
    {
        var keys = await KeysAsync(connection, transaction, request.QuestionnaireId);
        var lookup = new KeyLookup(keys.Select(k => k.Id).ToList());
        var textKeys = texts.ToHashSet();
        var textNames = new List<(string, string)>();
        var textSlot = new int[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            textSlot[i] = -1;
            if (keys[i].Question.Length > 0 && keys[i].Value.Length == 0 && textKeys.Contains((keys[i].Question, keys[i].Item)))
            {
                textSlot[i] = textNames.Count;
                textNames.Add((keys[i].Question, keys[i].Item));
            }
        }

        // Group 0 is "no value" (or everyone); the others are found as the rows are read.
        var groups = new Groups();
        var counts = new List<long[]> { new long[keys.Count] };
        var sizes = new List<long> { 0 };
        var numbers = new Dictionary<(int Key, int Group, double X), long>();
        var textIds = new Dictionary<(int Slot, int Group), PriorityQueue<long, long>>();
        var largestFirst = Comparer<long>.Create((a, b) => b.CompareTo(a));
        var textSeen = new long[textNames.Count];
        var groupOf = new GroupOf(breakdown, keys);
        long row = 0;
        var entries = new int[64];
        var frees = new double[64];
        var (where, p) = Where(request);
        await using (var reader = await connection.ExecuteReaderAsync(
            $"SELECT response_id, codes, {groupOf.Column} FROM response_summaries s WHERE {where}", p, transaction))
        {
            while (await reader.ReadAsync())
            {
                var codes = (byte[])reader.GetValue(1);
                var position = 0;
                var n = 0;
                var questionGroup = -1;
                row++;
                while (position < codes.Length)
                {
                    var id = SummaryCodes.Next(codes, ref position, out var free);
                    var key = lookup.Find(id);
                    if (n == entries.Length)
                    {
                        Array.Resize(ref entries, n * 2);
                        Array.Resize(ref frees, n * 2);
                    }
                    entries[n] = key;
                    frees[n++] = free;
                    if (questionGroup < 0 && groupOf.IsValue(key)) questionGroup = key;
                }
                var group = groups.Of(groupOf.Value(reader, questionGroup));
                if (group == counts.Count)
                {
                    counts.Add(new long[keys.Count]);
                    sizes.Add(0);
                }
                sizes[group]++;
                var inGroup = counts[group];
                for (var e = 0; e < n; e++)
                {
                    var key = entries[e];
                    if (double.IsNaN(frees[e])) inGroup[key]++;
                    else Increment(numbers, (key, group, frees[e]));
                    if (textSlot[key] is var slot && slot >= 0 && textSeen[slot] != row)
                    {
                        textSeen[slot] = row;
                        ref var heap = ref CollectionsMarshal.GetValueRefOrAddDefault(textIds, (slot, group), out _);
                        heap ??= new PriorityQueue<long, long>(largestFirst);
                        var responseId = reader.GetInt64(0);
                        if (heap.Count < textLimit) heap.Enqueue(responseId, responseId);
                        else if (heap.Peek() > responseId) heap.EnqueueDequeue(responseId, responseId);
                    }
                }
            }
        }
        var span = await connection.QuerySingleAsync<(DateTime? First, DateTime? Last, long? Interviews)>(
            $"SELECT MIN(submitted_at), MAX(submitted_at), SUM(CASE WHEN mode = 'interview' THEN 1 ELSE 0 END) FROM response_summaries s WHERE {where}", p, transaction);

        var result = new List<Count>();
        for (var g = 0; g < counts.Count; g++)
            for (var k = 0; k < keys.Count; k++)
                if (counts[g][k] is var c && c > 0) result.Add(new Count(keys[k].Question, keys[k].Item, keys[k].Value, keys[k].Number, groups.Values[g], c));
        foreach (var ((k, g, x), c) in numbers) result.Add(new Count(keys[k].Question, keys[k].Item, keys[k].Value, x, groups.Values[g], c));
        var textResponses = textNames.ToDictionary(t => t, _ => new Dictionary<string, List<long>>());
        foreach (var ((slot, g), heap) in textIds)
            textResponses[textNames[slot]][groups.Values[g]] = heap.UnorderedItems.Select(i => i.Element).Order().ToList();
        return new SummaryScan
        {
            GroupSizes = Enumerable.Range(0, sizes.Count).Where(g => sizes[g] > 0).ToDictionary(g => groups.Values[g], g => sizes[g]),
            Counts = result,
            TextResponses = textResponses,
            FirstSubmitted = span.First,
            LastSubmitted = span.Last,
            Interviews = span.Interviews ?? 0,
        };
    }

    /// <summary>
    /// Counts the responses in scope by their values of two things (background variables or
    /// single-valued questions); a response without a value of either is not counted.
    /// </summary>
    public static async Task<Dictionary<(string Row, string Column), long>> CrossAsync(DbConnection connection, DbTransaction transaction,
        SummaryRequest request, Breakdown rows, Breakdown columns)
    {
        var keys = await KeysAsync(connection, transaction, request.QuestionnaireId);
        var lookup = new KeyLookup(keys.Select(k => k.Id).ToList());
        var rowOf = new GroupOf(rows, keys, 1);
        var columnOf = new GroupOf(columns, keys, 2);
        var counts = new Dictionary<(string, string), long>();
        var (where, p) = Where(request);
        await using (var reader = await connection.ExecuteReaderAsync(
            $"SELECT codes, {rowOf.Column}, {columnOf.Column} FROM response_summaries s WHERE {where}", p, transaction))
        {
            while (await reader.ReadAsync())
            {
                var codes = (byte[])reader.GetValue(0);
                int row = -1, column = -1;
                for (var position = 0; position < codes.Length;)
                {
                    var key = lookup.Find(SummaryCodes.Next(codes, ref position, out _));
                    if (row < 0 && rowOf.IsValue(key)) row = key;
                    if (column < 0 && columnOf.IsValue(key)) column = key;
                }
                if (rowOf.Value(reader, row) is { Length: > 0 } r && columnOf.Value(reader, column) is { Length: > 0 } c) Increment(counts, (r, c));
            }
        }
        return counts;
    }

    private static void Increment<T>(Dictionary<T, long> counts, T key) where T : notnull
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
        count++;
    }

    private static async Task<List<Key>> KeysAsync(DbConnection connection, DbTransaction transaction, long questionnaireId) =>
        (await connection.QueryAsync<Key>(
            "SELECT id AS Id, question AS Question, item AS Item, value AS Value, number AS Number FROM summary_keys WHERE questionnaire_id = @questionnaireId",
            new { questionnaireId }, transaction)).ToList();

    /// <summary>The request's filters on response_summaries (aliased s).</summary>
    private static (string Where, DynamicParameters Parameters) Where(SummaryRequest request)
    {
        var p = new DynamicParameters();
        p.Add("Q", request.QuestionnaireId);
        return (string.Join(" AND ", SummaryBuilder.Filters(request, "s", p)), p);
    }

    /// <summary>The groups found so far, numbered in the order they were met; group 0 is "".</summary>
    private sealed class Groups
    {
        private readonly Dictionary<string, int> _numbers = new() { [""] = 0 };

        public List<string> Values { get; } = [""];

        public int Of(string value)
        {
            ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(_numbers, value, out var found);
            if (!found)
            {
                number = Values.Count;
                Values.Add(value);
            }
            return number;
        }
    }

    /// <summary>
    /// Where a response's value of a breakdown is: the sector column, the background column (JSON,
    /// read once per distinct text), or the code of the question's answer; nowhere without one.
    /// </summary>
    private sealed class GroupOf
    {
        private readonly Breakdown _by;
        private readonly int _ordinal;
        private readonly bool[] _isValue;
        private readonly List<Key> _keys;
        private readonly Dictionary<string, string> _fromBackground = [];

        public GroupOf(Breakdown by, List<Key> keys, int ordinal = 2)
        {
            _by = by;
            _keys = keys;
            _ordinal = ordinal;
            _isValue = keys.Select(k => by.Kind == BreakdownKind.Question && k.Question == by.Name && k.Item.Length == 0 && k.Value.Length > 0).ToArray();
            Column = by.IsSector ? "s.sector" : by.Kind == BreakdownKind.Background ? "s.background" : "''";
        }

        /// <summary>The column a query reads for it ('' where the codes hold it or there is none).</summary>
        public string Column { get; }

        public bool IsValue(int key) => _isValue[key];

        /// <summary>The response's value: from the row being read, or the key found among its codes (-1 for none).</summary>
        public string Value(DbDataReader reader, int key)
        {
            if (_by.Kind == BreakdownKind.Question) return key >= 0 ? _keys[key].Value : "";
            if (_by.Kind == BreakdownKind.None) return "";
            var text = reader.GetString(_ordinal);
            if (_by.IsSector) return text;
            if (_fromBackground.TryGetValue(text, out var value)) return value;
            using (var json = JsonDocument.Parse(text))
                value = json.RootElement.TryGetProperty(_by.Name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : "";
            // Beyond this many distinct texts (each response with a note of its own, say) they are read each time rather than kept.
            if (_fromBackground.Count < 10_000) _fromBackground[text] = value;
            return value;
        }
    }

    /// <summary>A key's place in the questionnaire's list by its id: an array over the ids' range where that is small, a dictionary otherwise.</summary>
    private sealed class KeyLookup
    {
        private readonly long _lowest;
        private readonly int[]? _places;
        private readonly Dictionary<long, int>? _byId;

        public KeyLookup(IReadOnlyList<long> ids)
        {
            if (ids.Count == 0) return;
            _lowest = ids.Min();
            var range = ids.Max() - _lowest + 1;
            if (range <= Math.Max(1 << 16, ids.Count * 8L))
            {
                _places = new int[range];
                Array.Fill(_places, -1);
                for (var i = 0; i < ids.Count; i++) _places[ids[i] - _lowest] = i;
            }
            else _byId = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        }

        public int Find(long id)
        {
            var place = _places is not null
                ? (id - _lowest is var at && at >= 0 && at < _places.Length ? _places[at] : -1)
                : _byId is not null && _byId.TryGetValue(id, out var i) ? i : -1;
            // The keys are read in the same snapshot as the rows, so every code has its key.
            return place >= 0 ? place : throw new InvalidDataException($"A summary row names key {id}, which the questionnaire does not have.");
        }
    }
}
