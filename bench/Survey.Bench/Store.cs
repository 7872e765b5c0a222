using Dapper;
using Microsoft.Data.Sqlite;
using Survey.Core.Data;

/// <summary>The benchmarks' own store handling: each run starts from an empty store.</summary>
public static class Store
{
    /// <summary>Deletes the SQLite file (and its log), or every table of the PostgreSQL database.</summary>
    public static void Empty(SurveyDatabase database)
    {
        if (database.FilePath is { } file)
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) if (File.Exists(f)) File.Delete(f);
            return;
        }
        using var connection = database.Open();
        connection.Execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    }
}
