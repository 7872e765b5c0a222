using Survey.Core.Questionnaires;
using Survey.Core.Responses;

namespace Survey.Api.Respond;

public enum Lookup { Found, Unknown, Blocked }

/// <summary>
/// The one way both the pages and the JSON API resolve a token. An unknown token counts as a
/// failure for the client's address, and an address with too many failures gets 429 instead of
/// 404 for further unknown tokens. A valid token is always served: leaders of a whole
/// municipality may share one address, and one of them mistyping a link must not lock out the rest.
/// </summary>
public sealed class Respondents(RespondentSessions sessions, TokenGuard guard, DefinitionCache definitions, TimeProvider time)
{
    public RespondentSessions Sessions => sessions;
    public DefinitionCache Definitions => definitions;
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public async Task<(Lookup Result, RespondentSession? Session)> FindAsync(HttpContext context, string token)
    {
        var session = await sessions.FindAsync(token);
        if (session is not null) return (Lookup.Found, session);
        if (guard.IsBlocked(context)) return (Lookup.Blocked, null);
        guard.RecordFailure(context);
        return (Lookup.Unknown, null);
    }

    public async Task<SurveyDefinition> DefinitionAsync(RespondentSession session) =>
        await definitions.GetAsync(session.QuestionnaireId, session.Version)
        ?? throw new InvalidOperationException($"Questionnaire {session.QuestionnaireId} has no version {session.Version}.");
}
