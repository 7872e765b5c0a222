using Survey.Core;
using Survey.Web;
using Survey.Web.Access;
using Survey.Web.Demo;
using Survey.Web.Pages;
using Survey.Web.Participants;
using Survey.Web.Users;

// The largest body the back office takes is a contact file (ContactsApi.MaxImportBytes) in a form.
var builder = WebApplication.CreateBuilder(ServiceCollectionExtensions.SiteOptions(args)).UseSiteDefaults(maxRequestBytes: ContactsApi.MaxImportBytes + 1_048_576);
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddSurveyCore();
builder.Services.AddBackOfficeAccess(builder.Configuration);
builder.Services.AddBackOfficePages();
builder.Services.AddSingleton<UserAccounts>();
builder.Services.AddSingleton<DemoSeeder>();
builder.Services.AddSingleton<MessageTemplates>();
builder.Services.AddSingleton<InvitationMailer>();
builder.Services.AddSingleton<ScheduledMailings>();
builder.Services.AddSingleton<Survey.Web.Questionnaires.ScalePresets>();
// Scheduled invitations and reminders are sent by the back office itself, looked for every half minute.
builder.Services.AddHostedService<MailingScheduler>();
builder.Services.AddCheckedOptions<SmtpOptions>("Smtp", SmtpOptions.Check);
builder.Services.AddSingleton<InvitationSelection>();
builder.Services.AddCheckedOptions<Survey.Web.Reports.ReportOptions>(Survey.Web.Reports.ReportOptions.Section, Survey.Web.Reports.ReportOptions.Check);
builder.Services.AddSingleton<Survey.Web.Reports.SummaryReports>();

var app = builder.Build();
if (!app.Services.TryCheckSettings(Console.Error) || !app.Services.TryMigrateSurveyDatabase(Console.Error)) return 2;

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args, app.Services, Console.Out, Console.Error);
}

app.UseSiteDefaults();
// People get a page for a bare 404; scripts under /api keep problem details.
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), branch => branch.UseStatusCodePagesWithReExecute("/Status/{0}"));
// Routing after the status-code pages, so that a re-executed request finds the status page.
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

// The design system, styles and scripts are the same for everyone, the login page included.
app.MapStaticAssets().AllowAnonymous();
app.MapBackOfficePages();
app.MapAdminApi();

app.Run();
return 0;
