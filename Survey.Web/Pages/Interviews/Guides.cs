using System.Globalization;
using Survey.Core.Questionnaires;

namespace Survey.Web.Pages.Interviews;

/// <summary>The interview guides (questionnaires in mode interview) with their titles in the reader's language.</summary>
public static class Guides
{
    public sealed record Guide(long Id, string Title, bool Open);

    public static async Task<IReadOnlyList<Guide>> ListAsync(QuestionnaireLifecycle lifecycle)
    {
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        return (await lifecycle.ListAsync())
            .Where(q => q.Mode == Modes.Interview)
            .Select(q => new Guide(q.Id, SurveyDefinition.Parse(q.DraftDefinition).Title?.Get(lang) ?? $"#{q.Id}",
                q.Status == QuestionnaireStatus.Published && q.IsPublished))
            .ToList();
    }
}
