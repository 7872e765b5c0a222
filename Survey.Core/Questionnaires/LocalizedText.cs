using System.Text.Json.Nodes;

namespace Survey.Core.Questionnaires;

/// <summary>
/// A SurveyJS text: either a plain string or a map of locales ({"default", "da", "en"}). The form it
/// was written in is kept, so that an exported definition looks like the one imported.
/// </summary>
public sealed class LocalizedText
{
    public static readonly string[] Locales = ["default", "da", "en"];

    private readonly string? _plain;
    private readonly Dictionary<string, string>? _map;

    private LocalizedText(string? plain, Dictionary<string, string>? map)
    {
        _plain = plain;
        _map = map;
    }

    public static LocalizedText Plain(string text) => new(text, null);

    public static LocalizedText Of(IReadOnlyDictionary<string, string> map) => new(null, new Dictionary<string, string>(map));

    public static LocalizedText Of(string da, string en) => Of(new Dictionary<string, string> { ["da"] = da, ["en"] = en });

    public bool IsMap => _map is not null;

    public IReadOnlyDictionary<string, string> Map => _map ?? new Dictionary<string, string> { ["default"] = _plain! };

    /// <summary>The text for a locale, falling back to "default", then to Danish, then to any text there is.</summary>
    public string Get(string? locale)
    {
        if (_plain is not null) return _plain;
        if (locale is not null && _map!.TryGetValue(locale, out var t) && t.Length > 0) return t;
        if (_map!.TryGetValue("default", out t) && t.Length > 0) return t;
        if (_map.TryGetValue("da", out t) && t.Length > 0) return t;
        return _map.Values.FirstOrDefault(v => v.Length > 0) ?? "";
    }

    public bool IsBlank => _plain is not null ? string.IsNullOrWhiteSpace(_plain) : _map!.Values.All(string.IsNullOrWhiteSpace);

    public JsonNode ToJson() => _plain is not null
        ? JsonValue.Create(_plain)
        : new JsonObject(_map!.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

    public override string ToString() => Get(null);
}
