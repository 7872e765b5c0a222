using Survey.Api.Respond;
using Survey.Core;
using Survey.Core.Responses;

// A response is a few kilobytes; anything far larger is refused before it is read (413).
var builder = WebApplication.CreateBuilder(ServiceCollectionExtensions.SiteOptions(args)).UseSiteDefaults(maxRequestBytes: 1_048_576);
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddRazorComponents();
builder.Services.AddSurveyCore();
builder.Services.AddCheckedOptions<PublicSiteOptions>(PublicSiteOptions.Section, PublicSiteOptions.Check);
builder.Services.AddSingleton<TokenGuard>();
builder.Services.AddSingleton<Respondents>();
builder.Services.AddExceptionHandler<StoreFailurePage>();

var app = builder.Build();
if (!app.Services.TryCheckSettings(Console.Error) || !app.Services.TryMigrateSurveyDatabase(Console.Error)) return 2;
// The submissions writer starts with the site, so rows a stopped site left pending are written now, not at the next submit.
app.Services.GetRequiredService<Submissions>();
app.UseSiteDefaults();

app.MapStaticAssets();
app.MapRespondentPages();
app.MapRespondentApi();

app.Run();
return 0;
