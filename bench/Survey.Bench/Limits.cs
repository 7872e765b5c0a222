using System.Data.Common;
using System.Diagnostics;
using Survey.Core.Data;

/// <summary>The disk's rate of flushes at this moment: 4 KiB appended and flushed to disk, again and again, in the store's folder.</summary>
public static class Fsync
{
    public static double Rate(string folder, double seconds = 2)
    {
        var path = Path.Combine(folder, $".fsync-probe-{Environment.ProcessId}");
        try
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
            var block = new byte[4096];
            var count = 0;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                file.Write(block);
                file.Flush(flushToDisk: true);
                count++;
            }
            return count / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>
/// The store's own limit for a submit's rows: each response's claim of its invitation, the response
/// and its summary row, committed <c>group</c> to a transaction on one writer connection with the
/// project's settings, with no validation, no queue and no HTTP in between.
/// </summary>
public static class RawStore
{
    public static async Task CommitGroupsAsync(SurveyDatabase database, long questionnaireId, IReadOnlyList<long> invitations,
        IReadOnlyList<string> answers, (string Sector, string Background, byte[] Codes) summary, int group)
    {
        await using var connection = await database.OpenWriterAsync();
        (DbCommand Claim, DbCommand Insert, DbCommand Row)? prepared = null;
        DbCommand claim, insert, row;
        var next = 0;
        while (next < invitations.Count)
        {
            await using var tx = await connection.BeginTransactionAsync();
            var now = DateTime.UtcNow;
            var batch = invitations.Skip(next).Take(group).ToList();
            if (database.FilePath is not null)
            {
                // SQLite: the three statements of each response, prepared once.
                (claim, insert, row) = prepared ??= Prepare(connection);
                foreach (var c in new[] { claim, insert, row }) c.Transaction = tx;
                foreach (var (invitation, i) in batch.Select((b, i) => (b, next + i)))
                {
                    Set(claim, now, invitation);
                    await claim.ExecuteNonQueryAsync();
                    Set(insert, questionnaireId, invitation, $"RAW-{i:D8}", summary.Sector, summary.Background, answers[i % answers.Count], now);
                    var response = (long)(await insert.ExecuteScalarAsync())!;
                    Set(row, questionnaireId, response, summary.Sector, summary.Background, now, summary.Codes);
                    await row.ExecuteNonQueryAsync();
                }
            }
            else
            {
                // PostgreSQL: the group's statements in one round trip, as the writer sends them.
                await using var b = connection.CreateBatch();
                b.Transaction = tx;
                foreach (var (invitation, i) in batch.Select((b, i) => (b, next + i)))
                {
                    var c = b.CreateBatchCommand();
                    c.CommandText = """
                        WITH claimed AS (UPDATE invitations SET status = 'completed', completed_at = @now WHERE id = @invitation AND status <> 'completed' RETURNING id),
                        inserted AS (INSERT INTO responses (questionnaire_id, version, invitation_id, reference, mode, sector, background, answers, submitted_at)
                            SELECT @questionnaire, 1, id, @reference, 'web', @sector, @background, @answers, @now FROM claimed RETURNING id)
                        INSERT INTO response_summaries (questionnaire_id, response_id, sector, mode, background, submitted_at, codes)
                        SELECT @questionnaire, id, @sector, 'web', @background, @now, @codes FROM inserted
                        """;
                    foreach (var (name, value) in new (string, object)[] { ("now", now), ("invitation", invitation), ("questionnaire", questionnaireId),
                                 ("reference", $"RAW-{i:D8}"), ("sector", summary.Sector), ("background", summary.Background), ("answers", answers[i % answers.Count]), ("codes", summary.Codes) })
                    {
                        var parameter = c.CreateParameter();
                        parameter.ParameterName = name;
                        parameter.Value = value;
                        c.Parameters.Add(parameter);
                    }
                    b.BatchCommands.Add(c);
                }
                await b.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
            next += batch.Count;
        }
        if (prepared is { } p) foreach (var c in new[] { p.Claim, p.Insert, p.Row }) c.Dispose();
    }

    private static (DbCommand, DbCommand, DbCommand) Prepare(DbConnection connection) => (
        Command(connection, "UPDATE invitations SET status = 'completed', completed_at = @now WHERE id = @invitation AND status <> 'completed'", "now", "invitation"),
        Command(connection, """
            INSERT INTO responses (questionnaire_id, version, invitation_id, reference, mode, sector, background, answers, submitted_at)
            VALUES (@questionnaire, 1, @invitation, @reference, 'web', @sector, @background, @answers, @now) RETURNING id
            """, "questionnaire", "invitation", "reference", "sector", "background", "answers", "now"),
        Command(connection, """
            INSERT INTO response_summaries (questionnaire_id, response_id, sector, mode, background, submitted_at, codes)
            VALUES (@questionnaire, @response, @sector, 'web', @background, @now, @codes)
            """, "questionnaire", "response", "sector", "background", "now", "codes"));

    private static DbCommand Command(DbConnection connection, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }
        command.Prepare();
        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }
}
