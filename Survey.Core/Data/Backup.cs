using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Survey.Core.Data;

public sealed record BackupResult(string Path, long Bytes);

/// <summary>
/// A consistent copy of the live database, written to a temporary file beside the target and only
/// then moved into place, so a failed backup never leaves a half-written file. SQLite: the online
/// backup (one snapshot, taken under a read lock that in WAL mode never stops the sites from
/// writing), checked with integrity_check and made self-contained (no -wal file). PostgreSQL:
/// pg_dump's custom format (one snapshot too), read back with pg_restore --list.
/// </summary>
public static class Backup
{
    public static async Task<Outcome<BackupResult>> ToFileAsync(SurveyDatabase database, string target, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(target)) return Outcome<BackupResult>.Invalid("to", CoreText.Format("BackupTargetMissing"));
        var path = Path.GetFullPath(target);
        if (string.Equals(path, database.FilePath, StringComparison.Ordinal))
            return Outcome<BackupResult>.Invalid("to", CoreText.Format("BackupTargetIsSource"));
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder)) return Outcome<BackupResult>.Invalid("to", CoreText.Format("BackupFolderMissing", folder));

        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var failed = database switch
            {
                SqliteDatabase sqlite => await CopySqliteAsync(sqlite, temporary, cancellationToken),
                PostgresDatabase postgres => await DumpPostgresAsync(postgres, temporary, cancellationToken),
                _ => throw new NotSupportedException(database.Store),
            };
            if (failed is not null) return failed;
            File.Move(temporary, path, overwrite: true);
            return Outcome<BackupResult>.Ok(new BackupResult(path, new FileInfo(path).Length));
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static async Task<Outcome<BackupResult>?> CopySqliteAsync(SqliteDatabase database, string temporary, CancellationToken cancellationToken)
    {
        await using var source = await database.OpenAsync(cancellationToken);
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString());
        await copy.OpenAsync(cancellationToken);
        ((SqliteConnection)source).BackupDatabase(copy);
        await using var command = copy.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "PRAGMA integrity_check;";
        var check = (string?)await command.ExecuteScalarAsync(cancellationToken);
        return check == "ok" ? null : Outcome<BackupResult>.Conflict(CoreText.Format("BackupCorrupt", check ?? ""));
    }

    private static async Task<Outcome<BackupResult>?> DumpPostgresAsync(PostgresDatabase database, string temporary, CancellationToken cancellationToken)
    {
        var settings = database.Settings;
        var dump = await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--file", temporary, "--dbname", settings.Database ?? settings.Username ?? ""],
            settings, cancellationToken);
        if (dump is null) return Outcome<BackupResult>.Conflict(CoreText.Format("BackupNeedsPgDump"));
        if (dump.Value.ExitCode != 0) return Outcome<BackupResult>.Conflict(CoreText.Format("BackupPgDumpFailed", dump.Value.Error.Trim()));
        var list = await RunAsync("pg_restore", ["--list", temporary], settings, cancellationToken);
        if (list is { ExitCode: not 0 } l) return Outcome<BackupResult>.Conflict(CoreText.Format("BackupCorrupt", l.Error.Trim()));
        return null;
    }

    /// <summary>Runs a PostgreSQL client program with the connection's host, port, user and password; null when it is not installed.</summary>
    private static async Task<(int ExitCode, string Error)?> RunAsync(string program, string[] arguments, Npgsql.NpgsqlConnectionStringBuilder settings,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        if (settings.Host is { } host) info.Environment["PGHOST"] = host;
        info.Environment["PGPORT"] = settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (settings.Username is { } user) info.Environment["PGUSER"] = user;
        if (settings.Password is { } password) info.Environment["PGPASSWORD"] = password;
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await output;
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, error);
        }
    }
}
