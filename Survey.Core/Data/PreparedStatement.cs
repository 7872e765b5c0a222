using System.Data;

namespace Survey.Core.Data;

/// <summary>
/// A statement prepared once and run many times with new values: the writers that insert a few
/// dozen rows per response keep one per statement, as preparing it again for every row would cost
/// more than the row. Values are given in the order of the parameter names.
/// </summary>
public sealed class PreparedStatement : IDisposable
{
    private readonly IDbCommand _command;

    public PreparedStatement(IDbConnection connection, string sql, params string[] names)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "@" + name;
            _command.Parameters.Add(parameter);
        }
    }

    private IDbCommand Bind(IDbTransaction transaction, object?[] values)
    {
        _command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = (IDbDataParameter)_command.Parameters[i]!;
            if (values[i] is DateTime time) DapperSetup.SetTime(parameter, time);
            else parameter.Value = values[i] ?? DBNull.Value;
        }
        return _command;
    }

    /// <summary>Runs it; the number of rows changed.</summary>
    public int Execute(IDbTransaction transaction, params object?[] values) => Bind(transaction, values).ExecuteNonQuery();

    /// <summary>Runs it; the first column of the first row (for INSERT ... RETURNING).</summary>
    public object? Scalar(IDbTransaction transaction, params object?[] values) => Bind(transaction, values).ExecuteScalar();

    public void Dispose() => _command.Dispose();
}
