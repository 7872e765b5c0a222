using System.Text.Json;
using Dapper;
using FluentValidation;
using Survey.Core.Data;

namespace Survey.Core.Participants;

public sealed class Contact
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    public string Organisation { get; init; } = "";
    public string Sector { get; init; } = "";
    public string Title { get; init; } = "";
    public string Background { get; init; } = "{}";

    public IReadOnlyDictionary<string, string> BackgroundValues =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(Background) ?? [];
}

public sealed record ContactInput(
    string Name, string Email, string Organisation, string Sector, string Title,
    IReadOnlyDictionary<string, string>? Background = null);

public sealed class ContactInputValidator : AbstractValidator<ContactInput>
{
    public ContactInputValidator()
    {
        // Each check carries its own message; a message set once would only apply to the last check of the chain.
        RuleFor(c => c.Name).NotEmpty().WithMessage(_ => CoreText.Format("ConNameRequired"))
            .MaximumLength(200).WithMessage(_ => CoreText.Format("ConTooLong", 200))
            .OverridePropertyName("name");
        RuleFor(c => c.Email).NotEmpty().WithMessage(_ => CoreText.Format("ConEmailInvalid"))
            .EmailAddress().WithMessage(_ => CoreText.Format("ConEmailInvalid"))
            .MaximumLength(320).WithMessage(_ => CoreText.Format("ConTooLong", 320))
            .OverridePropertyName("email");
        RuleFor(c => c.Sector).Must(Sectors.All.Contains)
            .WithMessage(_ => CoreText.Format("ConSectorInvalid", Sectors.LabelList()))
            .OverridePropertyName("sector");
        RuleFor(c => c.Organisation).MaximumLength(300).WithMessage(_ => CoreText.Format("ConTooLong", 300)).OverridePropertyName("organisation");
        RuleFor(c => c.Title).MaximumLength(300).WithMessage(_ => CoreText.Format("ConTooLong", 300)).OverridePropertyName("title");
    }
}

/// <summary>Contacts are the leaders who may be invited: name, e-mail, organisation, sector and any background variables.</summary>
public sealed class Contacts(SurveyDatabase database)
{
    private static readonly ContactInputValidator Validator = new();

    public const string Columns = "id AS Id, name AS Name, email AS Email, organisation AS Organisation, sector AS Sector, title AS Title, background AS Background";

    /// <summary>Adds all the contacts or none; the caller has validated them.</summary>
    public async Task<IReadOnlyList<long>> AddAsync(IReadOnlyList<ContactInput> inputs, string actor) => (await ImportAsync(inputs, [], actor)).Added;

    /// <summary>
    /// An import in one transaction: the new contacts added, and the known ones (by e-mail, without
    /// case) given the file's fields; background values the file has replace those of the same name, the others stay.
    /// </summary>
    public async Task<ImportStored> ImportAsync(IReadOnlyList<ContactInput> added, IReadOnlyList<ContactInput> updated, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var now = DateTime.UtcNow;
        var ids = new List<long>(added.Count);
        foreach (var c in added)
            ids.Add(await connection.ExecuteScalarAsync<long>("""
                INSERT INTO contacts (name, email, organisation, sector, title, background, created_at, updated_at)
                VALUES (@Name, @Email, @Organisation, @Sector, @Title, @Background, @Now, @Now)
                RETURNING id
                """,
                new
                {
                    c.Name, Email = c.Email.Trim(), c.Organisation, c.Sector, c.Title,
                    Background = JsonSerializer.Serialize(c.Background ?? new Dictionary<string, string>()), Now = now,
                }, tx));
        foreach (var c in updated)
        {
            var before = await connection.QuerySingleAsync<Contact>($"SELECT {Columns} FROM contacts WHERE lower(email) = lower(@Email)", new { Email = c.Email.Trim() }, tx);
            var background = new Dictionary<string, string>(before.BackgroundValues);
            if (c.Background is { } values) foreach (var (k, v) in values) background[k] = v;
            await connection.ExecuteAsync("""
                UPDATE contacts SET name = @Name, organisation = @Organisation, sector = @Sector, title = @Title, background = @Background, updated_at = @Now
                WHERE id = @Id
                """, new { before.Id, c.Name, c.Organisation, c.Sector, c.Title, Background = JsonSerializer.Serialize(background), Now = now }, tx);
        }
        await AuditLog.WriteAsync(connection, tx, actor, "import", "contact", null, after: new { count = added.Count, updated = updated.Count });
        tx.Commit();
        return new ImportStored(ids, updated.Count);
    }

