using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Survey.Core.Data;

/// <summary>
/// The embedded store: one SQLite file both sites share. WAL so readers never block the writer,
/// foreign keys on, and a busy timeout so two processes writing at once wait for each other instead of failing.
/// </summary>
public sealed class SqliteDatabase : SurveyDatabase
{
    public const string Name = "sqlite";
    public const int BusyTimeoutMs = 10_000;

    public override string Store => Name;

    public override StoreSql Sql => StoreSql.Sqlite;

    public override string FilePath { get; }

    /// <summary>The connection string that may create the file (the migrator's).</summary>
    internal string CreateConnectionString { get; }

    public SqliteDatabase(string connectionStringOrPath) : this(Build(connectionStringOrPath))
    {
    }

    private SqliteDatabase(SqliteConnectionStringBuilder builder) : base(ReadWrite(builder))
    {
        FilePath = builder.DataSource;
        CreateConnectionString = new SqliteConnectionStringBuilder(builder.ToString()) { Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
    }

    private static SqliteConnectionStringBuilder Build(string connectionStringOrPath)
    {
        var builder = connectionStringOrPath.Contains('=')
            ? new SqliteConnectionStringBuilder(connectionStringOrPath)
            : new SqliteConnectionStringBuilder { DataSource = connectionStringOrPath };
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        builder.ForeignKeys = true;
        builder.Pooling = true;
        builder.DefaultTimeout = BusyTimeoutMs / 1000;
        return builder;
    }

    // Only the migrator creates the file; everything else opens it as it is, so a file that has
    // vanished is an error (the store is unavailable), not a fresh empty database written to in vain.
    private static string ReadWrite(SqliteConnectionStringBuilder builder) =>
        new SqliteConnectionStringBuilder(builder.ToString()) { Mode = SqliteOpenMode.ReadWrite }.ToString();

    internal static SqliteDatabase FromConnectionString(string connectionString)
    {
        try
        {
            return new SqliteDatabase(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StoreConfigurationException($"ConnectionStrings:Survey is not a SQLite path or connection string: {e.Message}", e);
        }
    }

    public override string Describe() => FilePath;

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

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        Configure(connection);
        return connection;
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        Configure(connection);
        return connection;
    }

    protected override Task<DbConnection> OpenForCheckAsync(CancellationToken cancellationToken) => OpenUnpooledAsync(cancellationToken);

    private async Task<DbConnection> OpenUnpooledAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
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
    public override async Task<DbConnection> OpenWriterAsync()
    {
        var connection = await OpenUnpooledAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 20000;";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>Copies the write-ahead log into the database without waiting for readers (the writer's quiet moment).</summary>
    public override void Checkpoint(DbConnection connection)
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
    public override bool IsThere() => File.Exists(FilePath);

    protected override string? MissingBecause() => IsThere() ? null : "the database file is missing";

    /// <summary>
    /// Copies the write-ahead log into the database and empties it, so that the old versions of
    /// pages it holds (with whatever was deleted since) are gone from disk too. A reader in the
    /// middle of a read can hold the log for a moment: tried again for a few seconds, then true
    /// only when the log was emptied.
    /// </summary>
    public override async Task<bool> ScrubDeletedAsync()
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
