using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Survey.Core.Data;

/// <summary>One table moved: its rows and its checksum, the same in the SQLite file and in PostgreSQL.</summary>
public sealed record MovedTable(string Table, long Rows, string Checksum);

/// <summary>
/// migrate-store: copies every row of the SQLite database into an empty PostgreSQL one (migrated
/// first), in one transaction there, from one snapshot of the file. Each table is copied with COPY
/// and then read back: its row count and an order-free checksum of its rows (the sum of a hash of
/// each row's values) must equal the file's, or nothing is committed. A target that holds any row is
/// refused. The target keeps its own store identity and migration journal; identity columns go on
/// after the highest id copied.
/// </summary>
public static class StoreMove
{
    /// <summary>Tables that belong to the store rather than to its data.</summary>
    private static readonly string[] OwnTables = ["schema_migrations", "store_identity"];

    public static async Task<Outcome<IReadOnlyList<MovedTable>>> ToPostgresAsync(SurveyDatabase source, string? targetConnectionString,
        Action<MovedTable>? moved = null, CancellationToken cancellationToken = default)
    {
        if (source is not SqliteDatabase sqlite)
            return Outcome<IReadOnlyList<MovedTable>>.Invalid("to", CoreText.Format("MoveSourceNotSqlite", source.Store));
        PostgresDatabase target;
        try
        {
            target = PostgresDatabase.FromConnectionString(targetConnectionString);
            Migrator.Apply(sqlite);
            Migrator.Apply(target);
        }
        catch (StoreConfigurationException e)
        {
            return Outcome<IReadOnlyList<MovedTable>>.Invalid("to", e.Message);
        }
        using (target)
        {
            await using var from = (SqliteConnection)await sqlite.OpenAsync(cancellationToken);
            // One snapshot of the file for the whole copy: sites still writing to it do not tear it.
            await using var snapshot = from.BeginTransaction(deferred: true);
            var tables = Ordered(from);
            await using var to = (NpgsqlConnection)await target.OpenAsync(cancellationToken);
            await using var tx = await to.BeginTransactionAsync(cancellationToken);
            var columns = new Dictionary<string, List<(string Name, string Type)>>();
            foreach (var table in tables)
            {
                var targetColumns = to.Query<(string Name, string Type)>("""
                    SELECT column_name, data_type FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position
                    """, new { table }, tx).ToList();
                var sourceColumns = from.Query<string>("SELECT name FROM pragma_table_info(@table)", new { table }).ToHashSet(StringComparer.Ordinal);
                if (targetColumns.Count == 0 || !sourceColumns.SetEquals(targetColumns.Select(c => c.Name)))
                    return Outcome<IReadOnlyList<MovedTable>>.Conflict(CoreText.Format("MoveSchemaDiffers", table));
                if (await to.ExecuteScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM {table})", transaction: tx))
                    return Outcome<IReadOnlyList<MovedTable>>.Conflict(CoreText.Format("MoveTargetNotEmpty", target.Describe(), table));
                columns[table] = targetColumns;
            }
            var result = new List<MovedTable>();
            foreach (var table in tables)
            {
                var (rows, sum) = await CopyAsync(from, snapshot, to, table, columns[table], cancellationToken);
                var (copied, copiedSum) = await ChecksumAsync(to, tx, table, columns[table], cancellationToken);
                if (copied != rows || copiedSum != sum)
                    return Outcome<IReadOnlyList<MovedTable>>.Conflict(CoreText.Format("MoveChecksumDiffers", table, rows, copied));
                if (columns[table].Any(c => c.Name == "id") && await IsIdentityAsync(to, tx, table))
                    await to.ExecuteAsync($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}",
                        transaction: tx);
                var done = new MovedTable(table, rows, sum.ToString("x16", CultureInfo.InvariantCulture));
                moved?.Invoke(done);
                result.Add(done);
            }
            await tx.CommitAsync(cancellationToken);
            return Outcome<IReadOnlyList<MovedTable>>.Ok(result);
        }
    }

    /// <summary>The file's tables, each after the tables its foreign keys name.</summary>
    private static List<string> Ordered(SqliteConnection connection)
    {
        var tables = connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .Where(t => !OwnTables.Contains(t)).ToList();
        var needs = tables.ToDictionary(t => t, t => connection.Query<string>("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(@t)", new { t })
            .Where(n => n != t).ToHashSet());
        var ordered = new List<string>();
        while (ordered.Count < tables.Count)
        {
            var next = tables.First(t => !ordered.Contains(t) && needs[t].All(ordered.Contains));
            ordered.Add(next);
        }
        return ordered;
    }

    private static Task<bool> IsIdentityAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table) =>
        connection.ExecuteScalarAsync<bool>("""
            SELECT is_identity = 'YES' FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @table AND column_name = 'id'
            """, new { table }, tx);

    private static async Task<(long Rows, ulong Sum)> CopyAsync(SqliteConnection from, SqliteTransaction snapshot, NpgsqlConnection to, string table,
        List<(string Name, string Type)> columns, CancellationToken cancellationToken)
    {
        var list = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        await using var read = from.CreateCommand();
        read.Transaction = snapshot;
        read.CommandText = $"SELECT {list} FROM \"{table}\"";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        await using var writer = await to.BeginBinaryImportAsync($"COPY {table} ({list}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var types = columns.Select(c => Column(c.Type)).ToList();
        var values = new object?[columns.Count];
        long rows = 0;
        ulong sum = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            await writer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : types[i].Convert(reader.GetValue(i));
                if (values[i] is { } value) await writer.WriteAsync(value, types[i].Type, cancellationToken);
                else await writer.WriteNullAsync(cancellationToken);
            }
            sum = unchecked(sum + RowHash(values));
            rows++;
        }
        await writer.CompleteAsync(cancellationToken);
        return (rows, sum);
    }

    private static async Task<(long Rows, ulong Sum)> ChecksumAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string table,
        List<(string Name, string Type)> columns, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand($"SELECT {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))} FROM {table}", connection, tx);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var values = new object?[columns.Count];
        long rows = 0;
        ulong sum = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < columns.Count; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            sum = unchecked(sum + RowHash(values));
            rows++;
        }
        return (rows, sum);
    }

    /// <summary>Per PostgreSQL column type (information_schema's name): its COPY type, and a SQLite value as that type holds it.</summary>
    private static (NpgsqlDbType Type, Func<object, object> Convert) Column(string type) => type switch
    {
        "boolean" => (NpgsqlDbType.Boolean, v => System.Convert.ToInt64(v, CultureInfo.InvariantCulture) != 0),
        "bigint" => (NpgsqlDbType.Bigint, v => System.Convert.ToInt64(v, CultureInfo.InvariantCulture)),
        "integer" => (NpgsqlDbType.Integer, v => System.Convert.ToInt32(v, CultureInfo.InvariantCulture)),
        "double precision" => (NpgsqlDbType.Double, v => System.Convert.ToDouble(v, CultureInfo.InvariantCulture)),
        "timestamp with time zone" => (NpgsqlDbType.TimestampTz, v => DapperSetup.FromDb(v)),
        "bytea" => (NpgsqlDbType.Bytea, v => (byte[])v),
        _ => (NpgsqlDbType.Text, v => System.Convert.ToString(v, CultureInfo.InvariantCulture)!),
    };

    /// <summary>The first 8 bytes of SHA-256 over the row's values written out the same way on both sides.</summary>
    private static ulong RowHash(object?[] values)
    {
        var text = new StringBuilder();
        foreach (var value in values)
        {
            text.Append(value switch
            {
                null => "\u2400",
                bool b => b ? "t" : "f",
                // To the microsecond, PostgreSQL's precision (SQLite's text keeps tenths of one).
                DateTime t => DapperSetup.ToDb(new DateTime(t.ToUniversalTime().Ticks / 10 * 10, DateTimeKind.Utc)),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                byte[] bytes => Convert.ToHexString(bytes),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            }).Append('\u001f');
        }
        return BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0);
    }
}
