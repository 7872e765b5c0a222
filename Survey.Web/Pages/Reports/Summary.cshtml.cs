using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Survey.Core.Data;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Responses;
using Survey.Web.Reports;

namespace Survey.Web.Pages.Reports;

/// <summary>The taskforce's summary on screen: the same numbers and the same hiding of small groups as the PDF and summary.json.</summary>
public sealed class SummaryModel(SummaryBuilder builder, SurveyDatabase database, DefinitionCache definitions, QuestionnaireLifecycle lifecycle, Survey.Web.Reports.SummaryReports reports) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? By { get; set; }
    [BindProperty(SupportsGet = true)] public string Mode { get; set; } = SummaryModes.Both;
    [BindProperty(SupportsGet = true)] public string? Sector { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Rows { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cols { get; set; }

    /// <summary>Whether shares and means show their 95 % intervals (on screen and in the PDF).</summary>
    [BindProperty(SupportsGet = true)] public bool Ci { get; set; }

    /// <summary>The cross-tabulation asked for, if any (errors are in ModelState under rows and cols).</summary>
    public CrossTabulation? Cross { get; private set; }

    /// <summary>What a cross-tabulation can put in its rows or columns.</summary>
    public List<(string Value, string Label)> CrossChoices { get; } = [];

    public QuestionnaireSummary? Result { get; private set; }
    public string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "da";
    public List<(string Value, string Label)> BreakdownChoices { get; } = [];

    /// <summary>The repeating groups, each with a file of its own rows (long format).</summary>
    public List<(string Name, string Label)> Groups { get; } = [];

    public string DownloadUrl(string format) =>
        $"/Reports/Summary/{RouteData.Values["id"]}?handler={format}&by={Uri.EscapeDataString(By ?? "")}&mode={Mode}&sector={Sector}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}"
        + $"&rows={Uri.EscapeDataString(Rows ?? "")}&cols={Uri.EscapeDataString(Cols ?? "")}&ci={(Ci ? "true" : "false")}";

    /// <summary>The cross-tabulation of Rows and Cols in the summary's scope, when both are chosen; what is wrong with them goes to ModelState.</summary>
    private async Task<CrossTabulation?> CrossAsync(SummaryRequest request)
    {
        if (string.IsNullOrEmpty(Rows) || string.IsNullOrEmpty(Cols)) return null;
        var outcome = await builder.CrossTabAsync(new CrossTabRequest(request, Rows, Cols));
        foreach (var (k, v) in outcome.Errors ?? new Dictionary<string, string[]>()) ModelState.AddModelError(k, v[0]);
        return outcome.Value;
    }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        By ??= ResponsesBy.Sector;
        if (!ReportsApi.TryRequest(id, By, Mode, Sector, From, To, Lang, out var request, out var errors))
        {
            foreach (var (k, v) in errors) ModelState.AddModelError(k, v[0]);
            request = request with { Mode = SummaryModes.Both };
            Mode = SummaryModes.Both;
        }
        Result = await builder.BuildAsync(request);
        if (Result is null) return NotFound();
        Cross = await CrossAsync(request);
        await LoadBreakdownsAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(long id)
    {
        if (!ReportsApi.TryRequest(id, By, Mode, Sector, From, To, Lang, out var request, out _)) return BadRequest();
        var pdf = await reports.PdfAsync(request, await CrossAsync(request), Ci);
        return pdf is null ? NotFound() : File(pdf, "application/pdf", $"summary-{id}.pdf");
    }

    public async Task<IActionResult> OnGetTableAsync(long id)
    {
        if (!ReportsApi.TryRequest(id, By, Mode, Sector, From, To, Lang, out var request, out _)) return BadRequest();
        var summary = await builder.BuildAsync(request);
        return summary is null ? NotFound() : File(SummaryCsv.Write(summary, danishExcel: true, await CrossAsync(request)), "text/csv", $"summary-{id}.csv");
    }

    public async Task<IActionResult> OnGetXlsxAsync(long id)
    {
        if (!ReportsApi.TryRequest(id, By, Mode, Sector, From, To, Lang, out var request, out _)) return BadRequest();
        var summary = await builder.BuildAsync(request);
        return summary is null ? NotFound() : File(SummaryXlsx.Write(summary, Lang, DateTime.UtcNow), ReportsApi.Xlsx, $"summary-{id}.xlsx");
    }

    public async Task<IActionResult> OnGetResponsesXlsxAsync(long id, [FromServices] RawData raw)
    {
        var xlsx = await raw.ResponsesXlsxAsync(id, ReportsApi.ViewFor(User), Lang);
        return xlsx is null ? NotFound() : File(xlsx, ReportsApi.Xlsx, $"responses-{id}.xlsx");
    }

    public async Task<IActionResult> OnGetQuotesAsync(long id)
    {
        if (!ReportsApi.TryRequest(id, By, Mode, Sector, From, To, Lang, out var request, out _)) return BadRequest();
        var summary = await builder.BuildAsync(request);
        return summary is null ? NotFound() : File(SummaryCsv.WriteQuotes(summary, danishExcel: true), "text/csv", $"quotes-{id}.csv");
    }

    /// <summary>responses.csv for Danish Excel, or with format=comma (commas, UTF-8) for the SPSS, R and Stata scripts.</summary>
    public async Task<IActionResult> OnGetCsvAsync(long id, string? format, [FromServices] RawData raw)
    {
        var csv = await raw.ResponsesCsvAsync(id, ReportsApi.ViewFor(User), danishExcel: format != "comma", Lang);
        return csv is null ? NotFound() : File(csv, "text/csv", $"responses-{id}.csv");
    }

    public async Task<IActionResult> OnGetGroupAsync(long id, string group, [FromServices] RawData raw)
    {
        var csv = await raw.GroupRowsCsvAsync(id, group, ReportsApi.ViewFor(User), danishExcel: true, Lang);
        return csv is null ? NotFound() : File(csv, "text/csv", $"responses-{id}-{group}.csv");
    }

    /// <summary>An SPSS, R or Stata script (kind sps, R or do) that reads this reader's responses.csv with its labels.</summary>
    public async Task<IActionResult> OnGetScriptAsync(long id, string kind, [FromServices] RawData raw)
    {
        var script = await ReportsApi.ScriptTextAsync(id, kind, Lang, raw, ReportsApi.ViewFor(User));
        return script is null ? NotFound() : File(System.Text.Encoding.UTF8.GetBytes(script), "text/plain; charset=utf-8", $"responses-{id}.{kind}");
    }

    public async Task<IActionResult> OnGetCodebookAsync(long id, [FromServices] RawData raw)
    {
        var csv = await raw.CodebookCsvAsync(id, ReportsApi.ViewFor(User), danishExcel: true, Lang);
        return csv is null ? NotFound() : File(csv, "text/csv", $"codebook-{id}.csv");
    }

    private async Task LoadBreakdownsAsync(long id)
    {
        BreakdownChoices.Add((ResponsesBy.Nobody, WebText.Format("RepByNone")));
        BreakdownChoices.Add((ResponsesBy.Sector, WebText.Format("ColSector")));
        CrossChoices.Add((ResponsesBy.Sector, WebText.Format("ColSector")));
        foreach (var name in await ResponseValues.BackgroundNamesAsync(database, definitions, id))
        {
            BreakdownChoices.Add((ResponsesBy.Background(name), name));
            CrossChoices.Add((ResponsesBy.Background(name), name));
        }
        var row = await lifecycle.GetAsync(id);
        var definition = row?.CurrentVersion is { } v ? await definitions.GetAsync(id, v) : null;
        foreach (var q in definition?.Questions.Where(q => ElementTypes.IsSingleChoice(q.Type)) ?? [])
            BreakdownChoices.Add((ResponsesBy.Question(q.Name!), WebText.Format("RepByAnswer", q.Label(Lang))));
        foreach (var q in definition?.Questions.Where(SummaryBuilder.Crossable) ?? [])
            CrossChoices.Add((ResponsesBy.Question(q.Name!), q.Label(Lang)));
        foreach (var q in definition?.Questions.Where(q => q.TemplateElements is not null) ?? []) Groups.Add((q.Name!, q.Label(Lang)));
    }
}
