using Dapper;
using Npgsql;
using Survey.Core.Data;

namespace Survey.Tests;

/// <summary>
/// A fresh store of its own for a test, migrated, removed afterwards: a real SQLite file in a
/// temporary folder, or, when SURVEY_TEST_POSTGRES names a PostgreSQL server (test.sh starts one),
/// a database of its own on that server. Either way <see cref="Folder"/> is a temporary folder for
/// the test's other files.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    /// <summary>The server's connection string (a user that may create databases), or null for SQLite.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable("SURVEY_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    /// <summary>The store this run of the tests uses: sqlite, or postgresql when SURVEY_TEST_POSTGRES is set.</summary>
    public static string RunStore => PostgresServer is null ? SqliteDatabase.Name : PostgresDatabase.Name;

    /// <summary>This database's store.</summary>
    public string Store { get; }

    public static bool OnPostgres => PostgresServer is not null;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "survey-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The SQLite file (on PostgreSQL a path that is never written).</summary>
    public string FilePath => Path.Combine(Folder, "survey.db");

    /// <summary>ConnectionStrings:Survey for a site on this store.</summary>
    public string ConnectionString { get; }

    public SurveyDatabase Database { get; }

    private readonly string? _postgresName;

    /// <param name="migrate">Whether to apply the migrations (a site's start does it otherwise).</param>
    /// <param name="store">The store, when a test needs one other than the run's (a SQLite file to move into PostgreSQL).</param>
    public TestDatabase(bool migrate = true, string? store = null)
    {
        Directory.CreateDirectory(Folder);
        Store = store ?? RunStore;
        if (Store == PostgresDatabase.Name && PostgresServer is { } server)
        {
            _postgresName = "t_" + Guid.NewGuid().ToString("N");
            ConnectionString = PostgresTemplate.Create(server, _postgresName, migrate);
            Database = new PostgresDatabase(ConnectionString);
            if (migrate) Migrator.Apply(Database);
        }
        else
        {
            ConnectionString = FilePath;
            Database = new SqliteDatabase(FilePath);
            if (migrate) Migrator.Apply(Database);
        }
    }

    /// <summary>Another handle on the same store, as a second process would have.</summary>
    public SurveyDatabase OpenAnother() => _postgresName is not null ? new PostgresDatabase(ConnectionString) : new SqliteDatabase(FilePath);

    /// <summary>The settings a site needs to use this store (Survey:Database and ConnectionStrings:Survey).</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Survey:Database"] = Store,
        ["ConnectionStrings:Survey"] = ConnectionString,
    };

    /// <summary>The same settings as command-line arguments.</summary>
    public string[] Arguments => [$"--Survey:Database={Store}", $"--ConnectionStrings:Survey={ConnectionString}"];

    /// <summary>For a test of what only the SQLite file has (its bytes, its log, its path): skipped on PostgreSQL.</summary>
    public static void RequireSqlite(string why)
    {
        if (OnPostgres) Assert.Ignore("SQLite only: " + why);
    }

    /// <summary>For a test of what only PostgreSQL has: skipped when the run has no server.</summary>
    public static void RequirePostgres(string why)
    {
        if (!OnPostgres) Assert.Ignore("PostgreSQL only (set SURVEY_TEST_POSTGRES, as test.sh does): " + why);
    }

    public void Dispose()
    {
        Database.Dispose();
        if (_postgresName is not null) PostgresTemplate.Drop(PostgresServer!, _postgresName);
        else Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A process under test may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>
    /// Test databases on the server, copied from a template migrated once per test run (a copy takes
    /// milliseconds; migrating each would take far longer), each given its own store identity.
    /// </summary>
    private static class PostgresTemplate
    {
        private static readonly Lazy<string> Template = new(() =>
        {
            var name = "template_" + Guid.NewGuid().ToString("N");
            Execute(PostgresServer!, $"CREATE DATABASE {name} TEMPLATE template0");
            using (var database = new PostgresDatabase(For(PostgresServer!, name))) Migrator.Apply(database);
            NpgsqlConnection.ClearAllPools();
            return name;
        });

        public static string Create(string server, string name, bool migrated)
        {
            Execute(server, $"CREATE DATABASE {name} TEMPLATE {(migrated ? Template.Value : "template0")}");
            var connectionString = For(server, name);
            if (migrated)
            {
                using var connection = new NpgsqlConnection(connectionString);
                connection.Execute("UPDATE store_identity SET id = md5(random()::text || clock_timestamp()::text)");
            }
            return connectionString;
        }

        public static void Drop(string server, string name) => Execute(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

        private static string For(string server, string name) => new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;

        private static void Execute(string server, string sql)
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
            connection.Open();
            connection.Execute(sql);
        }
    }
}
