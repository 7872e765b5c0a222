using System.Buffers.Binary;
using System.Data;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Types;

namespace Survey.Core.Responses;

/// <summary>
/// What a summary counts of a response, once per response (response_summaries): its filters and
/// background variables as columns, its values as codes. A code names a row of summary_keys: a
/// question, item and value as <see cref="ResponseValues.Explode"/> gives them (the value of a free
/// number or a free text left out, as it is not counted by value), so that the keys hold only what
/// the definition has. A free number follows its code. The list is written as varints
/// (<see cref="SummaryCodes"/>). With question "" and no value a key names a background variable
/// the responses carry, for the list of breakdowns.
/// </summary>
public readonly record struct SummaryKey(string Question, string Item, string Value)
{
    public static SummaryKey Variable(string name) => new("", name, "");

    public bool IsVariable => Question.Length == 0;
}

/// <summary>A stored summary row read back: the response's sector, its other background variables and its values with their numbers.</summary>
public sealed record StoredSummaryRow(string Sector, IReadOnlyDictionary<string, string> Background, IReadOnlyList<(SummaryKey Key, double? Number)> Values);

/// <summary>
/// A response's codes: for each value <c>varint(code &lt;&lt; 2 | form)</c>, form 0 with nothing after
/// it, form 1 followed by an integer (zigzag varint), form 2 by a double (8 bytes, little-endian).
/// </summary>
public static class SummaryCodes
{
    public static void Append(List<byte> codes, long code, double? number)
    {
        if (number is not { } n) WriteVarint(codes, (ulong)code << 2);
        else if (n == Math.Floor(n) && Math.Abs(n) < 1L << 53 && !(n == 0 && double.IsNegative(n)))
        {
            WriteVarint(codes, (ulong)code << 2 | 1);
            var i = (long)n;
            WriteVarint(codes, (ulong)((i << 1) ^ (i >> 63)));
        }
        else
        {
            WriteVarint(codes, (ulong)code << 2 | 2);
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(bytes, n);
            foreach (var b in bytes) codes.Add(b);
        }
    }

