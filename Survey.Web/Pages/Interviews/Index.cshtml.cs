using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Interviews;
using Survey.Core.Questionnaires;
using Survey.Web.Access;
using Survey.Web.Users;

namespace Survey.Web.Pages.Interviews;

public sealed class IndexModel(Core.Interviews.Interviews interviews, QuestionnaireLifecycle lifecycle, UserAccounts users) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Guide { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sector { get; set; }
    [BindProperty(SupportsGet = true)] public long? Interviewer { get; set; }

    public IReadOnlyList<InterviewRecord> Rows { get; private set; } = [];
    public IReadOnlyList<Guides.Guide> GuideList { get; private set; } = [];
    public IReadOnlyList<(long Id, string Email)> Interviewers { get; private set; } = [];
    public bool SeesAll { get; private set; }

    /// <summary>Whether the list is narrowed: an empty list then says none match, not that there are none yet.</summary>
    public bool IsFiltered => Guide is not null || !string.IsNullOrWhiteSpace(Status) || !string.IsNullOrWhiteSpace(Sector) || Interviewer is not null;

    public string GuideTitle(long id) => GuideList.FirstOrDefault(g => g.Id == id)?.Title ?? $"#{id}";

    public async Task OnGetAsync()
    {
        var actor = User.InterviewActor();
        SeesAll = actor.SeesAll;
        GuideList = await Guides.ListAsync(lifecycle);
        if (SeesAll)
            Interviewers = (await users.ListAsync()).Where(u => u.Role is Roles.Interviewer or Roles.Secretariat or Roles.Admin)
                .Select(u => (u.Id, u.Email)).ToList();
        Rows = await interviews.ListAsync(new InterviewFilter(Guide, NullIfEmpty(Status), NullIfEmpty(Sector), SeesAll ? Interviewer : null), actor);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
