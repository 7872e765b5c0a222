using Microsoft.AspNetCore.Http.HttpResults;
using Survey.Core.Reports;
using Survey.Core.Reports.Pdf;
using Survey.Web.Access;

namespace Survey.Web.Reports;

public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/questionnaires/{id:long}").WithTags("Reports").RequireApiKey(Policies.Reports);
        api.MapGet("/summary.json", SummaryAsync)
            .WithSummary("The summary's numbers, broken down by a background variable or a single-choice question; small groups hidden")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/crosstab.json", CrossTabAsync)
            .WithSummary("Two things against each other (rows and cols, each sector, background:NAME or question:NAME of a single-choice, yes/no or rating question): counts with row and column percentages, the chi-square test of independence with its degrees of freedom and p-value, and Cramér's V; a row or column below the minimum group hidden, and a second one with it where one alone would follow from the margins. The same mode, sector, from, to and lang as summary.json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/summary.pdf", PdfAsync)
            .WithSummary("The summary as PDF (A4, Danish or English with lang=en), with the same numbers and hidden groups as summary.json; rows and cols append that cross-tabulation, ci=true shows the 95 % intervals")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/summary.csv", SummaryCsvAsync)
            .WithSummary("The summary's numbers as CSV: one row per question, answer and group, with the share's 95 % interval; hidden groups as –; rows and cols append that cross-tabulation")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/summary.xlsx", SummaryXlsxAsync)
            .WithSummary("The summary as an Excel workbook: a cover sheet with the scope, the groups and the footnotes, then a sheet per question with counts and percents by group as numbers; hidden groups as –")
            .Produces(StatusCodes.Status200OK, contentType: Xlsx)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/responses.xlsx", ResponsesXlsxAsync)
            .WithSummary("responses.csv as an Excel workbook (numbers as numbers) with the codebook as a second sheet; the same rules for each role as responses.csv")
            .Produces(StatusCodes.Status200OK, contentType: Xlsx)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/quotes.csv", QuotesCsvAsync)
            .WithSummary("The interview quotes that may be used (consent given, interview completed), by theme and sector; quotes from a sector with fewer interviews than the minimum group are left out")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/responses.csv", ResponsesAsync)
            .WithSummary("One row per submitted response (semicolons and a BOM for Danish Excel unless format=comma). Admins and the secretariat get every cell (contact fields only for admins, never for anonymous questionnaires); the taskforce gets a protected file: times to the day, free text only where the summaries show it, and no combination of sector, background variables and mode held by fewer than the minimum group")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/responses/{question}.csv", GroupRowsAsync)
            .WithSummary("A repeating group's rows in long format: one line per row of every response, with the response's reference (the taskforce: its row number in responses.csv), the row's number and the row's questions; the same rules as responses.csv")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var (extension, package) in new[] { ("sps", "SPSS (and GNU PSPP)"), ("R", "R"), ("do", "Stata") })
            api.MapGet($"/responses.{extension}", (long id, string? lang, RawData raw, System.Security.Claims.ClaimsPrincipal user) =>
                    ScriptAsync(id, extension, lang, raw, user))
                .WithSummary($"A {package} script that reads responses.csv (downloaded with format=comma as responses-{{id}}.csv) with its variable labels, value labels and measurement levels; written for the file the caller gets")
                .Produces(StatusCodes.Status200OK, contentType: "text/plain")
                .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/codebook.csv", CodebookAsync)
            .WithSummary("The codebook of responses.csv: which file the caller gets, question texts and value labels")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SummaryCsvAsync(
        long id, string? by, string? mode, string? sector, DateOnly? from, DateOnly? to, string? lang, string? format, string? rows, string? cols,
        SummaryBuilder builder)
    {
        if (!TryRequest(id, by, mode, sector, from, to, lang, out var request, out var errors)) return AdminApi.Invalid(errors);
        var summary = await builder.BuildAsync(request);
        if (summary is null) return AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound"));
        var cross = await OptionalCrossTabAsync(builder, request, rows, cols);
        return cross.Errors is { } invalid ? AdminApi.Invalid(invalid)
            : TypedResults.File(SummaryCsv.Write(summary, format != "comma", cross.Value), "text/csv", $"summary-{id}.csv");
    }

    /// <summary>The cross-tabulation a PDF or CSV appends when rows and cols are given (none when neither is).</summary>
    private static async Task<Survey.Core.Outcome<CrossTabulation?>> OptionalCrossTabAsync(SummaryBuilder builder, SummaryRequest request, string? rows, string? cols)
    {
        if (string.IsNullOrEmpty(rows) && string.IsNullOrEmpty(cols)) return Survey.Core.Outcome<CrossTabulation?>.Ok(null);
        var outcome = await builder.CrossTabAsync(new CrossTabRequest(request, rows, cols));
        return outcome.IsOk ? Survey.Core.Outcome<CrossTabulation?>.Ok(outcome.Value) : Survey.Core.Outcome<CrossTabulation?>.Invalid(outcome.Errors!);
    }

    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SummaryXlsxAsync(
        long id, string? by, string? mode, string? sector, DateOnly? from, DateOnly? to, string? lang, SummaryBuilder builder, TimeProvider time)
    {
        if (!TryRequest(id, by, mode, sector, from, to, lang, out var request, out var errors)) return AdminApi.Invalid(errors);
        var summary = await builder.BuildAsync(request);
        return summary is null ? AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound"))
            : TypedResults.File(SummaryXlsx.Write(summary, request.Lang, time.GetUtcNow().UtcDateTime), Xlsx, $"summary-{id}.xlsx");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ResponsesXlsxAsync(
        long id, string? lang, RawData raw, System.Security.Claims.ClaimsPrincipal user)
    {
        var xlsx = await raw.ResponsesXlsxAsync(id, ViewFor(user), lang == "en" ? "en" : "da");
        return xlsx is null ? AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound")) : TypedResults.File(xlsx, Xlsx, $"responses-{id}.xlsx");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> QuotesCsvAsync(
        long id, string? mode, string? sector, string? lang, string? format, SummaryBuilder builder)
    {
        if (!TryRequest(id, ResponsesBy.Nobody, mode, sector, null, null, lang, out var request, out var errors)) return AdminApi.Invalid(errors);
        var summary = await builder.BuildAsync(request);
        return summary is null ? AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound"))
            : TypedResults.File(SummaryCsv.WriteQuotes(summary, format != "comma"), "text/csv", $"quotes-{id}.csv");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ResponsesAsync(
        long id, string? format, string? lang, RawData raw, System.Security.Claims.ClaimsPrincipal user)
    {
        var csv = await raw.ResponsesCsvAsync(id, ViewFor(user), format != "comma", lang == "en" ? "en" : "da");
        return csv is null ? AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound")) : TypedResults.File(csv, "text/csv", $"responses-{id}.csv");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GroupRowsAsync(
        long id, string question, string? format, string? lang, RawData raw, System.Security.Claims.ClaimsPrincipal user)
    {
        var csv = await raw.GroupRowsCsvAsync(id, question, ViewFor(user), format != "comma", lang == "en" ? "en" : "da");
        return csv is null ? AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound")) : TypedResults.File(csv, "text/csv", $"responses-{id}-{question}.csv");
    }

    /// <summary>The script for a statistics package (sps, R or do) that reads the caller's responses.csv.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ScriptAsync(long id, string extension, string? lang, RawData raw,
        System.Security.Claims.ClaimsPrincipal user)
    {
        var script = await ScriptTextAsync(id, extension, lang == "en" ? "en" : "da", raw, ViewFor(user));
        return script is null ? AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound"))
            : TypedResults.File(System.Text.Encoding.UTF8.GetBytes(script), "text/plain; charset=utf-8", $"responses-{id}.{extension}");
    }

    public static async Task<string?> ScriptTextAsync(long id, string extension, string lang, RawData raw, RawDataView view)
    {
        if (await raw.ScriptColumnsAsync(id, view, lang) is not var (title, columns)) return null;
        var csv = $"responses-{id}.csv";
        return extension switch
        {
            "sps" => StatisticsScripts.Spss(title, csv, columns),
            "R" => StatisticsScripts.R(title, csv, columns),
            "do" => StatisticsScripts.Stata(title, csv, columns),
            _ => null,
        };
    }

    /// <summary>Admins and the secretariat get the full raw data (admins with contact fields), the taskforce the protected file.</summary>
    public static RawDataView ViewFor(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Survey.Web.Users.Roles.Admin) ? RawDataView.FullWithContacts
        : user.IsInRole(Survey.Web.Users.Roles.Secretariat) ? RawDataView.Full
        : RawDataView.Protected;

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CodebookAsync(long id, string? format, string? lang, RawData raw,
        System.Security.Claims.ClaimsPrincipal user)
    {
        var csv = await raw.CodebookCsvAsync(id, ViewFor(user), format != "comma", lang == "en" ? "en" : "da");
        return csv is null ? AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound")) : TypedResults.File(csv, "text/csv", $"codebook-{id}.csv");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(
        long id, string? by, string? mode, string? sector, DateOnly? from, DateOnly? to, string? lang, string? rows, string? cols, bool? ci,
        SummaryBuilder builder, SummaryReports reports)
    {
        if (!TryRequest(id, by, mode, sector, from, to, lang, out var request, out var errors)) return AdminApi.Invalid(errors);
        var cross = await OptionalCrossTabAsync(builder, request, rows, cols);
        if (cross.Errors is { } invalid) return AdminApi.Invalid(invalid);
        var pdf = await reports.PdfAsync(request, cross.Value, ci == true);
        return pdf is null ? AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound")) : TypedResults.File(pdf, "application/pdf", $"summary-{id}.pdf");
    }

    public static bool TryRequest(long id, string? by, string? mode, string? sector, DateOnly? from, DateOnly? to, string? lang,
        out SummaryRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        mode ??= SummaryModes.Both;
        if (!SummaryModes.All.Contains(mode)) errors["mode"] = [WebText.Format("RepModeInvalid", string.Join(", ", SummaryModes.All))];
        if (from is not null && to is not null && to < from) errors["to"] = [WebText.Format("RepPeriodInvalid")];
        if (Breakdown.Parse(by) is null) errors["by"] = [WebText.Format("RepByInvalid")];
        DateTime? Utc(DateOnly? d) => d is { } day ? Survey.Core.Times.FromCopenhagen(day) : null;
        request = new SummaryRequest(id, string.IsNullOrWhiteSpace(by) ? ResponsesBy.Sector : by, mode,
            string.IsNullOrWhiteSpace(sector) ? null : sector, Utc(from), Utc(to?.AddDays(1)), lang == "en" ? "en" : "da");
        return errors.Count == 0;
    }

    private static async Task<Results<Ok<CrossTabulation>, ProblemHttpResult>> CrossTabAsync(
        long id, string? rows, string? cols, string? mode, string? sector, DateOnly? from, DateOnly? to, string? lang, SummaryBuilder builder)
    {
        if (!TryRequest(id, ResponsesBy.Nobody, mode, sector, from, to, lang, out var request, out var errors)) return AdminApi.Invalid(errors);
        var outcome = await builder.CrossTabAsync(new CrossTabRequest(request, rows, cols));
        return outcome.Kind switch
        {
            Survey.Core.OutcomeKind.Ok => TypedResults.Ok(outcome.Value!),
            Survey.Core.OutcomeKind.NotFound => AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound")),
            _ => AdminApi.Invalid(outcome.Errors!),
        };
    }

    private static async Task<Results<Ok<QuestionnaireSummary>, ProblemHttpResult>> SummaryAsync(
        long id, string? by, string? mode, string? sector, DateOnly? from, DateOnly? to, string? lang, SummaryBuilder builder)
    {
        if (!TryRequest(id, by, mode, sector, from, to, lang, out var request, out var errors)) return AdminApi.Invalid(errors);
        var summary = await builder.BuildAsync(request);
        return summary is null ? AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound")) : TypedResults.Ok(summary);
    }
}