    private static void WriteVarint(List<byte> codes, ulong value)
    {
        while (value >= 0x80)
        {
            codes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        codes.Add((byte)value);
    }

    /// <summary>Reads the next value at <paramref name="position"/>: its code and its free number (NaN where it has none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Next(ReadOnlySpan<byte> codes, ref int position, out double number)
    {
        var head = ReadVarint(codes, ref position);
        switch (head & 3)
        {
            case 0:
                number = double.NaN;
                break;
            case 1:
                var z = ReadVarint(codes, ref position);
                number = (long)(z >> 1) ^ -(long)(z & 1);
                break;
            case 2:
                number = BinaryPrimitives.ReadDoubleLittleEndian(codes.Slice(position, 8));
                position += 8;
                break;
            default:
                throw new InvalidDataException("A summary row holds a code of an unknown form.");
        }
        return (long)(head >> 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadVarint(ReadOnlySpan<byte> codes, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var b = codes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
            shift += 7;
        }
    }
}

/// <summary>
/// Writes responses' summary rows: the values of each are turned into codes of summary_keys (new keys
/// added on the way), then one row per response is inserted. Keys are kept for as long as the writer,
/// so a key is read or added once; those added in a transaction that is not committed are forgotten
/// with it (<see cref="RolledBack"/>). Several writers may add the same key at once (another process,
/// on PostgreSQL): the second finds the first's.
/// </summary>
public sealed class SummaryRowWriter(IDbConnection connection) : IDisposable
{
    private readonly RowInserter _insert = RowInserter.For(connection, "response_summaries",
        "questionnaire_id", "response_id", "sector", "mode", "background", "submitted_at", "codes");

    private readonly Dictionary<long, Dictionary<SummaryKey, long>> _keys = [];
    private readonly List<(long Questionnaire, SummaryKey Key)> _added = [];
    private readonly List<Row> _rows = [];

    private static readonly ConditionalWeakTable<SurveyDefinition, Dictionary<string, SummaryKind>> Kinds = new();

    private sealed record Row(long ResponseId, long QuestionnaireId, string Sector, string Mode, string Background, DateTime SubmittedAt,
        List<(SummaryKey Key, double? KeyNumber, double? Free)> Values, List<SummaryKey> Variables);

    /// <summary>
    /// What a response's summary row holds before it has an id: made from the validated answers where
    /// they are at hand (a submit, on the request's thread), so that the writer only looks up codes.
    /// </summary>
    public sealed record Prepared(string Sector, string Background, List<(SummaryKey Key, double? KeyNumber, double? Free)> Values, List<SummaryKey> Variables);

    /// <summary>The row of a response with these answers, sector and other background variables.</summary>
    public static Prepared Prepare(SurveyDefinition definition, JsonObject answers, string sector, IReadOnlyDictionary<string, string> background)
    {
        var others = ResponseValues.BackgroundRows(sector, background).Where(b => b.Name != ResponseValues.SectorVariable).ToList();
        var json = System.Text.Json.JsonSerializer.Serialize(others.ToDictionary(b => b.Name, b => b.Value));
        return new Prepared(sector, json, Entries(definition, ResponseValues.Explode(definition, answers)), others.Select(b => SummaryKey.Variable(b.Name)).ToList());
    }

    /// <summary>Adds a prepared row under its response's id; it is in the table after <see cref="Flush"/>.</summary>
    public void Add(long responseId, long questionnaireId, Prepared row, string mode, DateTime submittedAt) =>
        _rows.Add(new Row(responseId, questionnaireId, row.Sector, mode, row.Background, submittedAt, row.Values, row.Variables));

    /// <summary>How a question (or a part of one, as the summaries name it) is summarised, by name.</summary>
    private static Dictionary<string, SummaryKind> KindsOf(SurveyDefinition definition) => Kinds.GetValue(definition, d =>
    {
        var kinds = new Dictionary<string, SummaryKind>();
        foreach (var part in d.Questions.SelectMany(q => QuestionTypes.Of(q).SummaryParts(q)))
            kinds.TryAdd(part.Name!, QuestionTypes.Of(part).Summary(part));
        return kinds;
    });

    /// <summary>
    /// A value as it is counted: a free text only as answered (its words are in the answers), a free
    /// number under one key with the number beside it, what was written under "Other" as a mark; any
    /// other value is a category of its own, its number (a scale's point, a rank) part of the key.
    /// </summary>
    public static (SummaryKey Key, double? KeyNumber, double? Free) Counted(SummaryKind? kind, ResponseValue v) => kind switch
    {
        _ when v.Written => (new SummaryKey(v.Question, v.Item, ""), null, null),
        SummaryKind.Text => (new SummaryKey(v.Question, v.Item, ""), null, null),
        SummaryKind.Number => (new SummaryKey(v.Question, v.Item, ""), null, v.Number),
        _ => (new SummaryKey(v.Question, v.Item, v.Value), v.Number, null),
    };

    /// <summary>What a response's codes hold: each value as it is counted.</summary>
    public static List<(SummaryKey Key, double? KeyNumber, double? Free)> Entries(SurveyDefinition definition, IEnumerable<ResponseValue> values)
    {
        var kinds = KindsOf(definition);
        return values.Select(v => Counted(kinds.TryGetValue(v.Question, out var k) ? k : null, v)).ToList();
    }

    /// <summary>
    /// Adds a response's row; it is in the table after <see cref="Flush"/>. The background rows are
    /// <see cref="ResponseValues.BackgroundRows"/>: the sector goes in its column, the others in the
    /// row's background as JSON.
    /// </summary>
    public void Add(long responseId, long questionnaireId, SurveyDefinition definition, IEnumerable<ResponseValue> values,
        IReadOnlyList<(string Name, string Value)> background, string sector, string mode, DateTime submittedAt)
    {
        var others = background.Where(b => b.Name != ResponseValues.SectorVariable).ToList();
        var json = System.Text.Json.JsonSerializer.Serialize(others.ToDictionary(b => b.Name, b => b.Value));
        Add(responseId, questionnaireId, new Prepared(sector, json, Entries(definition, values), others.Select(b => SummaryKey.Variable(b.Name)).ToList()), mode, submittedAt);
    }

    /// <summary>A stored response's row read back: each value's key and number (the key's own, or the free number after it); null without a row.</summary>
    public static async Task<StoredSummaryRow?> ReadAsync(IDbConnection connection, long responseId)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(string Sector, string Background, byte[] Codes)>(
            "SELECT sector, background, codes FROM response_summaries WHERE response_id = @responseId", new { responseId });
        if (row.Codes is null) return null;
        var codes = row.Codes;
        var keys = (await connection.QueryAsync<(long Id, string Question, string Item, string Value, double? Number)>("""
            SELECT k.id, k.question, k.item, k.value, k.number FROM summary_keys k
            JOIN response_summaries s ON s.questionnaire_id = k.questionnaire_id WHERE s.response_id = @responseId
            """, new { responseId })).ToDictionary(k => k.Id);
        var values = new List<(SummaryKey, double?)>();
        for (var position = 0; position < codes.Length;)
        {
            var key = keys[SummaryCodes.Next(codes, ref position, out var free)];
            values.Add((new SummaryKey(key.Question, key.Item, key.Value), double.IsNaN(free) ? key.Number : free));
        }
        return new StoredSummaryRow(row.Sector, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(row.Background)!, values);
    }

    /// <summary>Writes the rows added, with any keys they need first.</summary>
    public void Flush(IDbTransaction transaction)
    {
        if (_rows.Count == 0) return;
        foreach (var questionnaire in _rows.Select(r => r.QuestionnaireId).Distinct()) Load(transaction, questionnaire);
        // New keys in one order, so that two writers adding the same ones never wait for each other in a circle.
        var missing = _rows.SelectMany(r => r.Values.Select(v => (r.QuestionnaireId, v.Key, v.KeyNumber))
                .Concat(r.Variables.Select(v => (r.QuestionnaireId, Key: v, KeyNumber: (double?)null))))
            .Where(k => !_keys[k.QuestionnaireId].ContainsKey(k.Key))
            .DistinctBy(k => (k.QuestionnaireId, k.Key))
            .OrderBy(k => k.QuestionnaireId).ThenBy(k => k.Key.Question, StringComparer.Ordinal)
            .ThenBy(k => k.Key.Item, StringComparer.Ordinal).ThenBy(k => k.Key.Value, StringComparer.Ordinal).ToList();
        foreach (var (questionnaire, key, number) in missing) AddKey(transaction, questionnaire, key, number);
        var codes = new List<byte>(64);
        foreach (var row in _rows)
        {
            codes.Clear();
            var keys = _keys[row.QuestionnaireId];
            foreach (var (key, _, free) in row.Values) SummaryCodes.Append(codes, keys[key], free);
            _insert.Add(transaction, row.QuestionnaireId, row.ResponseId, row.Sector, row.Mode, row.Background, row.SubmittedAt, codes.ToArray());
        }
        _rows.Clear();
        _insert.Flush(transaction);
    }

    private void Load(IDbTransaction transaction, long questionnaireId)
    {
        if (_keys.ContainsKey(questionnaireId)) return;
        _keys[questionnaireId] = connection.Query<(long Id, string Question, string Item, string Value)>(
                "SELECT id, question, item, value FROM summary_keys WHERE questionnaire_id = @questionnaireId", new { questionnaireId }, transaction)
            .ToDictionary(k => new SummaryKey(k.Question, k.Item, k.Value), k => k.Id);
    }

    private void AddKey(IDbTransaction transaction, long questionnaireId, SummaryKey key, double? number)
    {
        var parameters = new { questionnaireId, key.Question, key.Item, key.Value, number };
        var id = connection.QuerySingleOrDefault<long?>("""
            INSERT INTO summary_keys (questionnaire_id, question, item, value, number) VALUES (@questionnaireId, @Question, @Item, @Value, @number)
            ON CONFLICT (questionnaire_id, question, item, value) DO NOTHING
            RETURNING id
            """, parameters, transaction);
        if (id is null)
        {
            id = connection.QuerySingle<long>(
                "SELECT id FROM summary_keys WHERE questionnaire_id = @questionnaireId AND question = @Question AND item = @Item AND value = @Value",
                parameters, transaction);
        }
        else _added.Add((questionnaireId, key));
        _keys[questionnaireId][key] = id.Value;
    }

    /// <summary>After the transaction committed: the keys it added are known for good.</summary>
    public void Committed() => _added.Clear();

    /// <summary>After the transaction was rolled back: the keys it added are gone, and so are rows not flushed.</summary>
    public void RolledBack()
    {
        foreach (var (questionnaire, key) in _added) _keys[questionnaire].Remove(key);
        _added.Clear();
        _rows.Clear();
        _insert.Clear();
    }

    public void Dispose() => _insert.Dispose();
}
