using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Survey.Core.Data;

/// <summary>
/// What features ask of a connection beyond plain SQL, so that no feature names a driver type.
/// </summary>
public static class StoreConnections
{
    /// <summary>The advisory lock a write transaction holds on PostgreSQL (any number; this one spells "survey").</summary>
    internal const long WriteLock = 0x7375727665790001;

    /// <summary>
    /// A transaction that writes, one at a time in the whole store, so that the rules written as "read,
    /// check, then write" hold however many processes run: on SQLite it takes the write lock at once
    /// (BEGIN IMMEDIATE, so that two writers never both read and then fail to upgrade); on PostgreSQL it
    /// takes the store's advisory write lock until it ends.
    /// </summary>
    public static DbTransaction BeginWrite(this DbConnection connection)
    {
        switch (connection)
        {
            case SqliteConnection sqlite:
                return sqlite.BeginTransaction(deferred: false);
            case NpgsqlConnection postgres:
                var tx = postgres.BeginTransaction(IsolationLevel.ReadCommitted);
                using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({WriteLock})", postgres, tx)) command.ExecuteNonQuery();
                return tx;
            default:
                throw new NotSupportedException(connection.GetType().Name);
        }
    }

    /// <summary>
    /// A write transaction for the hot paths whose statements lock what they change themselves (the
    /// submissions writer: a claim is an UPDATE of one invitation; the summary rows: pending responses
    /// are read FOR UPDATE, <see cref="StoreSql.LockPending"/>). SQLite has one writer anyway; on
    /// PostgreSQL these run side by side in every instance, without the store's write lock.
    /// </summary>
    public static DbTransaction BeginRowLockedWrite(this DbConnection connection) => connection switch
    {
        SqliteConnection sqlite => sqlite.BeginTransaction(deferred: false),
        _ => connection.BeginTransaction(IsolationLevel.ReadCommitted),
    };

    /// <summary>
    /// A transaction that only reads, all of it as of one moment (a snapshot), so that what is read in
    /// several statements adds up while writers go on: SQLite's deferred transaction (it takes no
    /// lock until the first read, then keeps that read's view), PostgreSQL's REPEATABLE READ.
    /// </summary>
    public static DbTransaction BeginSnapshotRead(this DbConnection connection) => connection switch
    {
        SqliteConnection sqlite => sqlite.BeginTransaction(deferred: true),
        _ => connection.BeginTransaction(IsolationLevel.RepeatableRead),
    };

    /// <summary>The few pieces of SQL that differ between the stores.</summary>
    public static StoreSql Sql(this IDbConnection connection) => connection is NpgsqlConnection ? StoreSql.Postgres : StoreSql.Sqlite;
}

/// <summary>The pieces of SQL that differ between SQLite and PostgreSQL, asked for by name.</summary>
public sealed class StoreSql
{
    public static readonly StoreSql Sqlite = new(
        idOrNext: (_, parameter) => parameter,
        inList: parameter => $"IN {parameter}",
        lockPending: "",
        takePending: "",
        rowIds: true,
        batches: false,
        writersTogether: false);

    public static readonly StoreSql Postgres = new(
        idOrNext: (table, parameter) => $"COALESCE({parameter}, nextval(pg_get_serial_sequence('{table}', 'id')))",
        inList: parameter => $"= ANY({parameter})",
        lockPending: "FOR UPDATE OF r",
        takePending: "FOR UPDATE OF r SKIP LOCKED",
        rowIds: false,
        batches: true,
        writersTogether: true);

    private readonly Func<string, string, string> _idOrNext;
    private readonly Func<string, string> _inList;

    private StoreSql(Func<string, string, string> idOrNext, Func<string, string> inList, string lockPending, string takePending, bool rowIds, bool batches, bool writersTogether)
    {
        WritersTogether = writersTogether;
        TakePending = takePending;
        Batches = batches;
        _idOrNext = idOrNext;
        _inList = inList;
        LockPending = lockPending;
        RowIds = rowIds;
    }

    /// <summary>An id given by <paramref name="parameter"/>, or the table's next one when that is NULL.</summary>
    public string IdOrNext(string table, string parameter) => _idOrNext(table, parameter);

    /// <summary>
    /// "is one of the list <paramref name="parameter"/>" (a list Dapper binds): Dapper spells the list out
    /// for SQLite (IN (@p1, @p2, ...)) but passes it to PostgreSQL as one array, which IN cannot take.
    /// </summary>
    public string In(string parameter) => _inList(parameter);

    /// <summary>
    /// Ends a SELECT of pending responses (aliased r) so that a second writer waits for the first and
    /// then skips what it wrote (PostgreSQL); SQLite's write lock already does this.
    /// </summary>
    public string LockPending { get; }

    /// <summary>
    /// Like <see cref="LockPending"/> for a writer in the background: it takes the pending responses no
    /// other writer holds and leaves those to it, instead of waiting (and holding up the submits behind it).
    /// </summary>
    public string TakePending { get; }

    /// <summary>
    /// Whether a table's rows have a row id the writer may set (SQLite's rowid): an anonymous response's
    /// rows get random ones there, so that the order they were written in does not remain in the table.
    /// </summary>
    public bool RowIds { get; }

    /// <summary>
    /// Whether statements are worth sending together (<see cref="StatementBatch"/>): a server a round trip
    /// away. PostgreSQL's, which also takes a data-modifying WITH (an UPDATE ... RETURNING feeding an
    /// INSERT), so that a claim and what depends on it go as one statement.
    /// </summary>
    public bool Batches { get; }

    /// <summary>
    /// Whether two writers' transactions go on at the same time, each locking only its rows
    /// (PostgreSQL), rather than one after the other under one write lock (SQLite).
    /// </summary>
    public bool WritersTogether { get; }
}
