using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Configuration;

namespace Survey.Core.Data;

/// <summary>
/// The store both sites share: the embedded SQLite file (<see cref="SqliteDatabase"/>, the default) or a
/// PostgreSQL database (<see cref="PostgresDatabase"/>). Features ask it for connections and write
/// transactions (<see cref="StoreConnections"/>) and write SQL both accept; what differs lives in the two
/// subclasses, the migrator and <see cref="StoreSql"/>.
/// </summary>
public abstract class SurveyDatabase : IDisposable
{
    public const string DefaultPath = "data/survey.db";

    /// <summary>The value of Survey:Database that chooses this store.</summary>
    public abstract string Store { get; }

    /// <summary>The SQL and ways of writing that differ between the stores.</summary>
    public abstract StoreSql Sql { get; }

    public string ConnectionString { get; }

    /// <summary>The SQLite file; null for a server's database.</summary>
    public virtual string? FilePath => null;

    /// <summary>Where this store is, for messages (a file's path, or host, port and database; never a password).</summary>
    public abstract string Describe();

    /// <summary>The store's identity (store_identity) as it was when this site migrated it at start.</summary>
    public string? IdentityAtStart { get; internal set; }

    protected SurveyDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        DapperSetup.Configure();
    }

    /// <summary>The stores Survey:Database may name.</summary>
    public static readonly string[] Stores = [SqliteDatabase.Name, PostgresDatabase.Name];

    /// <summary>
    /// Survey:Database (sqlite, the default, or postgresql) and ConnectionStrings:Survey (for SQLite a path
    /// or a full connection string, default data/survey.db; for PostgreSQL an Npgsql connection string);
    /// a store that cannot be used is a StoreConfigurationException.
    /// </summary>
    public static SurveyDatabase FromConfiguration(IConfiguration configuration)
    {
        var store = configuration["Survey:Database"] is { Length: > 0 } given ? given.Trim() : SqliteDatabase.Name;
        var connectionString = configuration.GetConnectionString("Survey");
        if (string.Equals(store, SqliteDatabase.Name, StringComparison.OrdinalIgnoreCase))
            return SqliteDatabase.FromConnectionString(connectionString is { Length: > 0 } ? connectionString : DefaultPath);
        if (string.Equals(store, PostgresDatabase.Name, StringComparison.OrdinalIgnoreCase))
            return PostgresDatabase.FromConnectionString(connectionString);
        throw new StoreConfigurationException(
            $"Survey:Database is \"{store}\": it must be one of {string.Join(", ", Stores)} ({SqliteDatabase.Name} is the default).");
    }

    /// <summary>Closes the connections this process keeps open to the store.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);

    public abstract DbConnection Open();

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>The submissions writer's own connection, set up for many writes in a row.</summary>
    public virtual Task<DbConnection> OpenWriterAsync() => OpenAsync();

    /// <summary>The writer's quiet moment: SQLite copies its write-ahead log into the file; a server does this itself.</summary>
    public virtual void Checkpoint(DbConnection connection)
    {
    }

    /// <summary>Whether the store is still where it was opened (a write to a deleted SQLite file would be lost).</summary>
    public virtual bool IsThere() => true;

    /// <summary>
    /// After an erasure: makes sure the old versions of what was deleted are gone from the store's own
    /// files too, as far as this store can; true when done.
    /// </summary>
    public abstract Task<bool> ScrubDeletedAsync();

    /// <summary>A connection for the readiness check (on SQLite opened afresh, so that a replaced file is seen).</summary>
    protected abstract Task<DbConnection> OpenForCheckAsync(CancellationToken cancellationToken);

    /// <summary>Why the store cannot be reached before a connection is tried (a missing file); null when it may be.</summary>
    protected virtual string? MissingBecause() => null;

    /// <summary>
    /// Ready to take answers: the store at the configured place is the one this site opened at start
    /// (same identity), every migration is applied, and a write goes through (rolled back). The
    /// reason when not.
    /// </summary>
    public async Task<string?> NotReadyBecauseAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (MissingBecause() is { } missing) return missing;
            await using var connection = await OpenForCheckAsync(cancellationToken);
            if (await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT id FROM store_identity", cancellationToken: cancellationToken)) != IdentityAtStart)
                return "the database is not the one opened at start";
            var applied = (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
            if (Migrator.Scripts(this).Any(s => !applied.Contains(s))) return "the schema is not up to date";
            await using var tx = connection.BeginWrite();
            await connection.ExecuteAsync(new CommandDefinition("UPDATE store_identity SET id = id", transaction: tx, cancellationToken: cancellationToken));
            await tx.RollbackAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (StoreUnavailableException.Covers(e) || e is DbException)
        {
            return e.Message;
        }
    }
}
