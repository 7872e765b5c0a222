namespace Survey.Core.Participants;

/// <summary>The sectors the taskforce compares. Codes are stored; labels are shown.</summary>
public static class Sectors
{
    public const string State = "state";
    public const string Region = "region";
    public const string Municipality = "municipality";
    public const string Private = "private";
    public const string CivilSociety = "civil-society";

    public static readonly string[] All = [State, Region, Municipality, Private, CivilSociety];

    private static readonly Dictionary<string, (string Da, string En)> Labels = new()
    {
        [State] = ("Stat", "State"),
        [Region] = ("Region", "Region"),
        [Municipality] = ("Kommune", "Municipality"),
        [Private] = ("Privat virksomhed", "Private company"),
        [CivilSociety] = ("Civilsamfund", "Civil society"),
    };

    public static string Label(string code, string? locale) =>
        Labels.TryGetValue(code, out var l) ? (locale == "en" ? l.En : l.Da) : code;

    /// <summary>Every sector by its label in the current language, for messages ("Stat, Region, Kommune, …"); Parse reads each of them.</summary>
    public static string LabelList() =>
        string.Join(", ", All.Select(s => Label(s, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)));

    /// <summary>Reads a sector as people write it in a spreadsheet, in Danish or English.</summary>
    public static string? Parse(string? text)
    {
        var t = (text ?? "").Trim().ToLowerInvariant();
        if (t.Length == 0) return null;
        foreach (var (code, (da, en)) in Labels)
        {
            if (t == code || t == da.ToLowerInvariant() || t == en.ToLowerInvariant()) return code;
        }
        return t switch
        {
            "staten" or "statslig" => State,
            "regioner" or "regional" or "regions" => Region,
            "kommuner" or "kommunal" or "municipalities" => Municipality,
            "privat" or "privatsektor" or "private sector" or "erhverv" => Private,
            "civil society" or "civilsamfundet" or "ngo" => CivilSociety,
            _ => null,
        };
    }
}
