using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Survey.Core.Data;

/// <summary>
/// What features ask of a connection beyond plain SQL, so that no feature names a driver type: a
/// transaction that writes (on SQLite it takes the write lock at once, BEGIN IMMEDIATE, so that two
/// writers never both read and then fail to upgrade; elsewhere an ordinary read-committed one).
/// </summary>
public static class StoreConnections
{
    public static DbTransaction BeginWrite(this DbConnection connection) => connection switch
    {
        SqliteConnection sqlite => sqlite.BeginTransaction(deferred: false),
        _ => connection.BeginTransaction(IsolationLevel.ReadCommitted),
    };
}
