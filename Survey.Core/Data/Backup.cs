using Microsoft.Data.Sqlite;

namespace Survey.Core.Data;

public sealed record BackupResult(string Path, long Bytes);

/// <summary>
/// A consistent copy of the live database with SQLite's online backup: the copy is one snapshot,
/// taken under a read lock that (in WAL mode) never stops the sites from writing. It is written to a
/// temporary file beside the target, checked with integrity_check, made self-contained (no -wal
/// file), and only then moved into place, so a failed backup never leaves a half-written file.
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
            await using (var source = await database.OpenAsync(cancellationToken))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
            {
                await copy.OpenAsync(cancellationToken);
                ((SqliteConnection)source).BackupDatabase(copy);
                await using var command = copy.CreateCommand();
                command.CommandText = "PRAGMA journal_mode = DELETE;";
                await command.ExecuteNonQueryAsync(cancellationToken);
                command.CommandText = "PRAGMA integrity_check;";
                var check = (string?)await command.ExecuteScalarAsync(cancellationToken);
                if (check != "ok") return Outcome<BackupResult>.Conflict(CoreText.Format("BackupCorrupt", check ?? ""));
            }
            File.Move(temporary, path, overwrite: true);
            return Outcome<BackupResult>.Ok(new BackupResult(path, new FileInfo(path).Length));
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
