using System.Collections.Concurrent;
using Dapper;
using Survey.Core.Data;

namespace Survey.Core.Questionnaires;

/// <summary>
/// Parsed published versions, by questionnaire and version. A published version never changes,
/// so caching it is safe in any number of instances; it saves parsing the definition on every page view.
/// </summary>
public sealed class DefinitionCache(SurveyDatabase database)
{
    private readonly ConcurrentDictionary<(long, int), SurveyDefinition> _versions = new();

    public async Task<SurveyDefinition?> GetAsync(long questionnaireId, int version)
    {
        if (_versions.TryGetValue((questionnaireId, version), out var cached)) return cached;
        await using var connection = await database.OpenAsync();
        var json = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT definition FROM questionnaire_versions WHERE questionnaire_id = @questionnaireId AND version = @version",
            new { questionnaireId, version });
        if (json is null) return null;
        return _versions.GetOrAdd((questionnaireId, version), _ => SurveyDefinition.Parse(json));
    }

    public static string Json(SurveyDefinition definition) => definition.ToJson().ToJsonString();
}
