using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Survey.Core.Data;

/// <summary>
/// Applies the SQL files of the store's folder of migrations/ (migrations/sqlite or
/// migrations/postgresql, embedded in this assembly) in name order, each once, journaled in
/// schema_migrations by file name. The whole run is one transaction that holds the store's lock
/// (SQLite's write lock, BEGIN IMMEDIATE; a PostgreSQL advisory lock), so when several processes
/// start at the same moment, the others wait and then find every script already applied.
/// </summary>
public static class Migrator
{
    /// <summary>The advisory lock migrations hold on PostgreSQL.</summary>
    private const long MigrationLock = 0x7375727665790002;

    private static string Folder(SurveyDatabase database) => $"migrations/{database.Store}/";

    public static IReadOnlyList<string> Scripts(SurveyDatabase database)
    {
        var folder = Folder(database);
        return typeof(Migrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[folder.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Brings the database up to date (or up to the script <paramref name="through"/>, as a database of
    /// an earlier release was); returns the scripts this call applied. A database that cannot be
    /// opened or created is a StoreConfigurationException.
    /// </summary>
    public static IReadOnlyList<string> Apply(SurveyDatabase database, string? through = null)
    {
        try
        {
            return database switch
            {
                SqliteDatabase sqlite => ApplySqlite(sqlite, through),
                PostgresDatabase postgres => ApplyPostgres(postgres, through),
                _ => throw new NotSupportedException(database.Store),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or NpgsqlException or TimeoutException)
        {
            throw new StoreConfigurationException($"The database ({database.Describe()}) cannot be opened: {OneLine(e.Message)}", e);
        }
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static IReadOnlyList<string> ApplySqlite(SqliteDatabase database, string? through)
    {
        database.EnsureFolder();
        using var connection = database.OpenCreating();
        EnableWal(connection);
        using var transaction = connection.BeginTransaction(deferred: false);
        var done = ApplyScripts(database, connection, transaction, "TEXT", through);
        transaction.Commit();
        database.IdentityAtStart = connection.ExecuteScalar<string>("SELECT id FROM store_identity");
        return done;
    }

    private static IReadOnlyList<string> ApplyPostgres(PostgresDatabase database, string? through)
    {
        using var connection = (NpgsqlConnection)database.Open();
        using var transaction = connection.BeginTransaction();
        // Held until the transaction ends: a second process starting now waits here, then finds the scripts journaled.
        connection.Execute($"SELECT pg_advisory_xact_lock({MigrationLock})", transaction: transaction);
        var done = ApplyScripts(database, connection, transaction, "TIMESTAMPTZ", through);
        transaction.Commit();
        database.IdentityAtStart = connection.ExecuteScalar<string>("SELECT id FROM store_identity");
        return done;
    }

    private static List<string> ApplyScripts(SurveyDatabase database, System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, string timeType,
        string? through)
    {
        connection.Execute($"""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name        TEXT PRIMARY KEY,
                applied_at  {timeType} NOT NULL
            )
            """, transaction: transaction);
        var applied = connection.Query<string>("SELECT name FROM schema_migrations", transaction: transaction).ToHashSet();
        var done = new List<string>();
        foreach (var script in Scripts(database).Where(s => !applied.Contains(s) && (through is null || string.CompareOrdinal(s, through) <= 0)))
        {
            connection.Execute(Read(database, script), transaction: transaction);
            connection.Execute("INSERT INTO schema_migrations (name, applied_at) VALUES (@Name, @At)",
                new { Name = script, At = DateTime.UtcNow }, transaction);
            done.Add(script);
        }
        return done;
    }

    private static void EnableWal(SqliteConnection connection)
    {
        // Switching to WAL needs a moment of exclusive access; another process starting at the
        // same instant can hold it briefly, so wait and try again rather than fail the start.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                connection.Execute("PRAGMA journal_mode = WAL;");
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 && attempt < 100)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static string Read(SurveyDatabase database, string script)
    {
        using var stream = typeof(Migrator).Assembly.GetManifestResourceStream(Folder(database) + script)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