    /// <summary>One new contact, checked like an imported one.</summary>
    public async Task<Outcome<long>> AddOneAsync(ContactInput input, string actor)
    {
        var validation = Validator.Validate(input);
        if (!validation.IsValid) return Outcome<long>.Invalid(validation.ToDictionary());
        await using (var connection = await database.OpenAsync())
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM contacts WHERE lower(email) = lower(@Email)", new { input.Email }) > 0)
                return Outcome<long>.Invalid("email", CoreText.Format("ImpEmailExists", input.Email));
        }
        return Outcome<long>.Ok((await AddAsync([input], actor))[0]);
    }

    public const int MinSearchLength = 3;

    /// <summary>
    /// Contacts whose name or organisation contains the term (at least MinSearchLength letters),
    /// at most <paramref name="limit"/>: for picking one person without listing everyone.
    /// </summary>
    public async Task<IReadOnlyList<Contact>> SearchAsync(string term, int limit)
    {
        term = term.Trim();
        if (term.Length < MinSearchLength) return [];
        var pattern = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<Contact>($"""
            SELECT {Columns} FROM contacts
            WHERE lower(name) LIKE lower(@pattern) ESCAPE '\' OR lower(organisation) LIKE lower(@pattern) ESCAPE '\'
            ORDER BY name, id LIMIT @limit
            """, new { pattern, limit })).ToList();
    }

    public async Task<Contact?> GetAsync(long id)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<Contact>($"SELECT {Columns} FROM contacts WHERE id = @id", new { id });
    }

    public async Task<Outcome<bool>> UpdateAsync(long id, ContactInput input, string actor)
    {
        var validation = Validator.Validate(input);
        if (!validation.IsValid) return Outcome<bool>.Invalid(validation.ToDictionary());
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var before = await connection.QuerySingleOrDefaultAsync<Contact>($"SELECT {Columns} FROM contacts WHERE id = @id", new { id }, tx);
        if (before is null) return Outcome<bool>.NotFound();
        var clash = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM contacts WHERE lower(email) = lower(@Email) AND id <> @id", new { input.Email, id }, tx);
        if (clash > 0) return Outcome<bool>.Invalid("email", CoreText.Format("ImpEmailExists", input.Email));
        await connection.ExecuteAsync("""
            UPDATE contacts SET name = @Name, email = @Email, organisation = @Organisation, sector = @Sector, title = @Title,
                background = @Background, updated_at = @Now
            WHERE id = @id
            """, new
        {
            id, input.Name, Email = input.Email.Trim(), input.Organisation, input.Sector, input.Title,
            Background = JsonSerializer.Serialize(input.Background ?? new Dictionary<string, string>()), Now = DateTime.UtcNow,
        }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "edit", "contact", id, before, input);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    public sealed record ErasureCounts(int Invitations, int Responses);

    /// <summary>What erasing a contact would remove: their invitations and the answers that can be traced to them.</summary>
    public async Task<ErasureCounts> ErasureScopeAsync(long id)
    {
        await using var connection = await database.OpenAsync();
        return new ErasureCounts(
            await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM invitations WHERE contact_id = @id", new { id }),
            await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM responses WHERE invitation_id IN (SELECT id FROM invitations WHERE contact_id = @id)", new { id }));
    }

    /// <summary>
    /// Erases a person on request: the contact, their invitations and links, the answers that can
    /// be traced to them (anonymous answers cannot be and stay), and their details in earlier audit
    /// entries. The erasure itself is logged by id and counts only, so the log does not name them either.
    /// </summary>
    public async Task<Outcome<ErasureCounts>> EraseAsync(long id, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM contacts WHERE id = @id", new { id }, tx) == 0)
            return Outcome<ErasureCounts>.NotFound();
        var responses = await connection.ExecuteAsync(
            "DELETE FROM responses WHERE invitation_id IN (SELECT id FROM invitations WHERE contact_id = @id)", new { id }, tx);
        // Interviews with the person go too (their rows cascade from the contact), with the numbers they added to summaries.
        responses += await connection.ExecuteAsync(
            "DELETE FROM responses WHERE id IN (SELECT response_id FROM interviews WHERE contact_id = @id)", new { id }, tx);
        var invitations = await connection.ExecuteAsync("DELETE FROM invitations WHERE contact_id = @id", new { id }, tx);
        await connection.ExecuteAsync("DELETE FROM contacts WHERE id = @id", new { id }, tx);
        await connection.ExecuteAsync(
            "UPDATE audit_log SET before_json = NULL, after_json = NULL WHERE entity = 'contact' AND entity_id = @entityId",
            new { entityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, tx);
        var counts = new ErasureCounts(invitations, responses);
        await AuditLog.WriteAsync(connection, tx, actor, "erase", "contact", id, after: counts);
        tx.Commit();
        // The deleted rows are zeroed in SQLite's file (secure_delete) and their earlier versions in its log go
        // now too; PostgreSQL vacuums the tables, so that the space they held is reused.
        await database.ScrubDeletedAsync();
        return Outcome<ErasureCounts>.Ok(counts);
    }

    public async Task<IReadOnlyList<Contact>> ListAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<Contact>($"SELECT {Columns} FROM contacts ORDER BY name, id")).ToList();
    }
}
