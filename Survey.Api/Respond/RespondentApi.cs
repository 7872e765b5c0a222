using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Survey.Core;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;

namespace Survey.Api.Respond;

public sealed record RespondentQuestionnaire(string Key, string Title, int Version, string Locale, JsonObject Definition);

public sealed record RespondentState(RespondentQuestionnaire Questionnaire, string Status, JsonObject Answers);

public sealed record SaveAnswersRequest(JsonObject? Answers, string? Page);

public sealed record SubmitRequest(JsonObject? Answers);

public sealed record SubmitReceipt(long ResponseId, DateTime SubmittedAt);

/// <summary>The respondent JSON API of DESIGN.md: read the questionnaire and draft, save a draft, submit once.</summary>
public static class RespondentApi
{
    public static IEndpointRouteBuilder MapRespondentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/respond/{token}").WithTags("Respondent");

        api.MapGet("", GetAsync)
            .WithSummary("The questionnaire, its status and the saved draft for a personal link")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapPut("/answers", SaveAsync)
            .WithSummary("Saves a draft: any subset of the answers, each of the right shape")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);

        api.MapPost("/submit", SubmitAsync)
            .WithSummary("Submits the answers once; a second submit for the same link gets 409")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);

        return app;
    }

    private static async Task<Results<Ok<RespondentState>, ProblemHttpResult>> GetAsync(
        string token, HttpContext context, Respondents respondents, Submissions submissions, IStringLocalizer<RespondText> text)
    {
        var (result, found) = await respondents.FindAsync(context, token);
        if (result != Lookup.Found) return LookupProblem(result, text);
        var session = found!;
        var definition = await respondents.DefinitionAsync(session);
        await submissions.MarkOpenedAsync(session);
        var locale = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var status = session.ApiStatus(respondents.UtcNow);
        return TypedResults.Ok(new RespondentState(
            new RespondentQuestionnaire(session.PublicKey, definition.Title?.Get(locale) ?? "", session.Version, definition.Locale ?? "da", definition.ToJson()),
            status,
            // A submitted response is not shown again through the link: a forwarded e-mail must not reveal it.
            status == "submitted" ? new JsonObject() : session.Answers));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SaveAsync(
        string token, SaveAnswersRequest request, HttpContext context, Respondents respondents, Submissions submissions, IStringLocalizer<RespondText> text)
    {
        var (result, session) = await respondents.FindAsync(context, token);
        if (result != Lookup.Found) return LookupProblem(result, text);
        if (session!.IsSubmitted) return Problem(StatusCodes.Status409Conflict, text["ProblemSubmitted"]);
        if (!session.IsOpen(respondents.UtcNow)) return Problem(StatusCodes.Status410Gone, text["ProblemClosed"]);
        if (request.Answers is null) return Invalid(new Dictionary<string, string[]> { ["answers"] = [text["ProblemAnswersMissing"]] }, text);
        var definition = await respondents.DefinitionAsync(session);
        if (request.Page is not null && definition.Pages.All(p => p.Name != request.Page))
            return Invalid(new Dictionary<string, string[]> { ["page"] = [text["ProblemUnknownPage", request.Page]] }, text);
        var check = AnswerValidator.Validate(definition, request.Answers, AnswerScope.Draft);
        if (!check.IsValid) return Invalid(check.Errors, text);
        if (!await submissions.SaveDraftAsync(session.InvitationId, session.Version, check.Answers, request.Page))
            return Problem(StatusCodes.Status409Conflict, text["ProblemSubmitted"]);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<SubmitReceipt>, ProblemHttpResult>> SubmitAsync(
        string token, SubmitRequest request, HttpContext context, Respondents respondents, Submissions submissions, IStringLocalizer<RespondText> text)
    {
        var (result, session) = await respondents.FindAsync(context, token);
        if (result != Lookup.Found) return LookupProblem(result, text);
        if (request.Answers is null) return Invalid(new Dictionary<string, string[]> { ["answers"] = [text["ProblemAnswersMissing"]] }, text);
        var outcome = await submissions.SubmitAsync(session!, request.Answers);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Created((string?)null, new SubmitReceipt(outcome.Value!.ResponseId, outcome.Value.SubmittedAt)),
            OutcomeKind.Invalid => Invalid(outcome.Errors!, text),
            OutcomeKind.Conflict => Problem(StatusCodes.Status409Conflict, text["ProblemSubmitted"]),
            OutcomeKind.Gone => Problem(StatusCodes.Status410Gone, text["ProblemClosed"]),
            _ => LookupProblem(Lookup.Unknown, text),
        };
    }

    public static ProblemHttpResult LookupProblem(Lookup result, IStringLocalizer<RespondText> text) => result == Lookup.Blocked
        ? Problem(StatusCodes.Status429TooManyRequests, text["ProblemTooManyFailures"])
        : Problem(StatusCodes.Status404NotFound, text["ProblemUnknownLink"]);

    private static ProblemHttpResult Problem(int status, string title) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title });

    /// <summary>422 with the errors keyed by question name (or by the request field at fault).</summary>
    public static ProblemHttpResult Invalid(IEnumerable<KeyValuePair<string, string[]>> errors, IStringLocalizer<RespondText> text) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = text["ProblemValidation"],
        });
}
