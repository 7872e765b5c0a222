using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Survey.Core;

/// <summary>
/// One line per request (category Survey.Requests): method, route template, status and duration.
/// The route's template is written, never the path, so that a leader's token, an open link's key
/// or an e-mail address in a query never reaches the log: /s/{token}, not /s/R4wc.... A request
/// no endpoint took is written as "(no route)". Plain or JSON lines by Logging:Console:FormatterName.
/// </summary>
public static class RequestLog
{
    public const string Category = "Survey.Requests";

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (context, next) =>
        {
            if (!logger.IsEnabled(LogLevel.Information))
            {
                await next();
                return;
            }
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next();
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } template ? "/" + template.TrimStart('/') : "(no route)";
                // The exception handler inside has set the status of a request that failed.
                Log(logger, context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    private static readonly Action<ILogger, string, string, int, double, Exception?> Written =
        LoggerMessage.Define<string, string, int, double>(LogLevel.Information, new EventId(1, "Request"),
            "{Method} {Route} {Status} {DurationMs:0.0} ms");

    private static void Log(ILogger logger, string method, string route, int status, double ms) => Written(logger, method, route, status, ms, null);
}
