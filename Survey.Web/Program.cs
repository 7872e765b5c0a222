using Survey.Core;
using Survey.Web;
using Survey.Web.Demo;
using Survey.Web.Users;

var builder = WebApplication.CreateBuilder(args).UseSiteDefaults();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddSurveyCore();
builder.Services.AddSingleton<UserAccounts>();
builder.Services.AddSingleton<DemoSeeder>();

var app = builder.Build();
app.Services.MigrateSurveyDatabase();

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args, app.Services, Console.Out, Console.Error);
}

app.UseSiteDefaults();

app.Run();
return 0;
