using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Survey.Core.Data;

namespace Survey.Core.Questionnaires;

public sealed class QuestionnaireRow
{
    public long Id { get; init; }
    public string PublicKey { get; init; } = "";
    public string Mode { get; init; } = "";
    public string Anonymity { get; init; } = "";
    public int MinGroupSize { get; init; }
    public bool OpenLink { get; init; }
    public string Status { get; init; } = "";
    public string DraftDefinition { get; init; } = "";
    public bool DraftChanged { get; init; }
    public int DraftRevision { get; init; }
    public int? CurrentVersion { get; init; }
    public DateTime? OpensAt { get; init; }
    public DateTime? ClosesAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? ClosedAt { get; init; }

    public QuestionnaireSettings Settings => new(Mode, Anonymity, MinGroupSize, OpenLink, OpensAt, ClosesAt);
    public bool IsPublished => CurrentVersion is not null;
}

public static class QuestionnaireStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Closed = "closed";
}

/// <summary>
/// Draft -> published (version 1, frozen) -> edited and published again (version 2, while answers
/// keep the version they answered) -> closed. Every step is one transaction and is audited.
/// </summary>
/// <summary>An earlier draft: the revision it had, and who replaced it when.</summary>
public sealed class DraftVersion
{
    public int Revision { get; init; }
    public string Definition { get; init; } = "";
    public string ReplacedBy { get; init; } = "";
    public DateTime ReplacedAt { get; init; }
}

public sealed class QuestionnaireLifecycle(SurveyDatabase database)
{
    private static readonly QuestionnaireSettingsValidator SettingsValidator = new();

    private const string Columns = """
        id AS Id, public_key AS PublicKey, mode AS Mode, anonymity AS Anonymity, min_group_size AS MinGroupSize,
        open_link AS OpenLink, status AS Status, draft_definition AS DraftDefinition, draft_changed AS DraftChanged,
        current_version AS CurrentVersion, opens_at AS OpensAt, closes_at AS ClosesAt, created_at AS CreatedAt,
        updated_at AS UpdatedAt, closed_at AS ClosedAt, draft_revision AS DraftRevision
        """;

