using System.Diagnostics;

namespace Survey.Tests.Sites;

/// <summary>A store the configuration names but the site cannot use stops the site at start with one clear line.</summary>
public class StoreConfigurationTests
{
    internal static (int ExitCode, string Error) Start(string site, params string[] args)
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
    [TestCase("Survey.Web", "--Survey:Database=postgresql", "not a PostgreSQL connection string (Host=")]
    [TestCase("Survey.Api", "--Survey:Database=postgresql --ConnectionStrings:Survey=Host=127.0.0.1;Bogus=1", "not a PostgreSQL connection string")]
    [TestCase("Survey.Web", "--Survey:Database=postgresql --ConnectionStrings:Survey=Database=survey", "names no Host")]
    [TestCase("Survey.Api", "--Survey:Database=postgresql --ConnectionStrings:Survey=Host=127.0.0.1;Port=1;Database=survey;Username=survey;Timeout=3",
        "cannot be opened")]
    [TestCase("Survey.Api", "--ConnectionStrings:Survey=Data Source=/tmp/x.db;Bogus=1", "not a SQLite path or connection string")]
    [TestCase("Survey.Web", "--ConnectionStrings:Survey=/proc/no-such-folder/survey.db", "cannot be opened")]
    public void The_site_stops_with_one_line_saying_why(string site, string setting, string says)
    {
        var (code, error) = Start(site, setting.Split(" --").Select((s, i) => i == 0 ? s : "--" + s).ToArray());
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(lines, Has.Length.EqualTo(1), error);
            Assert.That(lines[0], Does.StartWith("Survey: ").And.Contain(says));
        });
    }

    [Test]
    public void A_postgresql_server_without_the_database_or_with_a_wrong_password_stops_the_site_with_one_line()
    {
        TestDatabase.RequirePostgres("a real server to refuse");
        var server = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = "no_such_database" };
        var (code, error) = Start("Survey.Api", "--Survey:Database=postgresql", $"--ConnectionStrings:Survey={server.ConnectionString}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(lines, Has.Length.EqualTo(1), error);
            Assert.That(lines[0], Does.StartWith("Survey: ").And.Contain("cannot be opened").And.Contain("no_such_database"));
        });
    }
}
