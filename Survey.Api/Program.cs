using Survey.Api.Respond;
using Survey.Core;

// A response is a few kilobytes; anything far larger is refused before it is read (413).
var builder = WebApplication.CreateBuilder(args).UseSiteDefaults(maxRequestBytes: 1_048_576);
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
