using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Interviews;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Web.Access;

namespace Survey.Web.Pages.Interviews;

public sealed class StartModel(Core.Interviews.Interviews interviews, QuestionnaireLifecycle lifecycle, Core.Participants.Contacts contacts, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        public long? QuestionnaireId { get; set; }
        public long? ContactId { get; set; }
        public string? Name { get; set; }
        public string? Organisation { get; set; }
        public string? Sector { get; set; }
        public string? HeldOn { get; set; }
        public string? Channel { get; set; }
        public bool QuoteConsent { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public IReadOnlyList<Guides.Guide> GuideList { get; private set; } = [];
    /// <summary>The contacts to pick from: those the search found (at most MaxResults), or the one already chosen.</summary>
    public IReadOnlyList<Contact> ContactList { get; private set; } = [];

    public const int MaxResults = 20;

    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    public bool Searched { get; private set; }

    public async Task OnGetAsync(long? guide, long? contact)
    {
        await LoadAsync(contact);
        Input = new InputModel
        {
            QuestionnaireId = guide ?? GuideList.FirstOrDefault(g => g.Open)?.Id,
            ContactId = contact,
            HeldOn = DateOnly.FromDateTime(clock.GetLocalNow().DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Sector = "",
        };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Input.QuestionnaireId is null)
        {
            ModelState.AddModelError("Input.QuestionnaireId", WebText.Format("IvGuideRequired"));
            await LoadAsync(Input.ContactId);
            return Page();
        }
        var started = await interviews.StartAsync(new InterviewStart(Input.QuestionnaireId.Value, Input.ContactId,
            Input.Name, Input.Organisation, Input.Sector, Input.HeldOn, Input.Channel, Input.QuoteConsent), User.InterviewActor());
        if (!started.IsOk)
        {
            foreach (var (field, messages) in started.Errors ?? new Dictionary<string, string[]>())
                foreach (var message in messages) ModelState.AddModelError(ModelStateExtensions.FormField("Input", field), message);
            if (started.Errors is null) ModelState.AddModelError("Input.QuestionnaireId", WebText.Format("IvGuideRequired"));
            await LoadAsync(Input.ContactId);
            return Page();
        }
        TempData["Status"] = WebText.Format("IvStarted");
        return RedirectToPage("Record", new { id = started.Value });
    }

    /// <summary>
    /// An interviewer sees only the contacts they search for by name or organisation (at least three
    /// letters, at most twenty results), never the whole list.
    /// </summary>
    private async Task LoadAsync(long? chosen)
    {
        GuideList = (await Guides.ListAsync(lifecycle)).Where(g => g.Open).ToList();
        var list = new List<Contact>();
        if (chosen is { } id && await contacts.GetAsync(id) is { } picked) list.Add(picked);
        if (!string.IsNullOrWhiteSpace(Search))
        {
            Searched = true;
            if (Search.Trim().Length < Core.Participants.Contacts.MinSearchLength)
                ModelState.AddModelError(nameof(Search), WebText.Format("IvSearchTooShort", Core.Participants.Contacts.MinSearchLength));
            else
                list.AddRange((await contacts.SearchAsync(Search, MaxResults)).Where(c => c.Id != chosen));
        }
        ContactList = list.Take(MaxResults).ToList();
    }
}
