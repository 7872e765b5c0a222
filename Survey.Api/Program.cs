using Survey.Api.Respond;
using Survey.Core;

var builder = WebApplication.CreateBuilder(args).UseSiteDefaults();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddRazorComponents();
builder.Services.AddSurveyCore();
builder.Services.AddSingleton<TokenGuard>();
builder.Services.AddSingleton<Respondents>();

var app = builder.Build();
app.Services.MigrateSurveyDatabase();
app.UseSiteDefaults();
app.UseStaticFiles();

app.MapRespondentPages();
app.MapRespondentApi();

app.Run();
