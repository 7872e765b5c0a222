using Dapper;
using Survey.Core.Data;

namespace Survey.Core.Interviews;

public sealed record Theme(long Id, string Name);

/// <summary>The list of themes quotes are tagged with (e.g. "barrierer", "videndeling"); kept by the secretariat.</summary>
public sealed class Themes(SurveyDatabase database)
{
    public const int MaxNameLength = 80;

    public async Task<IReadOnlyList<Theme>> ListAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<Theme>("SELECT id AS Id, name AS Name FROM themes ORDER BY name, id")).ToList();
    }

    public async Task<Outcome<long>> AddAsync(string name, string actor)
    {
        name = (name ?? "").Trim();
        if (name.Length == 0) return Outcome<long>.Invalid("name", CoreText.Format("ThemeNameRequired"));
        if (name.Length > MaxNameLength) return Outcome<long>.Invalid("name", CoreText.Format("ConTooLong", MaxNameLength));
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM themes WHERE lower(name) = lower(@name)", new { name }, tx) > 0)
            return Outcome<long>.Invalid("name", CoreText.Format("ThemeExists", name));
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO themes (name, created_at) VALUES (@name, @now) RETURNING id", new { name, now = DateTime.UtcNow }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "create", "theme", id, after: new { name });
        tx.Commit();
        return Outcome<long>.Ok(id);
    }

    /// <summary>A theme that tags a quote stays, so no quote loses its theme by accident.</summary>
    public async Task<Outcome<bool>> DeleteAsync(long id, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var name = await connection.ExecuteScalarAsync<string?>("SELECT name FROM themes WHERE id = @id", new { id }, tx);
        if (name is null) return Outcome<bool>.NotFound();
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM interview_quote_themes WHERE theme_id = @id", new { id }, tx) > 0)
            return Outcome<bool>.Conflict(CoreText.Format("ThemeInUse", name));
        await connection.ExecuteAsync("DELETE FROM themes WHERE id = @id", new { id }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "delete", "theme", id, before: new { name });
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }
}
