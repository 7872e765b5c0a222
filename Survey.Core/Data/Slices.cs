using System.Data;
using Dapper;

namespace Survey.Core.Data;

/// <summary>
/// Queries with a list parameter asked in slices: SQLite takes at most 32,766 parameters in one
/// statement, and an import or an invitation of everyone may name more rows than that.
/// </summary>
public static class Slices
{
    public const int Size = 1000;

    /// <summary>
    /// Runs <paramref name="sql"/> once per slice of <paramref name="values"/> (bound as @slice, named in the
    /// SQL with <see cref="StoreSql.In"/>) and returns every row found.
    /// </summary>
    public static async Task<List<T>> QueryInSlicesAsync<T, TValue>(this IDbConnection connection, string sql, IEnumerable<TValue> values,
        object? parameters = null, IDbTransaction? transaction = null)
    {
        var found = new List<T>();
        foreach (var slice in values.Chunk(Size))
        {
            var p = new DynamicParameters(parameters);
            p.Add("slice", slice);
            found.AddRange(await connection.QueryAsync<T>(sql, p, transaction));
        }
        return found;
    }
}
