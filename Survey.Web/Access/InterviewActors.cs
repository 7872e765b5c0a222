using System.Globalization;
using System.Security.Claims;
using Survey.Core.Interviews;
using Survey.Web.Users;

namespace Survey.Web.Access;

public static class InterviewActors
{
    /// <summary>The signed-in user as the interview rules see them: interviewers see their own records, the secretariat all.</summary>
    public static InterviewActor InterviewActor(this ClaimsPrincipal user) => new(
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture),
        user.Actor(),
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Secretariat));
}
