namespace Survey.Web.Users;

public static class Roles
{
    public const string Admin = "admin";
    public const string Secretariat = "secretariat";
    public const string Interviewer = "interviewer";
    public const string Taskforce = "taskforce";

    public static readonly string[] All = [Admin, Secretariat, Interviewer, Taskforce];
}
