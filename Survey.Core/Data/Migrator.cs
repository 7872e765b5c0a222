using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Survey.Core.Data;

/// <summary>
/// Applies the SQL files of the store's folder of migrations/ (migrations/sqlite, embedded in this
/// assembly) in name order, each once, journaled in schema_migrations by file name (the name a
/// database migrated before the folders existed journaled too). The whole run holds SQLite's write lock (BEGIN IMMEDIATE), so
/// when two processes start on a fresh file at the same moment, the second waits and then finds
/// every script already applied.
/// </summary>
public static class Migrator
{
    private const string Folder = "migrations/sqlite/";

    public static IReadOnlyList<string> Scripts() => typeof(Migrator).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Select(n => n[Folder.Length..])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Brings the database up to date; returns the scripts this call applied. A database that cannot be opened or created is a StoreConfigurationException.</summary>
    public static IReadOnlyList<string> Apply(SurveyDatabase database)
    {
        try
        {
            return ApplyOrThrow(database);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new StoreConfigurationException($"The database at {database.FilePath} cannot be opened: {e.Message}", e);
        }
    }

    private static IReadOnlyList<string> ApplyOrThrow(SurveyDatabase database)
    {
        database.EnsureFolder();
        using var connection = database.OpenCreating();
        EnableWal(connection);
        using var transaction = connection.BeginTransaction(deferred: false);
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name        TEXT PRIMARY KEY,
                applied_at  TEXT NOT NULL
            )
            """, transaction: transaction);
        var applied = connection.Query<string>("SELECT name FROM schema_migrations", transaction: transaction).ToHashSet();
        var done = new List<string>();
        foreach (var script in Scripts().Where(s => !applied.Contains(s)))
        {
            connection.Execute(Read(script), transaction: transaction);
            connection.Execute("INSERT INTO schema_migrations (name, applied_at) VALUES (@Name, @At)",
                new { Name = script, At = DateTime.UtcNow }, transaction);
            done.Add(script);
        }
        transaction.Commit();
        database.IdentityAtStart = connection.ExecuteScalar<string>("SELECT id FROM store_identity");
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

    private static string Read(string script)
    {
        using var stream = typeof(Migrator).Assembly.GetManifestResourceStream(Folder + script)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
