using System.Buffers.Text;
using System.Data;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Survey.Core.Participants;

/// <summary>
/// Personal link tokens and API keys: 144 random bits, URL-safe, and only their SHA-256 hash is
/// stored. A fast hash is enough here because the secret is random, not a password a person chose.
/// </summary>
public static class Tokens
{
    public const int RandomBytes = 18;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new link for an invitation: the token is returned, its hash stored. Earlier tokens stay valid.</summary>
    public static async Task<string> IssueAsync(IDbConnection connection, IDbTransaction? transaction, long invitationId)
    {
        var token = New();
        await connection.ExecuteAsync(
            "INSERT INTO invitation_tokens (token_hash, invitation_id, created_at) VALUES (@hash, @invitationId, @now)",
            new { hash = Hash(token), invitationId, now = DateTime.UtcNow }, transaction);
        return token;
    }

    /// <summary>Withdraws a token that never reached anyone (its e-mail was refused).</summary>
    public static Task WithdrawAsync(IDbConnection connection, string token) =>
        connection.ExecuteAsync("DELETE FROM invitation_tokens WHERE token_hash = @hash", new { hash = Hash(token) });

    /// <summary>Whether a string could be a token at all; anything else is refused before the database is asked.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 24 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
