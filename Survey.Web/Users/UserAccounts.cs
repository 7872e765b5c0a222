using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Survey.Core;
using Survey.Core.Data;
using Survey.Core.Participants;

namespace Survey.Web.Users;

public sealed class UserAccount
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string Role { get; init; } = "";
    public string PasswordHash { get; init; } = "";
}

/// <summary>Back-office accounts: e-mail, role and a password hashed by ASP.NET Core Identity's PasswordHasher.</summary>
public sealed class UserAccounts(SurveyDatabase database)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public static string NewPassword() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));

    /// <summary>Creates a user with a generated password, which is returned here and nowhere else.</summary>
    public async Task<Outcome<string>> CreateAsync(string email, string role, string actor)
    {
        email = email.Trim();
        if (!Roles.All.Contains(role)) return Outcome<string>.Invalid("role", WebText.Format("UserRoleInvalid", string.Join(", ", Roles.All)));
        if (!email.Contains('@')) return Outcome<string>.Invalid("email", CoreText.Format("ConEmailInvalid"));
        var password = NewPassword();
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginTransaction(deferred: false);
        var exists = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE lower(email) = lower(@email)", new { email }, tx);
        if (exists > 0) return Outcome<string>.Conflict(WebText.Format("UserExists", email));
        var hash = Hasher.HashPassword(new UserAccount { Email = email, Role = role }, password);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO users (email, role, password_hash, created_at) VALUES (@email, @role, @hash, @now) RETURNING id
            """, new { email, role, hash, now = DateTime.UtcNow }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "create", "user", id, after: new { email, role });
        tx.Commit();
        return Outcome<string>.Ok(password);
    }

    public async Task<UserAccount?> FindAsync(string email)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(
            "SELECT id AS Id, email AS Email, role AS Role, password_hash AS PasswordHash FROM users WHERE lower(email) = lower(@email)",
            new { email = email.Trim() });
    }

    public static bool VerifyPassword(UserAccount user, string password) =>
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>Creates an API key for a user; the key is returned once, only its hash is kept.</summary>
    public async Task<Outcome<string>> CreateApiKeyAsync(string email, string actor)
    {
        var user = await FindAsync(email);
        if (user is null) return Outcome<string>.NotFound();
        var key = "svk_" + Tokens.New();
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginTransaction(deferred: false);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO api_keys (user_id, key_hash, prefix, created_at) VALUES (@UserId, @Hash, @Prefix, @Now) RETURNING id
            """, new { UserId = user.Id, Hash = Tokens.Hash(key), Prefix = key[..8], Now = DateTime.UtcNow }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "create", "api-key", id, after: new { user = user.Email, prefix = key[..8] });
        tx.Commit();
        return Outcome<string>.Ok(key);
    }

    /// <summary>The user behind a live (not revoked) API key, or null.</summary>
    public async Task<UserAccount?> FindByApiKeyAsync(string key)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<UserAccount>("""
            SELECT u.id AS Id, u.email AS Email, u.role AS Role, u.password_hash AS PasswordHash
            FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.key_hash = @hash AND k.revoked_at IS NULL
            """, new { hash = Tokens.Hash(key) });
    }
}
