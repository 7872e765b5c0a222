using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Survey.Core;

/// <summary>
/// The project's own counters (meter "Survey"), beside ASP.NET Core's and the runtime's, served by
/// each site at /metrics in Prometheus's text format to the addresses in Survey:Metrics:AllowedAddresses
/// only (loopback unless configured; anyone else gets 404, as if there were nothing there).
/// </summary>
public static class SurveyMetrics
{
    public const string MeterName = "Survey";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Submits = Meter.CreateCounter<long>("survey.submits", "{response}", "Responses stored (acknowledged after their commit)");
    public static readonly Counter<long> Drafts = Meter.CreateCounter<long>("survey.drafts", "{draft}", "Drafts saved");
    public static readonly Counter<long> ValidationFailures = Meter.CreateCounter<long>("survey.validation_failures", "{submit}", "Submits refused for their answers");
    public static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>("survey.emails.sent", "{email}", "Invitations and reminders the SMTP server accepted");
    public static readonly Counter<long> EmailsFailed = Meter.CreateCounter<long>("survey.emails.failed", "{email}", "Invitations and reminders that could not be sent");

    private static Func<long> _queued = () => 0;
    private static long _valuesPending;

    static SurveyMetrics()
    {
        Meter.CreateObservableGauge("survey.writer.queue", () => _queued(), "{write}", "Submits, drafts and first views waiting for the writer");
        Meter.CreateObservableGauge("survey.summary_rows.pending", () => Interlocked.Read(ref _valuesPending), "{response}",
            "Stored responses whose summary rows are not written yet");
    }

    /// <summary>Where the writer's queue length is read from (the process's one Submissions).</summary>
    public static void ObserveQueue(Func<long> queued) => _queued = queued;

    public static void ValuesPending(long change) => Interlocked.Add(ref _valuesPending, change);

    public static void NoValuesPending() => Interlocked.Exchange(ref _valuesPending, 0);

    public static IServiceCollection AddSurveyMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(MeterName)
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>GET /metrics for the allowed addresses; for anyone else the request goes on and finds nothing (404).</summary>
    public static IApplicationBuilder UseSurveyMetrics(this IApplicationBuilder app, IConfiguration configuration)
    {
        var section = configuration.GetSection("Survey:Metrics:AllowedAddresses");
        var given = section.Get<string[]>() ?? (section.Value is { } list ? list.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries) : null);
        var allowed = (given ?? ["127.0.0.1", "::1"]).Select(a => IPAddress.TryParse(a, out var ip) ? ip
            : throw new InvalidOperationException($"Survey:Metrics:AllowedAddresses: '{a}' is not an IP address.")).ToHashSet();
        return app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == "/metrics" && context.Connection.RemoteIpAddress is { } from
            && (allowed.Contains(from) || (from.IsIPv4MappedToIPv6 && allowed.Contains(from.MapToIPv4()))));
    }
}
