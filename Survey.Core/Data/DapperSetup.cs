using System.Data;
using System.Globalization;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Survey.Core.Data;

/// <summary>
/// Times are UTC. SQLite keeps them as ISO 8601 UTC text (which sorts and compares as time);
/// PostgreSQL as timestamptz. Either way they come back as UTC.
/// </summary>
public static class DapperSetup
{
    private static int _configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1) return;
        SqlMapper.RemoveTypeMap(typeof(DateTime));
        SqlMapper.RemoveTypeMap(typeof(DateTime?));
        SqlMapper.AddTypeHandler(typeof(DateTime), new UtcDateTimeHandler());
    }

    public static string ToDb(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Sets a parameter to a time the way its store keeps times.</summary>
    public static void SetTime(IDbDataParameter parameter, DateTime value)
    {
        if (parameter is NpgsqlParameter postgres)
        {
            postgres.NpgsqlDbType = NpgsqlDbType.TimestampTz;
            postgres.Value = value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
            return;
        }
        parameter.DbType = DbType.String;
        parameter.Value = ToDb(value);
    }

    public static DateTime FromDb(object value) => value switch
    {
        DateTime time => time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc),
        DateTimeOffset offset => offset.UtcDateTime,
        _ => DateTime.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
    };

    /// <summary>
    /// Also for a null time: PostgreSQL must still be told the parameter is a time (as in "@From IS NULL
    /// OR at >= @From"), which Dapper's typed handler leaves unsaid for nulls.
    /// </summary>
    private sealed class UtcDateTimeHandler : SqlMapper.ITypeHandler
    {
        public void SetValue(IDbDataParameter parameter, object value)
        {
            if (value is DateTime time)
            {
                SetTime(parameter, time);
                return;
            }
            if (parameter is NpgsqlParameter postgres) postgres.NpgsqlDbType = NpgsqlDbType.TimestampTz;
            else parameter.DbType = DbType.String;
            parameter.Value = DBNull.Value;
        }

        public object Parse(Type destinationType, object value) => FromDb(value);
    }
}
