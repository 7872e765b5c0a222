using System.Buffers.Text;
using System.Security.Claims;
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
    public int FailedLogins { get; init; }
    public DateTime? LockedUntil { get; init; }
    public DateTime CreatedAt { get; init; }
}

public sealed class ApiKeyInfo
{
    public long Id { get; init; }
    public string Prefix { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime? RevokedAt { get; init; }
}

public enum SignInOutcome { Success, Invalid, LockedOut }

/// <summary>Back-office accounts: e-mail, role and a password hashed by ASP.NET Core Identity's PasswordHasher.</summary>
public sealed class UserAccounts(SurveyDatabase database)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public const int MaxFailedLogins = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);
    public const int MinPasswordLength = 12;

    private const string UserColumns = """
        id AS Id, email AS Email, role AS Role, password_hash AS PasswordHash, failed_logins AS FailedLogins,
        locked_until AS LockedUntil, created_at AS CreatedAt
        """;

    public static IEnumerable<Claim> Claims(UserAccount user) =>
    [
        new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(ClaimTypes.Name, user.Email),
        new(ClaimTypes.Role, user.Role),
    ];

    /// <summary>
    /// Checks a password. After MaxFailedLogins wrong ones in a row the account is locked for
    /// LockoutPeriod, during which even the right password is refused.
    /// </summary>
    public async Task<(SignInOutcome Result, UserAccount? User)> SignInAsync(string email, string password)
    {
        var user = await FindAsync(email);
        if (user is null)
        {
            // Hash anyway, so that an unknown e-mail takes as long as a wrong password.
            Hasher.HashPassword(new UserAccount(), password);
            return (SignInOutcome.Invalid, null);
        }
        var now = DateTime.UtcNow;
        if (user.LockedUntil > now) return (SignInOutcome.LockedOut, null);
        await using var connection = await database.OpenAsync();
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            var failures = user.FailedLogins + 1;
            await connection.ExecuteAsync(
                "UPDATE users SET failed_logins = @failures, locked_until = @locked WHERE id = @Id",
                new { user.Id, failures = failures >= MaxFailedLogins ? 0 : failures, locked = failures >= MaxFailedLogins ? now + LockoutPeriod : (DateTime?)null });
            return (failures >= MaxFailedLogins ? SignInOutcome.LockedOut : SignInOutcome.Invalid, null);
        }
        await connection.ExecuteAsync("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @Id", new { user.Id });
        return (SignInOutcome.Success, user);
    }

    public async Task<Outcome<bool>> ChangePasswordAsync(long userId, string current, string replacement)
    {
        var user = await GetAsync(userId);
        if (user is null) return Outcome<bool>.NotFound();
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, current) == PasswordVerificationResult.Failed)
            return Outcome<bool>.Invalid("CurrentPassword", WebText.Format("PwCurrentWrong"));
        if (replacement.Length < MinPasswordLength)
            return Outcome<bool>.Invalid("NewPassword", WebText.Format("PwTooShort", MinPasswordLength));
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginTransaction(deferred: false);
        await connection.ExecuteAsync("UPDATE users SET password_hash = @hash WHERE id = @userId",
            new { userId, hash = Hasher.HashPassword(user, replacement) }, tx);
        await AuditLog.WriteAsync(connection, tx, user.Email, "change-password", "user", userId);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// Gives a user a new generated password (returned here and nowhere else) and lifts a lockout:
    /// for someone who has forgotten theirs, or whose account was locked by wrong attempts.
    /// </summary>
    public async Task<Outcome<(string Email, string Password)>> ResetPasswordAsync(long userId, string actor)
    {
        var user = await GetAsync(userId);
        if (user is null) return Outcome<(string, string)>.NotFound();
        var password = NewPassword();
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginTransaction(deferred: false);
        await connection.ExecuteAsync("UPDATE users SET password_hash = @hash, failed_logins = 0, locked_until = NULL WHERE id = @userId",
            new { userId, hash = Hasher.HashPassword(user, password) }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "reset-password", "user", userId, after: new { user.Email });
        tx.Commit();
        return Outcome<(string, string)>.Ok((user.Email, password));
    }

    public async Task<UserAccount?> GetAsync(long id)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<UserAccount>($"SELECT {UserColumns} FROM users WHERE id = @id", new { id });
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<UserAccount>($"SELECT {UserColumns} FROM users ORDER BY email")).ToList();
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(long userId)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<ApiKeyInfo>(
            "SELECT id AS Id, prefix AS Prefix, created_at AS CreatedAt, revoked_at AS RevokedAt FROM api_keys WHERE user_id = @userId ORDER BY id DESC",
            new { userId })).ToList();
    }

    /// <summary>Revokes one of the user's own keys; returns false when there is no such live key.</summary>
    public async Task<bool> RevokeApiKeyAsync(long userId, long keyId, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginTransaction(deferred: false);
        var revoked = await connection.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @keyId AND user_id = @userId AND revoked_at IS NULL",
            new { keyId, userId, now = DateTime.UtcNow }, tx);
        if (revoked == 1) await AuditLog.WriteAsync(connection, tx, actor, "revoke", "api-key", keyId);
        tx.Commit();
        return revoked == 1;
    }

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
            $"SELECT {UserColumns} FROM users WHERE lower(email) = lower(@email)", new { email = email.Trim() });
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
            SELECT u.id AS Id, u.email AS Email, u.role AS Role
            FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.key_hash = @hash AND k.revoked_at IS NULL
            """, new { hash = Tokens.Hash(key) });
    }
}
