using System.Data.Common;
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

    /// <summary>The connection string that may create the file (the migrator's).</summary>
    internal string CreateConnectionString { get; }

    /// <summary>The store's identity (store_identity) as it was when this site migrated it at start.</summary>
    public string? IdentityAtStart { get; internal set; }

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
        // Only the migrator creates the file; everything else opens it as it is, so a file that has
        // vanished is an error (the store is unavailable), not a fresh empty database written to in vain.
        CreateConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        ConnectionString = builder.ToString();
        DapperSetup.Configure();
    }

    /// <summary>The stores Survey:Database may name; this version has the embedded one.</summary>
    public static readonly string[] Stores = ["sqlite"];

    /// <summary>
    /// Survey:Database (sqlite, the default) and ConnectionStrings:Survey (a path or a full SQLite
    /// connection string, default data/survey.db); a store that cannot be used is a StoreConfigurationException.
    /// </summary>
    public static SurveyDatabase FromConfiguration(IConfiguration configuration)
    {
        var store = configuration["Survey:Database"] is { Length: > 0 } given ? given.Trim() : "sqlite";
        if (!Stores.Contains(store, StringComparer.OrdinalIgnoreCase))
            throw new StoreConfigurationException(
                $"Survey:Database is \"{store}\": this version stores its data in {string.Join(", ", Stores)} (the default); PostgreSQL is not available yet.");
        var connectionString = configuration.GetConnectionString("Survey") is { Length: > 0 } cs ? cs : DefaultPath;
        try
        {
            return new SurveyDatabase(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StoreConfigurationException($"ConnectionStrings:Survey is not a SQLite path or connection string: {e.Message}", e);
        }
    }

    public void EnsureFolder()
    {
        var folder = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }

    internal SqliteConnection OpenCreating()
    {
        var connection = new SqliteConnection(CreateConnectionString);
        connection.Open();
        Configure(connection);
        return connection;
    }

    public DbConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        Configure(connection);
        return connection;
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        Configure(connection);
        return connection;
    }

    /// <summary>
    /// The submissions writer's own connection, outside the pool, as its settings differ: a larger page
    /// cache keeps the summary index's pages from one slice to the next, and the write-ahead log is
    /// copied into the database when the writer has a quiet moment (<see cref="Checkpoint"/>), not
    /// every thousand pages in the middle of a burst; past 80 MB of log it is copied anyway.
    /// </summary>
    public async Task<DbConnection> OpenWriterAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        Configure(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 20000;";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>Copies the write-ahead log into the database without waiting for readers (the writer's quiet moment).</summary>
    public static void Checkpoint(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        command.ExecuteNonQuery();
    }

    // secure_delete: what is deleted or overwritten is zeroed in the file, so that an erased
    // person's name or answers cannot be read back from the bytes of survey.db.
    private static void Configure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA secure_delete = ON;";
        command.ExecuteNonQuery();
    }

    /// <summary>Whether the database file is still at its path (a write to a deleted file would be lost).</summary>
    public bool FileIsThere() => File.Exists(FilePath);

    /// <summary>
    /// Ready to take answers: the file at the configured path is the store this site opened at start
    /// (same identity), every migration is applied, and a write goes through (rolled back). The
    /// reason when not.
    /// </summary>
    public async Task<string?> NotReadyBecauseAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (!FileIsThere()) return "the database file is missing";
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            Configure(connection);
            await using (var identity = connection.CreateCommand())
            {
                identity.CommandText = "SELECT id FROM store_identity";
                if (await identity.ExecuteScalarAsync(cancellationToken) as string != IdentityAtStart) return "the database file is not the one opened at start";
            }
            var applied = new HashSet<string>();
            await using (var names = connection.CreateCommand())
            {
                names.CommandText = "SELECT name FROM schema_migrations";
                await using var reader = await names.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetString(0));
            }
            if (Migrator.Scripts().Any(s => !applied.Contains(s))) return "the schema is not up to date";
            await using var tx = connection.BeginTransaction(deferred: false);
            await using (var write = connection.CreateCommand())
            {
                write.Transaction = tx;
                write.CommandText = "UPDATE store_identity SET id = id";
                await write.ExecuteNonQueryAsync(cancellationToken);
            }
            tx.Rollback();
            return null;
        }
        catch (SqliteException e)
        {
            return e.Message;
        }
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
