using System.Data.Common;
using Npgsql;

namespace Survey.Core.Data;

/// <summary>
/// A PostgreSQL database, for when one machine is not enough: several Survey.Api and Survey.Web
/// instances share it. Connections come from one Npgsql data source (its pool) per process.
/// </summary>
public sealed class PostgresDatabase : SurveyDatabase
{
    public const string Name = "postgresql";

    private readonly NpgsqlDataSource _source;
    private readonly NpgsqlConnectionStringBuilder _builder;

    public override string Store => Name;

    public override StoreSql Sql => StoreSql.Postgres;

    public PostgresDatabase(string connectionString) : base(connectionString)
    {
        _builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The sites run the same few statements over and over: Npgsql prepares those it sees used, so
        // the server parses and plans them once per connection instead of on every call; and a connection
        // going back to the pool is not reset (nothing here changes a session's settings), which would
        // cost a round of RESET ALL each time. Either may be set otherwise in the connection string.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!given.Contains("MaxAutoPrepare")) _builder.MaxAutoPrepare = 64;
        if (!given.Contains("NoResetOnClose")) _builder.NoResetOnClose = true;
        _source = NpgsqlDataSource.Create(_builder);
    }

    internal static PostgresDatabase FromConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new StoreConfigurationException(
                "Survey:Database is postgresql but ConnectionStrings:Survey is empty: give it as Host=...;Port=...;Database=...;Username=...;Password=...");
        try
        {
            if (string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(connectionString).Host))
                throw new StoreConfigurationException("ConnectionStrings:Survey names no Host: give it as Host=...;Port=...;Database=...;Username=...;Password=...");
            return new PostgresDatabase(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StoreConfigurationException(
                $"ConnectionStrings:Survey is not a PostgreSQL connection string (Host=...;Port=...;Database=...;Username=...;Password=...): {e.Message}", e);
        }
    }

    /// <summary>The database, user and server, without the password.</summary>
    public override string Describe() => $"database \"{_builder.Database ?? _builder.Username}\" on {_builder.Host}:{_builder.Port} as \"{_builder.Username}\"";

    /// <summary>The connection string's parts, for tools started beside it (pg_dump).</summary>
    internal NpgsqlConnectionStringBuilder Settings => new(_builder.ConnectionString);

    public override void Dispose()
    {
        _source.Dispose();
        base.Dispose();
    }

    public override DbConnection Open() => _source.OpenConnection();

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _source.OpenConnectionAsync(cancellationToken);

    // A load balancer asks often; a pooled connection answers without starting a server process each time.
    protected override async Task<DbConnection> OpenForCheckAsync(CancellationToken cancellationToken) =>
        await _source.OpenConnectionAsync(cancellationToken);

    /// <summary>The tables an erasure deletes from; vacuumed after it.</summary>
    private static readonly string[] ErasedTables =
        ["contacts", "invitations", "invitation_tokens", "responses", "response_summaries", "summary_keys", "interviews", "interview_quotes", "audit_log"];

    /// <summary>
    /// Vacuums the tables an erasure deleted from, so that the dead rows' space is marked free and
    /// reused. PostgreSQL does not zero it, and its write-ahead log and backups keep the rows until they
    /// are recycled (README: erasure on PostgreSQL).
    /// </summary>
    public override async Task<bool> ScrubDeletedAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM " + string.Join(", ", ErasedTables);
        await command.ExecuteNonQueryAsync();
        return true;
    }
}
