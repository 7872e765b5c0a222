using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Survey.Api.Respond.Components;
using Survey.Core.Data;

namespace Survey.Api.Respond;

/// <summary>
/// When the store cannot take a leader's answers (the file gone, the disk full or read-only), the
/// leader gets a page in their language that says nothing was lost from their browser and to try
/// again, with 503, instead of a JSON 500. The JSON API keeps problem details (503, from UseSiteDefaults).
/// </summary>
public sealed class StoreFailurePage(IStringLocalizer<RespondText> L, ILogger<StoreFailurePage> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!StoreUnavailableException.Covers(exception) || context.Request.Path.StartsWithSegments("/api")) return false;
        logger.LogError(exception, "The store could not take a request to {Path}", context.Request.Path.Value?.Split('/').Take(2).Aggregate((a, b) => a + "/" + b));
        var frame = new PageFrame(PageFrame.CurrentLang, L["StoreDownHeading"], null, "/", false);
        var page = new RazorComponentResult<MessagePage>(new Dictionary<string, object?>
        {
            ["Model"] = new MessageModel(frame, L["StoreDownHeading"], L["StoreDownBody"]),
        })
        { StatusCode = StatusCodes.Status503ServiceUnavailable };
        context.Response.Headers.RetryAfter = "60";
        await page.ExecuteAsync(context);
        return true;
    }
}
