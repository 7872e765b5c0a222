using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Survey.Core;
using Survey.Core.Questionnaires;
using Survey.Web.Access;

namespace Survey.Web.Questionnaires;

public sealed record CreateQuestionnaireRequest(
    JsonObject? Definition, string? Mode, string? Anonymity, int? MinGroupSize, bool? OpenLink, DateTime? OpensAt, DateTime? ClosesAt);

/// <summary>A created questionnaire; warnings by JSON path name what was kept without effect or read under a newer name.</summary>
public sealed record CreatedId(long Id, IDictionary<string, string[]>? Warnings = null);

public sealed record PublishedVersion(long Version);

public static class QuestionnairesApi
{
    public static IEndpointRouteBuilder MapQuestionnairesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/questionnaires").WithTags("Questionnaires").RequireApiKey(Policies.Secretariat);

        api.MapPost("", CreateAsync)
            .WithSummary("Creates a questionnaire or interview guide from SurveyJS JSON; 422 lists every problem by JSON path")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/{id:long}/publish", PublishAsync)
            .WithSummary("Freezes the draft as the next version")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/{id:long}/close", CloseAsync)
            .WithSummary("Closes a published questionnaire for answers")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id:long}/definition", ExportAsync)
            .WithSummary("The current draft definition as SurveyJS JSON")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<CreatedId>, ProblemHttpResult>> CreateAsync(
        CreateQuestionnaireRequest request, QuestionnaireLifecycle lifecycle, ClaimsPrincipal user, Microsoft.Extensions.Options.IOptions<SurveyOptions> options)
    {
        if (request.Definition is null)
            return AdminApi.Invalid(new Dictionary<string, string[]> { ["definition"] = [WebText.Format("ApiDefinitionMissing")] });
        var settings = new QuestionnaireSettings(
            request.Mode ?? Modes.Survey,
            request.Anonymity ?? Anonymity.Confidential,
            request.MinGroupSize ?? options.Value.MinGroupSize,
            request.OpenLink ?? false,
            request.OpensAt?.ToUniversalTime(),
            request.ClosesAt?.ToUniversalTime());
        var created = await lifecycle.CreateAsync(request.Definition.ToJsonString(), settings, user.Actor());
        return created.IsOk
            ? TypedResults.Created($"/api/v1/admin/questionnaires/{created.Value}",
                new CreatedId(created.Value, DefinitionImport.Import(request.Definition.ToJsonString()).WarningsByPath()))
            : AdminApi.Problem(created);
    }

    private static async Task<Results<Ok<PublishedVersion>, ProblemHttpResult>> PublishAsync(long id, QuestionnaireLifecycle lifecycle, ClaimsPrincipal user)
    {
        var published = await lifecycle.PublishAsync(id, user.Actor());
        return published.IsOk ? TypedResults.Ok(new PublishedVersion(published.Value)) : AdminApi.Problem(published);
    }

    private static async Task<Results<Ok, ProblemHttpResult>> CloseAsync(long id, QuestionnaireLifecycle lifecycle, ClaimsPrincipal user)
    {
        var closed = await lifecycle.CloseAsync(id, user.Actor());
        return closed.IsOk ? TypedResults.Ok() : AdminApi.Problem(closed);
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ExportAsync(long id, QuestionnaireLifecycle lifecycle)
    {
        var row = await lifecycle.GetAsync(id);
        return row is null
            ? AdminApi.Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound"))
            : TypedResults.Ok(SurveyDefinition.Parse(row.DraftDefinition).ToJson());
    }
}
