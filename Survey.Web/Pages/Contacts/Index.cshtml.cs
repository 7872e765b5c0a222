using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Data;
using Survey.Core.Participants;

namespace Survey.Web.Pages.Contacts;

public sealed class IndexModel(SurveyDatabase database) : PageModel
{
    public const int PageSize = 500;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sector { get; set; }

    public IReadOnlyList<Contact> Contacts { get; private set; } = [];
    public long Total { get; private set; }
    public string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public async Task OnGetAsync()
    {
        var like = "%" + (Q ?? "").Trim().ToLowerInvariant() + "%";
        await using var connection = await database.OpenAsync();
        Total = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM contacts");
        Contacts = (await connection.QueryAsync<Contact>($"""
            SELECT {Survey.Core.Participants.Contacts.Columns} FROM contacts
            WHERE (lower(name) LIKE @like OR lower(email) LIKE @like OR lower(organisation) LIKE @like)
              AND (@Sector IS NULL OR @Sector = '' OR sector = @Sector)
            ORDER BY name, id
            LIMIT {PageSize}
            """, new { like, Sector })).ToList();
    }
}
