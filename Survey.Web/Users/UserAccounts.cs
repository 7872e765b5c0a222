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
    public string SecurityStamp { get; init; } = "";
    public DateTime? DisabledAt { get; init; }
    public DateTime CreatedAt { get; init; }

    public bool IsDisabled => DisabledAt is not null;
}

public sealed class ApiKeyInfo
{
    public long Id { get; init; }
    public long UserId { get; init; }
    public string Prefix { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime? RevokedAt { get; init; }
}

public enum SignInOutcome { Success, Invalid, LockedOut }

/// <summary>
/// Back-office accounts: e-mail, role and a password hashed by ASP.NET Core Identity's
/// PasswordHasher, and a security stamp that every session carries: changing it (sign-out,
/// password, role, disabling) ends all of the user's sessions at once, and those changes revoke
/// the user's API keys as well.
/// </summary>
public sealed class UserAccounts(SurveyDatabase database)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public const int MaxFailedLogins = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);
    public const int MinPasswordLength = 12;

    public const string StampClaim = "survey:stamp";
    public const string SignedInClaim = "survey:signed-in";

    /// <summary>An unknown e-mail is checked against this hash, so that it takes as long as a known one.</summary>
    private static readonly string DummyHash = Hasher.HashPassword(new UserAccount(), NewPassword());

    private const string UserColumns = """
        id AS Id, email AS Email, role AS Role, password_hash AS PasswordHash, security_stamp AS SecurityStamp,
        disabled_at AS DisabledAt, created_at AS CreatedAt
        """;

    public static IEnumerable<Claim> Claims(UserAccount user) =>
    [
        new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(ClaimTypes.Name, user.Email),
        new(ClaimTypes.Role, user.Role),
    ];

    /// <summary>The claims of a cookie session: the user's, their security stamp and when they signed in.</summary>
    public static IEnumerable<Claim> SessionClaims(UserAccount user, DateTime signedInUtc) => Claims(user).Concat(
    [
        new Claim(StampClaim, user.SecurityStamp),
        new Claim(SignedInClaim, signedInUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ]);

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string FailureKey(string email) => Tokens.Hash("login:" + email.Trim().ToLowerInvariant());

    /// <summary>
    /// Checks a password. Every attempt is counted before the password is checked, in one
    /// statement, so attempts made at the same moment cannot get more than MaxFailedLogins
    /// guesses between them; after that many wrong ones the e-mail is locked for LockoutPeriod, in
    /// which even the right password is refused. Unknown e-mails and disabled accounts are counted
    /// and answered exactly as known ones, and take as long.
    /// </summary>
    public async Task<(SignInOutcome Result, UserAccount? User)> SignInAsync(string email, string password)
    {
        email = (email ?? "").Trim();
        var key = FailureKey(email);
        var now = DateTime.UtcNow;
        await using var connection = await database.OpenAsync();
        var attempt = await connection.QuerySingleAsync<long>("""
            INSERT INTO login_failures (key_hash, failures, locked_until, updated_at) VALUES (@key, 1, NULL, @now)
            ON CONFLICT (key_hash) DO UPDATE SET
                failures = CASE WHEN login_failures.locked_until <= @now THEN 1 ELSE login_failures.failures + 1 END,
                locked_until = CASE
                    WHEN login_failures.locked_until <= @now THEN NULL
                    WHEN login_failures.locked_until IS NULL AND login_failures.failures + 1 >= @max THEN @until
                    ELSE login_failures.locked_until END,
                updated_at = @now
            RETURNING failures
            """, new { key, now, max = MaxFailedLogins, until = now + LockoutPeriod });
        if (attempt > MaxFailedLogins) return (SignInOutcome.LockedOut, null);
        var user = await connection.QuerySingleOrDefaultAsync<UserAccount>(
            $"SELECT {UserColumns} FROM users WHERE lower(email) = lower(@email)", new { email });
        var hash = user is { IsDisabled: false } ? user.PasswordHash : DummyHash;
        var right = Hasher.VerifyHashedPassword(user ?? new UserAccount(), hash, password ?? "") != PasswordVerificationResult.Failed;
        if (right && user is { IsDisabled: false })
        {
            // The counts of e-mails nobody has tried for a day are of no more use.
            await connection.ExecuteAsync("DELETE FROM login_failures WHERE key_hash = @key OR updated_at < @old", new { key, old = now.AddDays(-1) });
            return (SignInOutcome.Success, user);
        }
        return (attempt < MaxFailedLogins ? SignInOutcome.Invalid : SignInOutcome.LockedOut, null);
    }

    /// <summary>The user a session belongs to, while its stamp is still theirs and they are not disabled; null otherwise.</summary>
    public async Task<UserAccount?> ValidateSessionAsync(long userId, string stamp)
    {
        var user = await GetAsync(userId);
        return user is { IsDisabled: false } && stamp.Length > 0 && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(user.SecurityStamp), System.Text.Encoding.ASCII.GetBytes(stamp)) ? user : null;
    }

    /// <summary>Signing out ends every session of the user, on every device.</summary>
    public async Task SignOutEverywhereAsync(long userId)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("UPDATE users SET security_stamp = @stamp WHERE id = @userId", new { userId, stamp = NewStamp() });
    }

    /// <summary>A new stamp, so every session ends, and every live API key revoked; inside the change's transaction.</summary>
    private static async Task EndSessionsAndKeysAsync(System.Data.IDbConnection connection, System.Data.IDbTransaction tx, long userId)
    {
        await connection.ExecuteAsync("UPDATE users SET security_stamp = @stamp WHERE id = @userId", new { userId, stamp = NewStamp() }, tx);
        await RevokeKeysAsync(connection, tx, userId);
    }

    /// <summary>Revokes every live API key of the user; how many.</summary>
    private static Task<int> RevokeKeysAsync(System.Data.IDbConnection connection, System.Data.IDbTransaction tx, long userId) =>
        connection.ExecuteAsync("UPDATE api_keys SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL",
            new { userId, now = DateTime.UtcNow }, tx);

    public async Task<Outcome<bool>> ChangePasswordAsync(long userId, string current, string replacement)
    {
        var user = await GetAsync(userId);
        if (user is null) return Outcome<bool>.NotFound();
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, current ?? "") == PasswordVerificationResult.Failed)
            return Outcome<bool>.Invalid("CurrentPassword", WebText.Format("PwCurrentWrong"));
        if ((replacement ?? "").Length < MinPasswordLength)
            return Outcome<bool>.Invalid("NewPassword", WebText.Format("PwTooShort", MinPasswordLength));
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        await connection.ExecuteAsync("UPDATE users SET password_hash = @hash WHERE id = @userId",
            new { userId, hash = Hasher.HashPassword(user, replacement!) }, tx);
        await EndSessionsAndKeysAsync(connection, tx, userId);
        await AuditLog.WriteAsync(connection, tx, user.Email, "change-password", "user", userId);
        tx.Commit();
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// Gives a user a new generated password (returned here and nowhere else) and lifts a lockout:
    /// for someone who has forgotten theirs, or whose account was locked by wrong attempts. Their
    /// sessions end and their API keys are revoked, as whoever had the old password may have them.
    /// </summary>
    public async Task<Outcome<(string Email, string Password)>> ResetPasswordAsync(long userId, string actor)
    {
        var user = await GetAsync(userId);
        if (user is null) return Outcome<(string, string)>.NotFound();
        var password = NewPassword();
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        await connection.ExecuteAsync("UPDATE users SET password_hash = @hash WHERE id = @userId",
            new { userId, hash = Hasher.HashPassword(user, password) }, tx);
        await connection.ExecuteAsync("DELETE FROM login_failures WHERE key_hash = @key", new { key = FailureKey(user.Email) }, tx);
        await EndSessionsAndKeysAsync(connection, tx, userId);
        await AuditLog.WriteAsync(connection, tx, actor, "reset-password", "user", userId, after: new { user.Email });
        tx.Commit();
        return Outcome<(string, string)>.Ok((user.Email, password));
    }

    /// <summary>
    /// Runs a change to a user in a write transaction after checking that it leaves at least one
    /// active admin; the check and the change cannot be split by another admin's change.
    /// </summary>
    private async Task<Outcome<UserAccount>> ChangeUserAsync(long userId, bool removesAdmin, string actor,
        Func<System.Data.IDbConnection, System.Data.IDbTransaction, UserAccount, Task> change)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var user = await connection.QuerySingleOrDefaultAsync<UserAccount>($"SELECT {UserColumns} FROM users WHERE id = @userId", new { userId }, tx);
        if (user is null) return Outcome<UserAccount>.NotFound();
        if (removesAdmin && user is { Role: Roles.Admin, IsDisabled: false })
        {
            var others = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> @userId", new { userId }, tx);
            if (others == 0) return Outcome<UserAccount>.Conflict(WebText.Format("UserLastAdmin"));
        }
        await change(connection, tx, user);
        tx.Commit();
        return Outcome<UserAccount>.Ok(user);
    }

    /// <summary>Disables a user (every session and API key stops at once) or enables them again.</summary>
    public Task<Outcome<UserAccount>> SetDisabledAsync(long userId, bool disabled, string actor) =>
        ChangeUserAsync(userId, removesAdmin: disabled, actor, async (connection, tx, user) =>
        {
            await connection.ExecuteAsync("UPDATE users SET disabled_at = @at WHERE id = @userId",
                new { userId, at = disabled ? user.DisabledAt ?? DateTime.UtcNow : (DateTime?)null }, tx);
            await EndSessionsAndKeysAsync(connection, tx, userId);
            await AuditLog.WriteAsync(connection, tx, actor, disabled ? "disable" : "enable", "user", userId, after: new { user.Email });
        });

    public async Task<Outcome<UserAccount>> SetRoleAsync(long userId, string role, string actor)
    {
        if (!Roles.All.Contains(role)) return Outcome<UserAccount>.Invalid("role", WebText.Format("UserRoleInvalid", string.Join(", ", Roles.All)));
        return await ChangeUserAsync(userId, removesAdmin: role != Roles.Admin, actor, async (connection, tx, user) =>
        {
            if (user.Role == role) return;
            await connection.ExecuteAsync("UPDATE users SET role = @role WHERE id = @userId", new { userId, role }, tx);
            await EndSessionsAndKeysAsync(connection, tx, userId);
            await AuditLog.WriteAsync(connection, tx, actor, "set-role", "user", userId, before: new { user.Role }, after: new { role });
        });
    }

    /// <summary>Deletes a user and their API keys; what they did stays in the audit log under their e-mail.</summary>
    public Task<Outcome<UserAccount>> DeleteAsync(long userId, string actor) =>
        ChangeUserAsync(userId, removesAdmin: true, actor, async (connection, tx, user) =>
        {
            await connection.ExecuteAsync("DELETE FROM users WHERE id = @userId", new { userId }, tx);
            await AuditLog.WriteAsync(connection, tx, actor, "delete", "user", userId, before: new { user.Email, user.Role });
        });

    /// <summary>Revokes every live API key of a user; returns how many.</summary>
    public async Task<Outcome<int>> RevokeAllApiKeysAsync(long userId, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE id = @userId", new { userId }, tx) == 0)
            return Outcome<int>.NotFound();
        var revoked = await RevokeKeysAsync(connection, tx, userId);
        await AuditLog.WriteAsync(connection, tx, actor, "revoke-all", "api-key", userId, after: new { count = revoked });
        tx.Commit();
        return Outcome<int>.Ok(revoked);
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
            "SELECT id AS Id, user_id AS UserId, prefix AS Prefix, created_at AS CreatedAt, revoked_at AS RevokedAt FROM api_keys WHERE user_id = @userId ORDER BY id DESC",
            new { userId })).ToList();
    }

    /// <summary>Every user's API keys, for the admin's Users page.</summary>
    public async Task<ILookup<long, ApiKeyInfo>> ListAllApiKeysAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<ApiKeyInfo>(
            "SELECT id AS Id, user_id AS UserId, prefix AS Prefix, created_at AS CreatedAt, revoked_at AS RevokedAt FROM api_keys ORDER BY id DESC"))
            .ToLookup(k => k.UserId);
    }

    /// <summary>Revokes one of the user's own keys; returns false when there is no such live key.</summary>
    public async Task<bool> RevokeApiKeyAsync(long userId, long keyId, string actor)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var revoked = await connection.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @keyId AND user_id = @userId AND revoked_at IS NULL",
            new { keyId, userId, now = DateTime.UtcNow }, tx);
        if (revoked == 1) await AuditLog.WriteAsync(connection, tx, actor, "revoke", "api-key", keyId);
        tx.Commit();
        return revoked == 1;
    }

    public static string NewPassword() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));

    /// <summary>Creates a user with a generated password, which is returned here and nowhere else.</summary>
    public async Task<Outcome<string>> CreateAsync(string? email, string? role, string actor)
    {
        email = (email ?? "").Trim();
        role ??= "";
        if (!Roles.All.Contains(role)) return Outcome<string>.Invalid("role", WebText.Format("UserRoleInvalid", string.Join(", ", Roles.All)));
        if (!email.Contains('@')) return Outcome<string>.Invalid("email", CoreText.Format("ConEmailInvalid"));
        var password = NewPassword();
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var exists = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE lower(email) = lower(@email)", new { email }, tx);
        if (exists > 0) return Outcome<string>.Conflict(WebText.Format("UserExists", email));
        var hash = Hasher.HashPassword(new UserAccount { Email = email, Role = role }, password);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO users (email, role, password_hash, security_stamp, created_at) VALUES (@email, @role, @hash, @stamp, @now) RETURNING id
            """, new { email, role, hash, stamp = NewStamp(), now = DateTime.UtcNow }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "create", "user", id, after: new { email, role });
        tx.Commit();
        return Outcome<string>.Ok(password);
    }

    public async Task<UserAccount?> FindAsync(string email)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(
            $"SELECT {UserColumns} FROM users WHERE lower(email) = lower(@email)", new { email = (email ?? "").Trim() });
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
        await using var tx = connection.BeginWrite();
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO api_keys (user_id, key_hash, prefix, created_at) VALUES (@UserId, @Hash, @Prefix, @Now) RETURNING id
            """, new { UserId = user.Id, Hash = Tokens.Hash(key), Prefix = key[..8], Now = DateTime.UtcNow }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "create", "api-key", id, after: new { user = user.Email, prefix = key[..8] });
        tx.Commit();
        return Outcome<string>.Ok(key);
    }

    /// <summary>The user behind a live (not revoked) API key of a user who is not disabled, or null.</summary>
    public async Task<UserAccount?> FindByApiKeyAsync(string key)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<UserAccount>("""
            SELECT u.id AS Id, u.email AS Email, u.role AS Role
            FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.key_hash = @hash AND k.revoked_at IS NULL AND u.disabled_at IS NULL
            """, new { hash = Tokens.Hash(key) });
    }
}
