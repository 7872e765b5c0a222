using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Data;

namespace Survey.Web.Pages.Admin;

/// <summary>The audit log, newest first, filtered by person and date (Danish dates).</summary>
public sealed class AuditModel(SurveyDatabase database) : PageModel
{
    public sealed class Entry
    {
        public DateTime At { get; init; }
        public string Actor { get; init; } = "";
        public string Action { get; init; } = "";
        public string Entity { get; init; } = "";
        public string? EntityId { get; init; }
        public string? Before { get; init; }
        public string? After { get; init; }
    }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public IReadOnlyList<Entry> Entries { get; private set; } = [];

    public async Task OnGetAsync()
    {
        DateTime? Utc(DateOnly? d) => d is { } day ? Survey.Core.Times.FromCopenhagen(day) : null;
        await using var connection = await database.OpenAsync();
        Entries = (await connection.QueryAsync<Entry>("""
            SELECT at AS At, actor AS Actor, action AS Action, entity AS Entity, entity_id AS EntityId,
                   before_json AS Before, after_json AS After
            FROM audit_log
            WHERE (@Actor IS NULL OR @Actor = '' OR lower(actor) LIKE '%' || lower(@Actor) || '%')
              AND (@FromUtc IS NULL OR at >= @FromUtc)
              AND (@ToUtc IS NULL OR at < @ToUtc)
            ORDER BY id DESC
            LIMIT 1000
            """, new { Actor, FromUtc = Utc(From), ToUtc = Utc(To?.AddDays(1)) })).ToList();
    }
}
