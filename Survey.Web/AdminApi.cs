using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Survey.Core;
using Survey.Web.Participants;
using Survey.Web.Questionnaires;
using Survey.Web.Reports;

namespace Survey.Web;

/// <summary>/api/v1/admin: the back office for scripts, with an API key per user (Authorization: Bearer).</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapQuestionnairesApi();
        app.MapContactsApi();
        app.MapInvitationsApi();
        app.MapReportsApi();
        return app;
    }

    /// <summary>Who is acting, for the audit log: the signed-in user's e-mail.</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    public static ProblemHttpResult Problem(int status, string title, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });

    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = WebText.Format("ApiInvalid"),
        });

    /// <summary>The problem for an outcome that was not Ok.</summary>
    public static ProblemHttpResult Problem<T>(Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.NotFound => Problem(StatusCodes.Status404NotFound, WebText.Format("ApiNotFound")),
        OutcomeKind.Invalid => Invalid(outcome.Errors!),
        OutcomeKind.Gone => Problem(StatusCodes.Status410Gone, outcome.Reason!),
        _ => Problem(StatusCodes.Status409Conflict, outcome.Reason ?? WebText.Format("ApiConflict")),
    };
}
