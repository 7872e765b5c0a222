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
        using var db = new TestDatabase(migrate: false);
        var applied = Migrator.Apply(db.Database);
        using var c = db.Database.Open();
        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.EqualTo(Migrator.Scripts()));
            Assert.That(applied, Does.Contain("0001_create_core_tables.sql"));
            Assert.That(c.ExecuteScalar<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
            Assert.That(c.ExecuteScalar<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
            Assert.That(c.ExecuteScalar<long>("PRAGMA busy_timeout"), Is.EqualTo(SurveyDatabase.BusyTimeoutMs));
        });
    }

    [Test]
    public void The_folder_is_created_when_missing()
    {
        using var db = new TestDatabase(migrate: false);
        var nested = new SurveyDatabase(Path.Combine(db.Folder, "a", "b", "survey.db"));
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
        Parallel.For(0, results.Length, i => results[i] = Migrator.Apply(new SurveyDatabase(db.FilePath)));
        using var c = db.Database.Open();
        Assert.Multiple(() =>
        {
            Assert.That(results.Sum(r => r.Count), Is.EqualTo(Migrator.Scripts().Count));
            Assert.That(c.Query<(string, long)>("SELECT name, COUNT(*) FROM schema_migrations GROUP BY name").All(r => r.Item2 == 1), Is.True);
        });
    }

    [Test]
    public async Task Both_sites_starting_at_the_same_moment_on_a_fresh_file_apply_each_script_once()
    {
        using var db = new TestDatabase(migrate: false);
        var ports = new[] { SiteProcess.FreePort(), SiteProcess.FreePort() };
        var processes = new[]
        {
            SiteProcess.Start("Survey.Api.dll", db.FilePath, ports[0]),
            SiteProcess.Start("Survey.Web.dll", db.FilePath, ports[1]),
        };
        try
        {
            using var http = new HttpClient();
            foreach (var port in ports) Assert.That(await SiteProcess.WaitForHealthAsync(http, port), Is.EqualTo(HttpStatusCode.OK));
            using var c = db.Database.Open();
            var rows = c.Query<(string Name, long Count)>("SELECT name, COUNT(*) FROM schema_migrations GROUP BY name").ToList();
            Assert.Multiple(() =>
            {
                Assert.That(rows.Select(r => r.Name), Is.EqualTo(Migrator.Scripts()));
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
