using System.Data;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;

namespace Survey.Core.Responses;

/// <summary>
/// What an anonymous response may carry from its invitation. Background values (sector included)
/// are copied only when at least the questionnaire's minimum group of invited contacts share them:
/// one invited person with a rare value would otherwise be named by it. Others become blank.
/// </summary>
public static class AnonymousBackground
{
    private sealed class Invited
    {
        public string Sector { get; init; } = "";
        public string Background { get; init; } = "{}";
    }

    public static async Task<(string Sector, string BackgroundJson)> SharedAsync(IDbConnection connection, long questionnaireId, int minGroupSize,
        string sector, string backgroundJson)
    {
        var own = JsonSerializer.Deserialize<Dictionary<string, string>>(backgroundJson) ?? [];
        if (sector.Length == 0 && own.Count == 0) return ("", "{}");
        var invited = (await connection.QueryAsync<Invited>("""
            SELECT c.sector AS Sector, c.background AS Background
            FROM invitations i JOIN contacts c ON c.id = i.contact_id
            WHERE i.questionnaire_id = @questionnaireId
            """, new { questionnaireId })).ToList();
        var sectorShared = sector.Length > 0 && invited.Count(c => c.Sector == sector) >= minGroupSize;
        var others = invited.Select(c => JsonSerializer.Deserialize<Dictionary<string, string>>(c.Background) ?? []).ToList();
        var kept = own.Where(p => others.Count(o => o.TryGetValue(p.Key, out var v) && v == p.Value) >= minGroupSize)
            .ToDictionary(p => p.Key, p => p.Value);
        return (sectorShared ? sector : "", JsonSerializer.Serialize(kept));
    }

    /// <summary>
    /// A random row id in [2^52, 2^53): no order among the rows of anonymous responses, and still
    /// exact as a JSON number.
    /// </summary>
    public static long RandomId() => (1L << 52) | (BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & ((1L << 52) - 1));
}
