using System.Data;
using System.Text.Json;
using Dapper;

namespace Survey.Core.Data;

/// <summary>Who changed what and when; written in the same transaction as the change itself.</summary>
public static class AuditLog
{
    public static Task WriteAsync(IDbConnection connection, IDbTransaction? transaction, string actor, string action,
        string entity, object? entityId, object? before = null, object? after = null) =>
        connection.ExecuteAsync("""
            INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json)
            VALUES (@At, @Actor, @Action, @Entity, @EntityId, @Before, @After)
            """,
            new
            {
                At = DateTime.UtcNow,
                Actor = actor,
                Action = action,
                Entity = entity,
                EntityId = entityId?.ToString(),
                Before = before is null ? null : JsonSerializer.Serialize(before),
                After = after is null ? null : JsonSerializer.Serialize(after),
            }, transaction);
}
