using System.Data.Common;

namespace Survey.Core.Data;

/// <summary>
/// Statements sent to a server together, in one round trip (ADO.NET's DbBatch), in the given
/// transaction. Each statement returns at most one value (its RETURNING column); <see cref="Execute"/>
/// gives them in order, null for a statement that returned no row. For the stores whose driver
/// batches (PostgreSQL); SQLite runs in the process and needs no round trips saved.
/// </summary>
public sealed class StatementBatch(DbConnection connection, DbTransaction transaction) : IDisposable
{
    private readonly DbBatch _batch = CreateBatch(connection, transaction);

    private static DbBatch CreateBatch(DbConnection connection, DbTransaction transaction)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        return batch;
    }

    public int Count => _batch.BatchCommands.Count;

    public void Add(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            if (value is DateTime time) DapperSetup.SetTime(parameter, time);
            else parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        _batch.BatchCommands.Add(command);
    }

    /// <summary>
    /// Asynchronous, as the round trip and the server's work are the long part: the writer's thread
    /// goes back to the pool meanwhile instead of being held while the requests wait for threads.
    /// </summary>
    public async Task<object?[]> ExecuteAsync()
    {
        var results = new object?[_batch.BatchCommands.Count];
        await using var reader = await _batch.ExecuteReaderAsync();
        for (var i = 0; i < results.Length; i++)
        {
            if (i > 0 && !await reader.NextResultAsync()) throw new InvalidOperationException($"The batch gave {i} results for {results.Length} statements.");
            results[i] = await reader.ReadAsync() && !reader.IsDBNull(0) ? reader.GetValue(0) : null;
        }
        return results;
    }

    public void Dispose() => _batch.Dispose();
}
