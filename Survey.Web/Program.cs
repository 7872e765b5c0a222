using Survey.Core;
using Survey.Web;
using Survey.Web.Access;
using Survey.Web.Demo;
using Survey.Web.Pages;
using Survey.Web.Users;

var builder = WebApplication.CreateBuilder(args).UseSiteDefaults();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddSurveyCore();
builder.Services.AddBackOfficeAccess(builder.Configuration);
builder.Services.AddBackOfficePages();
builder.Services.AddSingleton<UserAccounts>();
builder.Services.AddSingleton<DemoSeeder>();

var app = builder.Build();
app.Services.MigrateSurveyDatabase();

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args, app.Services, Console.Out, Console.Error);
}

app.UseSiteDefaults();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();

app.MapBackOfficePages();
app.MapAdminApi();

app.Run();
return 0;
