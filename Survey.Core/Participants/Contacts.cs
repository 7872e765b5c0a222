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
            .WithMessage(_ => CoreText.Format("ConSectorInvalid", string.Join(", ", Sectors.All)))
            .OverridePropertyName("sector");
        RuleFor(c => c.Organisation).MaximumLength(300).WithMessage(_ => CoreText.Format("ConTooLong", 300)).OverridePropertyName("organisation");
        RuleFor(c => c.Title).MaximumLength(300).WithMessage(_ => CoreText.Format("ConTooLong", 300)).OverridePropertyName("title");
    }
}

/// <summary>Contacts are the leaders who may be invited: name, e-mail, organisation, sector and any background variables.</summary>
public sealed class Contacts(SurveyDatabase database)
{
    public const string Columns = "id AS Id, name AS Name, email AS Email, organisation AS Organisation, sector AS Sector, title AS Title, background AS Background";

    /// <summary>Adds all the contacts or none; the caller has validated them.</summary>
    public async Task<IReadOnlyList<long>> AddAsync(IReadOnlyList<ContactInput> inputs, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginTransaction(deferred: false);
        var now = DateTime.UtcNow;
        var ids = new List<long>(inputs.Count);
        foreach (var c in inputs)
        {
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
        }
        await AuditLog.WriteAsync(connection, tx, actor, "import", "contact", null, after: new { count = inputs.Count });
        tx.Commit();
        return ids;
    }

    public async Task<IReadOnlyList<Contact>> ListAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<Contact>($"SELECT {Columns} FROM contacts ORDER BY name, id")).ToList();
    }
}
