using Survey.Web.Users;

namespace Survey.Web.Access;

/// <summary>Who may do what in the back office. Every page folder and every admin API group names one of these.</summary>
public static class Policies
{
    /// <summary>Questionnaires, contacts, invitations: the secretariat's daily work.</summary>
    public const string Secretariat = "secretariat";
    /// <summary>Recording interviews.</summary>
    public const string Interviews = "interviews";
    /// <summary>Reading summaries and downloading them.</summary>
    public const string Reports = "reports";
    /// <summary>Users, the audit log and everything else.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [Secretariat] = [Users.Roles.Admin, Users.Roles.Secretariat],
        [Interviews] = [Users.Roles.Admin, Users.Roles.Secretariat, Users.Roles.Interviewer],
        [Reports] = [Users.Roles.Admin, Users.Roles.Secretariat, Users.Roles.Taskforce],
        [Admin] = [Users.Roles.Admin],
    };
}
