using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Survey.Core.Data;

/// <summary>
/// The one SQLite file both sites share. Every SQLite-specific setting lives here and in
/// Migrator: WAL so readers never block the writer, foreign keys on, and a busy timeout so two
/// processes writing at once wait for each other instead of failing.
/// </summary>
public sealed class SurveyDatabase
{
    public const string DefaultPath = "data/survey.db";
    public const int BusyTimeoutMs = 10_000;

    public string ConnectionString { get; }
    public string FilePath { get; }

    public SurveyDatabase(string connectionStringOrPath)
    {
        var builder = connectionStringOrPath.Contains('=')
            ? new SqliteConnectionStringBuilder(connectionStringOrPath)
            : new SqliteConnectionStringBuilder { DataSource = connectionStringOrPath };
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        builder.ForeignKeys = true;
        builder.Pooling = true;
        builder.DefaultTimeout = BusyTimeoutMs / 1000;
        FilePath = builder.DataSource;
        ConnectionString = builder.ToString();
        DapperSetup.Configure();
    }

    /// <summary>ConnectionStrings:Survey (a path or a full SQLite connection string), default data/survey.db.</summary>
    public static SurveyDatabase FromConfiguration(IConfiguration configuration) =>
        new(configuration.GetConnectionString("Survey") is { Length: > 0 } cs ? cs : DefaultPath);

    public void EnsureFolder()
    {
        var folder = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        Configure(connection);
        return connection;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        Configure(connection);
        return connection;
    }

    /// <summary>
    /// A connection of its own, outside the pool, for one long-lived user that changes its settings
    /// (the submissions writer): what it sets never reaches a connection someone else takes from the pool.
    /// </summary>
    public async Task<SqliteConnection> OpenUnpooledAsync(params string[] pragmas)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        Configure(connection);
        foreach (var pragma in pragmas)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {pragma};";
            await command.ExecuteNonQueryAsync();
        }
        return connection;
    }

    // secure_delete: what is deleted or overwritten is zeroed in the file, so that an erased
    // person's name or answers cannot be read back from the bytes of survey.db.
    private static void Configure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA secure_delete = ON;";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Copies the write-ahead log into the database and empties it, so that the old versions of
    /// pages it holds (with whatever was deleted since) are gone from disk too. A reader in the
    /// middle of a read can hold the log for a moment: tried again for a few seconds, then true
    /// only when the log was emptied.
    /// </summary>
    public async Task<bool> TruncateLogAsync()
    {
        await using var connection = await OpenAsync();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync() && reader.GetInt32(0) == 0) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
