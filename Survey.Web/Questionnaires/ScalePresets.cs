using System.Text.Json;
using Dapper;
using Survey.Core;
using Survey.Core.Data;

namespace Survey.Web.Questionnaires;

/// <summary>A ready list of answer options (or matrix columns) in Danish and English: a built-in one, or one the secretariat saved.</summary>
public sealed record ScalePreset(string Key, string NameDa, string NameEn, IReadOnlyList<ItemRow> Items)
{
    public string Name(string lang) => lang == "en" ? NameEn : NameDa;
}

/// <summary>
/// The scales the editor offers to fill a list of options or a matrix's columns with: agreement,
/// frequency, satisfaction, 0–10 and yes/no/don't know, and those the secretariat saves from a list
/// it has made (table scale_presets).
/// </summary>
public sealed class ScalePresets(SurveyDatabase database)
{
    public const int MaxNameLength = 60;

    private static ItemRow Item(string value, string da, string en) => new() { Value = value, Da = da, En = en };

    public static readonly IReadOnlyList<ScalePreset> BuiltIn =
    [
        new("agree5", "Enighed (1–5)", "Agreement (1–5)",
        [
            Item("1", "Helt uenig", "Strongly disagree"), Item("2", "Uenig", "Disagree"), Item("3", "Hverken enig eller uenig", "Neither agree nor disagree"),
            Item("4", "Enig", "Agree"), Item("5", "Helt enig", "Strongly agree"),
        ]),
        new("frequency", "Hyppighed", "Frequency",
        [
            Item("daily", "Dagligt", "Daily"), Item("weekly", "Ugentligt", "Weekly"), Item("monthly", "Månedligt", "Monthly"),
            Item("rarely", "Sjældnere", "Less often"), Item("never", "Aldrig", "Never"),
        ]),
        new("satisfaction", "Tilfredshed (1–5)", "Satisfaction (1–5)",
        [
            Item("1", "Meget utilfreds", "Very dissatisfied"), Item("2", "Utilfreds", "Dissatisfied"), Item("3", "Hverken tilfreds eller utilfreds", "Neither satisfied nor dissatisfied"),
            Item("4", "Tilfreds", "Satisfied"), Item("5", "Meget tilfreds", "Very satisfied"),
        ]),
        new("scale010", "Skala 0–10", "Scale 0–10",
            [.. Enumerable.Range(0, 11).Select(i => i switch
            {
                0 => Item("0", "0 – Slet ikke", "0 – Not at all"),
                10 => Item("10", "10 – I meget høj grad", "10 – To a very high degree"),
                _ => Item(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            })]),
        new("yesnodk", "Ja / nej / ved ikke", "Yes / no / don't know",
            [Item("yes", "Ja", "Yes"), Item("no", "Nej", "No"), Item("dontknow", "Ved ikke", "Don't know")]),
    ];

    private sealed record Stored(long Id, string Name, string Items);

    public async Task<IReadOnlyList<ScalePreset>> ListAsync()
    {
        await using var connection = await database.OpenAsync();
        var own = (await connection.QueryAsync<Stored>("SELECT id AS Id, name AS Name, items AS Items FROM scale_presets ORDER BY name"))
            .Select(s => new ScalePreset("own:" + s.Id, s.Name, s.Name, JsonSerializer.Deserialize<List<ItemRow>>(s.Items) ?? []));
        return [.. BuiltIn, .. own];
    }

    public async Task<ScalePreset?> FindAsync(string? key) => (await ListAsync()).FirstOrDefault(p => p.Key == key);

    /// <summary>Saves a list as a scale under a name of its own; refused with a reason for a missing or taken name, or a list of fewer than two options.</summary>
    public async Task<Outcome<string>> SaveAsync(string? name, IReadOnlyList<ItemRow> items, string actor)
    {
        name = (name ?? "").Trim();
        var kept = items.Where(i => !string.IsNullOrWhiteSpace(i.Value))
            .Select(i => new ItemRow { Value = i.Value!.Trim(), Da = i.Da?.Trim(), En = i.En?.Trim() }).ToList();
        if (name.Length == 0) return Outcome<string>.Invalid("name", WebText.Format("EdPresetNameRequired"));
        if (name.Length > MaxNameLength) return Outcome<string>.Invalid("name", WebText.Format("TplTooLong", MaxNameLength));
        if (kept.Count < 2) return Outcome<string>.Invalid("name", WebText.Format("EdPresetTooFew"));
        var all = await ListAsync();
        if (all.Any(p => string.Equals(p.NameDa, name, StringComparison.OrdinalIgnoreCase) || string.Equals(p.NameEn, name, StringComparison.OrdinalIgnoreCase)))
            return Outcome<string>.Invalid("name", WebText.Format("EdPresetNameTaken", name));
        await using var connection = await database.OpenAsync();
        await using var tx = connection.BeginWrite();
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO scale_presets (name, items, created_by, created_at) VALUES (@name, @items, @actor, @now) RETURNING id",
            new { name, items = JsonSerializer.Serialize(kept), actor, now = DateTime.UtcNow }, tx);
        await AuditLog.WriteAsync(connection, tx, actor, "save-scale", "scale", id, after: new { name, items = kept });
        tx.Commit();
        return Outcome<string>.Ok("own:" + id);
    }
}