    public async Task<Outcome<long>> CreateAsync(string definitionJson, QuestionnaireSettings settings, string actor)
    {
        var (errors, import) = Check(definitionJson, settings);
        if (errors.Count > 0) return Outcome<long>.Invalid(errors);
        // Names SurveyJS leaves out are given once, here, so that answers keep their keys from now on.
        definitionJson = import.StoredJson(definitionJson);
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var now = DateTime.UtcNow;
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO questionnaires (public_key, mode, anonymity, min_group_size, open_link, status, draft_definition,
                draft_changed, opens_at, closes_at, created_at, updated_at)
            VALUES (@PublicKey, @Mode, @Anonymity, @MinGroupSize, @OpenLink, 'draft', @Definition, TRUE, @OpensAt, @ClosesAt, @Now, @Now)
            RETURNING id
            """,
            new
            {
                PublicKey = NewPublicKey(), settings.Mode, settings.Anonymity, settings.MinGroupSize, settings.OpenLink,
                Definition = definitionJson, settings.OpensAt, settings.ClosesAt, Now = now,
            }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "create", "questionnaire", id, after: settings);
        tx.Commit();
        return Outcome<long>.Ok(id);
    }

    public async Task<QuestionnaireRow?> GetAsync(long id)
    {
        await using var connection = await database.OpenAsync();
        return await Get(connection, null, id);
    }

    private static Task<QuestionnaireRow?> Get(DbConnection connection, DbTransaction? tx, long id) =>
        connection.QuerySingleOrDefaultAsync<QuestionnaireRow>($"SELECT {Columns} FROM questionnaires WHERE id = @id", new { id }, tx);

    public async Task<QuestionnaireRow?> GetByPublicKeyAsync(string publicKey)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<QuestionnaireRow>(
            $"SELECT {Columns} FROM questionnaires WHERE public_key = @publicKey", new { publicKey });
    }

    /// <summary>The frozen definition of a published version, as stored when it was published.</summary>
    public async Task<string?> GetVersionDefinitionAsync(long id, long version)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT definition FROM questionnaire_versions WHERE questionnaire_id = @id AND version = @version", new { id, version });
    }

    /// <summary>
    /// Replaces the draft. With <paramref name="expectedRevision"/> (the revision the person's page
    /// showed) the change is refused as a Conflict when someone saved in between, so nobody
    /// overwrites another's work unknowingly.
    /// </summary>
    public async Task<Outcome<bool>> UpdateDraftAsync(long id, string definitionJson, string actor, int? expectedRevision = null)
    {
        var import = DefinitionImport.Import(definitionJson);
        if (!import.IsValid) return Outcome<bool>.Invalid(import.ErrorsByPath());
        definitionJson = import.StoredJson(definitionJson);
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var row = await Get(connection, tx, id);
        if (row is null) return Outcome<bool>.NotFound();
        if (row.Status == QuestionnaireStatus.Closed) return Outcome<bool>.Conflict(CoreText.Format("LcClosed"));
        if (expectedRevision is { } expected && expected != row.DraftRevision) return Outcome<bool>.Conflict(CoreText.Format("LcStaleDraft"));
        var now = DateTime.UtcNow;
        // The draft as it was is kept (the last KeptVersions of them), so a change can be undone from the history.
        await connection.ExecuteAsync("""
            INSERT INTO draft_versions (questionnaire_id, revision, definition, replaced_by, replaced_at) VALUES (@id, @DraftRevision, @DraftDefinition, @actor, @now)
            ON CONFLICT (questionnaire_id, revision) DO NOTHING
            """, new { id, row.DraftRevision, row.DraftDefinition, actor, now }, tx);
        await connection.ExecuteAsync("DELETE FROM draft_versions WHERE questionnaire_id = @id AND revision <= @oldest",
            new { id, oldest = row.DraftRevision - KeptVersions }, tx);
        await connection.ExecuteAsync(
            "UPDATE questionnaires SET draft_definition = @definitionJson, draft_changed = TRUE, draft_revision = draft_revision + 1, updated_at = @Now WHERE id = @id",
            new { id, definitionJson, Now = now }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "edit-definition", "questionnaire", id,
            before: row.DraftDefinition, after: definitionJson);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    /// <summary>How many earlier drafts are kept per questionnaire.</summary>
    public const int KeptVersions = 20;

    /// <summary>The kept earlier drafts, newest first.</summary>
    public async Task<IReadOnlyList<DraftVersion>> VersionsAsync(long id)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<DraftVersion>("""
            SELECT revision AS Revision, definition AS Definition, replaced_by AS ReplacedBy, replaced_at AS ReplacedAt
            FROM draft_versions WHERE questionnaire_id = @id ORDER BY revision DESC
            """, new { id })).ToList();
    }

    /// <summary>Makes a kept draft the draft again (as a new revision, so the one replaced is kept in its turn).</summary>
    public async Task<Outcome<bool>> RestoreAsync(long id, int revision, string actor, int? expectedRevision)
    {
        var version = (await VersionsAsync(id)).FirstOrDefault(v => v.Revision == revision);
        if (version is null) return Outcome<bool>.NotFound();
        return await UpdateDraftAsync(id, version.Definition, actor, expectedRevision);
    }

    public async Task<Outcome<bool>> UpdateSettingsAsync(long id, QuestionnaireSettings settings, string actor)
    {
        var validation = SettingsValidator.Validate(settings);
        if (!validation.IsValid) return Outcome<bool>.Invalid(validation.ToDictionary());
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var row = await Get(connection, tx, id);
        if (row is null) return Outcome<bool>.NotFound();
        if (row.Status == QuestionnaireStatus.Closed) return Outcome<bool>.Conflict(CoreText.Format("LcClosed"));
        if (row.IsPublished)
        {
            // Who may see an answer, and how small a group may be shown, were promised to the people who already answered.
            var frozen = new Dictionary<string, string[]>();
            if (settings.Mode != row.Mode) frozen["mode"] = [CoreText.Format("LcFrozenAfterPublish")];
            if (settings.Anonymity != row.Anonymity) frozen["anonymity"] = [CoreText.Format("LcFrozenAfterPublish")];
            if (settings.MinGroupSize != row.MinGroupSize) frozen["minGroupSize"] = [CoreText.Format("LcFrozenAfterPublish")];
            if (frozen.Count > 0) return Outcome<bool>.Invalid(frozen);
        }
        await connection.ExecuteAsync("""
            UPDATE questionnaires SET mode = @Mode, anonymity = @Anonymity, min_group_size = @MinGroupSize,
                open_link = @OpenLink, opens_at = @OpensAt, closes_at = @ClosesAt, updated_at = @Now
            WHERE id = @Id
            """,
            new { Id = id, settings.Mode, settings.Anonymity, settings.MinGroupSize, settings.OpenLink, settings.OpensAt, settings.ClosesAt, Now = DateTime.UtcNow }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "edit-settings", "questionnaire", id, before: row.Settings, after: settings);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Freezes the draft as the next version. Publishing an unchanged draft returns the current version.</summary>
    public async Task<Outcome<long>> PublishAsync(long id, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var row = await Get(connection, tx, id);
        if (row is null) return Outcome<long>.NotFound();
        if (row.Status == QuestionnaireStatus.Closed) return Outcome<long>.Conflict(CoreText.Format("LcClosed"));
        if (row.CurrentVersion is { } current && !row.DraftChanged) return Outcome<long>.Ok(current);
        var import = DefinitionImport.Import(row.DraftDefinition);
        if (!import.IsValid) return Outcome<long>.Invalid(import.ErrorsByPath());
        long version = (row.CurrentVersion ?? 0) + 1;
        var now = DateTime.UtcNow;
        await connection.ExecuteAsync("""
            INSERT INTO questionnaire_versions (questionnaire_id, version, definition, published_at)
            VALUES (@id, @version, @definition, @now)
            """, new { id, version, definition = row.DraftDefinition, now }, tx);
        await connection.ExecuteAsync("""
            UPDATE questionnaires SET status = 'published', current_version = @version, draft_changed = FALSE, updated_at = @now
            WHERE id = @id
            """, new { id, version, now }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "publish", "questionnaire", id, after: new { version });
        tx.Commit();
        return Outcome<long>.Ok(version);
    }

    public async Task<Outcome<bool>> CloseAsync(long id, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var row = await Get(connection, tx, id);
        if (row is null) return Outcome<bool>.NotFound();
        if (row.Status == QuestionnaireStatus.Closed) return Outcome<bool>.Ok(true);
        if (!row.IsPublished) return Outcome<bool>.Conflict(CoreText.Format("LcCloseUnpublished"));
        var now = DateTime.UtcNow;
        await connection.ExecuteAsync(
            "UPDATE questionnaires SET status = 'closed', closed_at = @now, updated_at = @now WHERE id = @id", new { id, now }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "close", "questionnaire", id);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Deletes a questionnaire that was never published; anything published has answers or promises to keep.</summary>
    public async Task<Outcome<bool>> DeleteDraftAsync(long id, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var row = await Get(connection, tx, id);
        if (row is null) return Outcome<bool>.NotFound();
        if (row.IsPublished) return Outcome<bool>.Conflict(CoreText.Format("LcDeletePublished"));
        await connection.ExecuteAsync("DELETE FROM questionnaires WHERE id = @id", new { id }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "delete", "questionnaire", id, before: row.DraftDefinition);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    /// <summary>A new draft with the same definition and settings, for the next round of a survey.</summary>
    public async Task<Outcome<long>> CopyAsync(long id, string actor)
    {
        var row = await GetAsync(id);
        if (row is null) return Outcome<long>.NotFound();
        var copied = await CreateAsync(row.DraftDefinition, row.Settings with { OpenLink = false }, actor);
        if (copied.IsOk)
        {
            await using var connection = await database.OpenAsync();
            await AuditLog.WriteAsync(connection, null, actor, "copy", "questionnaire", copied.Value, after: new { from = id });
        }
        return copied;
    }

    public async Task<IReadOnlyList<QuestionnaireRow>> ListAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<QuestionnaireRow>($"SELECT {Columns} FROM questionnaires ORDER BY id DESC")).ToList();
    }

    /// <summary>A questionnaire takes answers when it is published, not closed, and within its dates.</summary>
    public static bool IsOpen(QuestionnaireRow row, DateTime nowUtc) =>
        row.Status == QuestionnaireStatus.Published
        && (row.OpensAt is null || row.OpensAt <= nowUtc)
        && (row.ClosesAt is null || row.ClosesAt > nowUtc);

    private static (Dictionary<string, string[]> Errors, DefinitionImport Import) Check(string definitionJson, QuestionnaireSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (k, v) in SettingsValidator.Validate(settings).ToDictionary()) errors[k] = v;
        var import = DefinitionImport.Import(definitionJson);
        foreach (var (k, v) in import.ErrorsByPath()) errors[k] = v;
        return (errors, import);
    }

    // Open links are public (/o/{key}), so the key says nothing about the id and cannot be enumerated.
    private static string NewPublicKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
