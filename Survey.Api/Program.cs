using Survey.Core;

var builder = WebApplication.CreateBuilder(args).UseSiteDefaults();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddSurveyCore();

var app = builder.Build();
app.Services.MigrateSurveyDatabase();
app.UseSiteDefaults();

app.Run();
