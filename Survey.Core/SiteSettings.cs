using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Survey.Core;

/// <summary>The "Survey" section both sites read (README, "Configuration").</summary>
public sealed class SurveyOptions
{
    public const string Section = "Survey";

    /// <summary>The address leaders reach the public site at; the personal links in invitations start with it.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Unknown tokens one client address may try per minute before getting 429.</summary>
    public int FailedTokenLookupsPerMinute { get; set; } = 30;

    /// <summary>Visits to an open link one client address may make per minute.</summary>
    public int OpenLinksPerMinute { get; set; } = 120;

    /// <summary>The small-group minimum a new questionnaire starts with (each questionnaire may set its own, never below 3).</summary>
    public int MinGroupSize { get; set; } = Questionnaires.QuestionnaireSettings.DefaultMinGroupSize;

    /// <summary>The largest request body the site reads; null for the site's own default.</summary>
    public long? MaxRequestBytes { get; set; }

    public string BaseUrl => (PublicBaseUrl ?? "http://127.0.0.1:5080").TrimEnd('/');
}

/// <summary>
/// Settings read into options classes and checked before a site takes a request: a wrong value stops
/// it with one line per wrong setting naming the key, the value and what is allowed (exit code 2),
/// instead of a stack trace at the first request that reads it.
/// </summary>
public static partial class SiteSettings
{
    /// <summary>The line for a wrong setting.</summary>
    public static string Wrong(string key, object? value, string allowed) => $"{key} is \"{value}\": {allowed}";

    /// <summary>Reads the section into <typeparamref name="T"/>, checked by <paramref name="check"/> when the site starts.</summary>
    public static IServiceCollection AddCheckedOptions<T>(this IServiceCollection services, string section, Func<T, IEnumerable<string>> check) where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new Checked<T>(check));
        return services;
    }

    private sealed class Checked<T>(Func<T, IEnumerable<string>> check) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var wrong = check(options).ToList();
            return wrong.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(wrong);
        }
    }

    public static IEnumerable<string> Check(SurveyOptions o)
    {
        if (o.PublicBaseUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return Wrong("Survey:PublicBaseUrl", url, "an absolute http:// or https:// address, such as https://survey.example.dk");
        if (o.FailedTokenLookupsPerMinute is < 1 or > 1_000_000)
            yield return Wrong("Survey:FailedTokenLookupsPerMinute", o.FailedTokenLookupsPerMinute, "a whole number from 1 to 1000000");
        if (o.OpenLinksPerMinute is < 1 or > 1_000_000)
            yield return Wrong("Survey:OpenLinksPerMinute", o.OpenLinksPerMinute, "a whole number from 1 to 1000000");
        if (o.MinGroupSize < Questionnaires.QuestionnaireSettings.LowestMinGroupSize || o.MinGroupSize > 1000)
            yield return Wrong("Survey:MinGroupSize", o.MinGroupSize,
                $"a whole number from {Questionnaires.QuestionnaireSettings.LowestMinGroupSize} to 1000: the smallest group a report may show");
        if (o.MaxRequestBytes is < 1024 or > 1L << 30)
            yield return Wrong("Survey:MaxRequestBytes", o.MaxRequestBytes, "a number of bytes from 1024 to 1073741824");
    }

    /// <summary>The listening addresses (--urls, Urls): each http(s)://host:port with a port from 0 to 65535.</summary>
    public static IEnumerable<string> CheckUrls(string? urls)
    {
        if (string.IsNullOrWhiteSpace(urls)) yield break;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var m = ListenAddress().Match(url);
            if (!m.Success || (m.Groups["port"].Success && !(int.TryParse(m.Groups["port"].Value, out var port) && port <= 65535)))
                yield return Wrong("Urls", url, "addresses such as http://127.0.0.1:5080, separated by ';', each with a port from 0 to 65535");
        }
    }

    [GeneratedRegex(@"^https?://(\[[0-9a-fA-F:.]+\]|[^/:\[\]]+)(:(?<port>[^/]*))?/?$")]
    private static partial Regex ListenAddress();

    [GeneratedRegex(@"Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();

    /// <summary>
    /// Checks every setting read into an options class, and the listening addresses; writes each wrong
    /// one to <paramref name="error"/> in one line and returns false when there is any.
    /// </summary>
    public static bool TryCheckSettings(this IServiceProvider services, TextWriter error)
    {
        var wrong = CheckUrls(services.GetRequiredService<IConfiguration>()["urls"]).ToList();
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            var all = e is AggregateException many ? many.InnerExceptions : [e];
            foreach (var one in all)
            {
                if (one is OptionsValidationException invalid) wrong.AddRange(invalid.Failures);
                else if (ConversionFailure().Match(one.ToString()) is { Success: true } m)
                    wrong.Add(Wrong(m.Groups["key"].Value, m.Groups["value"].Value, m.Groups["type"].Value switch
                    {
                        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int64]" or "System.Nullable`1[System.Int32]" => "a whole number",
                        "System.Boolean" => "true or false",
                        var t => "a value of type " + t,
                    }));
                else throw;
            }
        }
        foreach (var line in wrong) error.WriteLine("Survey: " + line);
        return wrong.Count == 0;
    }
}
