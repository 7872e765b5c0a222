using Survey.Tests.Sites;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Survey.Core.Data;

namespace Survey.Tests.Data;

public class MigratorTests
{
    [Test]
    public void A_fresh_file_gets_every_script_once_in_wal_mode_with_foreign_keys()
    {
        TestDatabase.RequireSqlite("journal mode and pragmas");
        using var db = new TestDatabase(migrate: false);
        var applied = Migrator.Apply(db.Database);
        using var c = db.Database.Open();
        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.EqualTo(Migrator.Scripts(db.Database)));
            Assert.That(applied, Does.Contain("0001_create_core_tables.sql"));
            Assert.That(c.ExecuteScalar<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
            Assert.That(c.ExecuteScalar<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
            Assert.That(c.ExecuteScalar<long>("PRAGMA busy_timeout"), Is.EqualTo(SqliteDatabase.BusyTimeoutMs));
        });
    }

    [Test]
    public void A_fresh_postgresql_database_gets_every_script_once_with_identity_keys_booleans_and_timestamptz()
    {
        TestDatabase.RequirePostgres("PostgreSQL's own column types");
        using var db = new TestDatabase(migrate: false);
        var applied = Migrator.Apply(db.Database);
        using var c = db.Database.Open();
        string TypeOf(string table, string column) => c.ExecuteScalar<string>(
            "SELECT data_type FROM information_schema.columns WHERE table_name = @table AND column_name = @column", new { table, column })!;
        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.EqualTo(Migrator.Scripts(db.Database)));
            Assert.That(applied, Is.EqualTo(Migrator.Scripts(new SqliteDatabase(db.FilePath))), "the same scripts, by name, as on SQLite");
            Assert.That(c.ExecuteScalar<string>(
                "SELECT is_identity FROM information_schema.columns WHERE table_name = 'responses' AND column_name = 'id'"), Is.EqualTo("YES"));
            Assert.That(TypeOf("responses", "id"), Is.EqualTo("bigint"));
            Assert.That(TypeOf("responses", "values_pending"), Is.EqualTo("boolean"));
            Assert.That(TypeOf("questionnaires", "open_link"), Is.EqualTo("boolean"));
            Assert.That(TypeOf("responses", "submitted_at"), Is.EqualTo("timestamp with time zone"));
            Assert.That(TypeOf("summary_keys", "number"), Is.EqualTo("double precision"));
        });
    }

    [Test]
    public void The_folder_is_created_when_missing()
    {
        TestDatabase.RequireSqlite("a file's folder");
        using var db = new TestDatabase(migrate: false);
        var nested = new SqliteDatabase(Path.Combine(db.Folder, "a", "b", "survey.db"));
        Migrator.Apply(nested);
        Assert.That(nested.FilePath, Does.Exist);
    }

    [Test]
    public void Running_again_applies_nothing()
    {
        using var db = new TestDatabase();
        Assert.That(Migrator.Apply(db.Database), Is.Empty);
    }

    [Test]
    public void Many_connections_migrating_at_once_apply_each_script_exactly_once()
    {
        using var db = new TestDatabase(migrate: false);
        var results = new IReadOnlyList<string>[8];
        Parallel.For(0, results.Length, i =>
        {
            using var another = db.OpenAnother();
            results[i] = Migrator.Apply(another);
        });
        using var c = db.Database.Open();
        Assert.Multiple(() =>
        {
            Assert.That(results.Sum(r => r.Count), Is.EqualTo(Migrator.Scripts(db.Database).Count));
            Assert.That(c.Query<(string, long)>("SELECT name, COUNT(*) FROM schema_migrations GROUP BY name").All(r => r.Item2 == 1), Is.True);
        });
    }

    [Test]
    public async Task Three_sites_starting_at_the_same_moment_on_a_fresh_store_apply_each_script_once()
    {
        using var db = new TestDatabase(migrate: false);
        var ports = new[] { SiteProcess.FreePort(), SiteProcess.FreePort(), SiteProcess.FreePort() };
        var processes = new[]
        {
            SiteProcess.Start("Survey.Api.dll", db, ports[0]),
            SiteProcess.Start("Survey.Api.dll", db, ports[1]),
            SiteProcess.Start("Survey.Web.dll", db, ports[2]),
        };
        try
        {
            using var http = new HttpClient();
            foreach (var port in ports) Assert.That(await SiteProcess.WaitForHealthAsync(http, port), Is.EqualTo(HttpStatusCode.OK));
            using var c = db.Database.Open();
            var rows = c.Query<(string Name, long Count)>("SELECT name, COUNT(*) FROM schema_migrations GROUP BY name").ToList();
            Assert.Multiple(() =>
            {
                Assert.That(rows.Select(r => r.Name).Order(StringComparer.Ordinal), Is.EqualTo(Migrator.Scripts(db.Database)));
                Assert.That(rows.All(r => r.Count == 1), Is.True);
            });
        }
        finally
        {
            foreach (var p in processes)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }
        }
    }
}
