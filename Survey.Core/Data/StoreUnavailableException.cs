namespace Survey.Core.Data;

/// <summary>
/// The database could not take a write it was asked for (the file vanished, the disk is full or
/// read-only, the database is locked for too long). Nothing was acknowledged; the caller may try again later.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Whether an exception means the store is unavailable, rather than a fault in the code.</summary>
    public static bool Covers(Exception e) => e is StoreUnavailableException or Microsoft.Data.Sqlite.SqliteException or IOException
        || (e.InnerException is { } inner && Covers(inner));
}
