using System.Data;
using Npgsql;

namespace Survey.Core.Data;

/// <summary>
/// Inserts many rows into one table in the current transaction, the fastest way each store has: on
/// SQLite (in the process) one prepared INSERT run per row as it is added; on PostgreSQL (a round trip
/// away) the rows are kept and sent in one COPY when <see cref="Flush"/> is called, instead of one
/// round trip per row. Values are given in the order of the columns; call Flush before reading the rows
/// back or committing.
/// </summary>
public abstract class RowInserter : IDisposable
{
    public static RowInserter For(IDbConnection connection, string table, params string[] columns) => connection is NpgsqlConnection postgres
        ? new CopyInserter(postgres, table, columns)
        : new StatementInserter(connection, table, columns);

    public abstract void Add(IDbTransaction transaction, params object?[] values);

    public abstract void Flush(IDbTransaction transaction);

    /// <summary>Forgets rows added and not flushed (their transaction was given up).</summary>
    public virtual void Clear()
    {
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private sealed class StatementInserter(IDbConnection connection, string table, string[] columns) : RowInserter
    {
        private readonly PreparedStatement _insert = new(connection,
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})", columns);

        public override void Add(IDbTransaction transaction, params object?[] values) => _insert.Execute(transaction, values);

        public override void Flush(IDbTransaction transaction)
        {
        }

        public override void Dispose()
        {
            _insert.Dispose();
            base.Dispose();
        }
    }

    private sealed class CopyInserter(NpgsqlConnection connection, string table, string[] columns) : RowInserter
    {
        private readonly List<object?[]> _rows = [];

        public override void Add(IDbTransaction transaction, params object?[] values) => _rows.Add(values);

        public override void Clear() => _rows.Clear();

        public override void Flush(IDbTransaction transaction)
        {
            if (_rows.Count == 0) return;
            using (var writer = connection.BeginBinaryImport($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var row in _rows)
                {
                    writer.StartRow();
                    foreach (var value in row)
                    {
                        switch (value)
                        {
                            case null:
                                writer.WriteNull();
                                break;
                            case DateTime time:
                                writer.Write(time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc),
                                    NpgsqlTypes.NpgsqlDbType.TimestampTz);
                                break;
                            default:
                                writer.Write(value);
                                break;
                        }
                    }
                }
                writer.Complete();
            }
            _rows.Clear();
        }
    }
}
