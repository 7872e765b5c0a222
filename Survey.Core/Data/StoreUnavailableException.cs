namespace Survey.Core.Data;

/// <summary>
/// The database could not take a write it was asked for (the file vanished, the disk is full or
/// read-only, the database is locked for too long). Nothing was acknowledged; the caller may try again later.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Whether an exception means the store is unavailable, rather than a fault in the code.</summary>
    public static bool Covers(Exception e) => e is StoreUnavailableException or Microsoft.Data.Sqlite.SqliteException or IOException
        || ServerUnavailable(e) || (e.InnerException is { } inner && Covers(inner));

    /// <summary>
    /// A PostgreSQL server that cannot be reached or cannot take the write now (connection lost, shut
    /// down, not taking connections, out of room or connections, read-only, a lock not to be had, a
    /// deadlock or serialization failure to try again);
    /// not a statement the server refused as wrong, which is a fault in the code.
    /// </summary>
    private static bool ServerUnavailable(Exception e) => e switch
    {
        Npgsql.PostgresException p => p.SqlState == "25006" || p.SqlState[..2] is "08" or "40" or "53" or "55" or "57" or "58",
        Npgsql.NpgsqlException => true,
        TimeoutException => true,
        _ => false,
    };
}
