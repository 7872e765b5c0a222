using System.Diagnostics;

namespace Survey.Tests.Sites;

/// <summary>A store the configuration names but the site cannot use stops the site at start with one clear line.</summary>
public class StoreConfigurationTests
{
    private static (int ExitCode, string Error) Start(string site, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, site + ".dll"), "--urls", "http://127.0.0.1:0", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{site} started although its store cannot be used: {string.Join(" ", args)}");
        }
        return (p.ExitCode, stderr.Result);
    }

    [TestCase("Survey.Api", "--Survey:Database=oracle", "Survey:Database is \"oracle\"")]
    [TestCase("Survey.Web", "--Survey:Database=postgresql", "PostgreSQL is not available yet")]
    [TestCase("Survey.Api", "--ConnectionStrings:Survey=Data Source=/tmp/x.db;Bogus=1", "not a SQLite path or connection string")]
    [TestCase("Survey.Web", "--ConnectionStrings:Survey=/proc/no-such-folder/survey.db", "cannot be opened")]
    public void The_site_stops_with_one_line_saying_why(string site, string setting, string says)
    {
        var (code, error) = Start(site, setting);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(lines, Has.Length.EqualTo(1), error);
            Assert.That(lines[0], Does.StartWith("Survey: ").And.Contain(says));
        });
    }
}
