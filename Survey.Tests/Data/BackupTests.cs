using Dapper;
using Microsoft.Data.Sqlite;
using Survey.Core;
using Survey.Core.Data;

namespace Survey.Tests.Data;

public class BackupTests
{
    [Test]
    public async Task A_backup_taken_while_writes_go_on_is_a_consistent_checked_copy()
    {
        TestDatabase.RequireSqlite("SQLite's online backup");
        using var db = new TestDatabase();
        using var stop = new CancellationTokenSource();
        var written = 0;
        // A writer commits small transactions for as long as the backup runs, as a busy site would.
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var c = await db.Database.OpenAsync();
                await using var tx = c.BeginTransaction();
                await AuditLog.WriteAsync(c, tx, "writer", "write", "test", written);
                await AuditLog.WriteAsync(c, tx, "writer", "write-pair", "test", written);
                tx.Commit();
                Interlocked.Increment(ref written);
            }
        });
        while (Volatile.Read(ref written) < 50) await Task.Delay(5);
        var target = Path.Combine(db.Folder, "copy.db");
        var result = await Backup.ToFileAsync(db.Database, target);
        var writtenAtEnd = Volatile.Read(ref written);
        await Task.Delay(100);
        stop.Cancel();
        await writer;

        await using var copy = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        await copy.OpenAsync();
        var rows = copy.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log");
        Assert.Multiple(() =>
        {
            Assert.That(result.IsOk, Is.True, result.Reason);
            Assert.That(copy.ExecuteScalar<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
            Assert.That(copy.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations"), Is.EqualTo(Migrator.Scripts(db.Database).Count));
            Assert.That(rows % 2, Is.Zero, "each transaction is in the copy whole or not at all");
            Assert.That(rows / 2, Is.InRange(50, writtenAtEnd + 1));
            Assert.That(volatileWritten(), Is.GreaterThan(rows / 2), "the site kept writing while the copy was taken");
            Assert.That(File.Exists(target + "-wal"), Is.False, "the copy is one self-contained file");
            Assert.That(Directory.GetFiles(db.Folder, "*.tmp"), Is.Empty);
        });
        int volatileWritten() => Volatile.Read(ref written);
    }

    [Test]
    public async Task A_backup_refuses_the_database_itself_and_a_missing_folder_and_replaces_an_old_copy_whole()
    {
        TestDatabase.RequireSqlite("the copy is a SQLite file");
        using var db = new TestDatabase();
        var onItself = await Backup.ToFileAsync(db.Database, db.FilePath);
        var noFolder = await Backup.ToFileAsync(db.Database, Path.Combine(db.Folder, "missing", "copy.db"));
        var target = Path.Combine(db.Folder, "copy.db");
        await File.WriteAllTextAsync(target, "an old, broken copy");
        var replaced = await Backup.ToFileAsync(db.Database, target);
        await using var copy = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        await copy.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(onItself.Errors!.Keys, Is.EquivalentTo(new[] { "to" }));
            Assert.That(noFolder.Errors!.Keys, Is.EquivalentTo(new[] { "to" }));
            Assert.That(replaced.Kind, Is.EqualTo(OutcomeKind.Ok));
            Assert.That(copy.ExecuteScalar<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
        });
    }

    [Test]
    public async Task On_postgresql_a_backup_is_a_pg_dump_that_restores_into_an_empty_database_with_every_row()
    {
        TestDatabase.RequirePostgres("pg_dump");
        using var db = new TestDatabase();
        for (var i = 0; i < 20; i++)
        {
            await using var c = await db.Database.OpenAsync();
            await AuditLog.WriteAsync(c, null, "writer", "write", "test", i);
        }
        var target = Path.Combine(db.Folder, "survey.dump");
        var result = await Backup.ToFileAsync(db.Database, target);
        Assert.That(result.IsOk, Is.True, result.Reason);

        using var restored = new TestDatabase(migrate: false);
        var to = new Npgsql.NpgsqlConnectionStringBuilder(restored.ConnectionString);
        var restore = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pg_restore",
            ["--no-owner", "--host", to.Host!, "--port", to.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--username", to.Username!, "--dbname", to.Database!, target]) { RedirectStandardError = true })!;
        var error = await restore.StandardError.ReadToEndAsync();
        await restore.WaitForExitAsync();
        await using var copy = await restored.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(restore.ExitCode, Is.Zero, error);
            Assert.That(copy.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE actor = 'writer'"), Is.EqualTo(20));
            Assert.That(copy.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations"), Is.EqualTo(Migrator.Scripts(db.Database).Count));
            Assert.That(Directory.GetFiles(db.Folder, "*.tmp"), Is.Empty);
        });
    }
}
