using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Survey.Core;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Web.Access;

namespace Survey.Web.Participants;

public sealed record InviteRequest(long[]? ContactIds, bool? All);

public sealed record InvitationLink(long ContactId, string Token, string Url);

public static class InvitationsApi
{
    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/questionnaires/{id:long}/invitations").WithTags("Invitations").RequireApiKey(Policies.Secretariat);
        api.MapPost("", InviteAsync)
            .WithSummary("Invites the given contacts (or all) not yet invited; the only time their tokens are shown")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Created<List<InvitationLink>>, ProblemHttpResult>> InviteAsync(
        long id, InviteRequest request, Invitations invitations, SurveyDatabase database,
        IConfiguration configuration, ClaimsPrincipal user)
    {
        long[] contactIds;
        if (request.All == true)
        {
            await using var connection = await database.OpenAsync();
            contactIds = (await connection.QueryAsync<long>("SELECT id FROM contacts ORDER BY id")).ToArray();
        }
        else if (request.ContactIds is { Length: > 0 } ids)
        {
            contactIds = ids;
        }
        else
        {
            return AdminApi.Invalid(new Dictionary<string, string[]> { ["contactIds"] = [WebText.Format("ApiInviteWhom")] });
        }
        var created = await invitations.CreateAsync(id, contactIds, user.Actor());
        if (!created.IsOk) return AdminApi.Problem(created);
        var baseUrl = PublicBaseUrl(configuration);
        return TypedResults.Created((string?)null, created.Value!.Select(c => new InvitationLink(c.ContactId, c.Token, $"{baseUrl}/s/{c.Token}")).ToList());
    }

    public static string PublicBaseUrl(IConfiguration configuration) =>
        (configuration.GetSection(SurveyOptions.Section).Get<SurveyOptions>() ?? new SurveyOptions()).BaseUrl;
}
