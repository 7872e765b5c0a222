using System.Diagnostics;
using Dapper;
using Survey.Web.Users;

namespace Survey.Tests.Sites;

/// <summary>The back office's command line, run as a real process the way an operator or a script runs it.</summary>
public class CommandLineTests
{
    private TestDatabase _db = null!;

    [SetUp]
    public void SetUp() => _db = new TestDatabase(migrate: false);

    [TearDown]
    public void TearDown() => _db.Dispose();

    private (int ExitCode, string[] Lines, string Error) Run(params string[] args) => RunWith(null, [.. args, .. _db.Arguments]);

    internal static (int ExitCode, string[] Lines, string Error) RunWith(Dictionary<string, string>? env, string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Survey.Web.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var (k, v) in env ?? []) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            // A command that starts the web server instead of running never ends.
            p.Kill(entireProcessTree: true);
            Assert.Fail("the command did not finish: " + string.Join(" ", args));
        }
        return (p.ExitCode, stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.Result);
    }

    [Test]
    public async Task Create_user_prints_a_working_password_once_on_the_last_line()
    {
        var (code, lines, error) = Run("create-user", "--email", "sekretariat@example.dk", "--role", "secretariat");
        Assert.That(code, Is.Zero, error);
        var password = lines[^1].Trim();
        var user = await new UserAccounts(_db.Database).FindAsync("sekretariat@example.dk");
        Assert.Multiple(() =>
        {
            Assert.That(password, Has.Length.GreaterThanOrEqualTo(16));
            Assert.That(user!.Role, Is.EqualTo(Roles.Secretariat));
            Assert.That(UserAccounts.VerifyPassword(user, password), Is.True);
            Assert.That(UserAccounts.VerifyPassword(user, password + "x"), Is.False);
            Assert.That(user.PasswordHash, Does.Not.Contain(password));
        });
    }

    [Test]
    public void Create_user_refuses_an_unknown_role_and_a_second_user_with_the_same_email()
    {
        var badRole = Run("create-user", "--email", "a@example.dk", "--role", "owner");
        Run("create-user", "--email", "a@example.dk", "--role", "admin");
        var twice = Run("create-user", "--email", "A@example.dk", "--role", "admin");
        Assert.Multiple(() =>
        {
            Assert.That(badRole.ExitCode, Is.Not.Zero);
            Assert.That(badRole.Error, Does.Contain("admin, secretariat, interviewer, taskforce"));
            Assert.That(twice.ExitCode, Is.Not.Zero);
        });
    }

    [Test]
    public async Task Create_api_key_prints_the_key_alone_on_the_last_line_and_only_its_hash_is_stored()
    {
        Run("create-user", "--email", "script@example.dk", "--role", "admin");
        var (code, lines, error) = Run("create-api-key", "--email", "script@example.dk");
        Assert.That(code, Is.Zero, error);
        var key = lines[^1].Trim();
        var owner = await new UserAccounts(_db.Database).FindByApiKeyAsync(key);
        await using var c = await _db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(key, Does.StartWith("svk_"));
            Assert.That(owner!.Email, Is.EqualTo("script@example.dk"));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM api_keys WHERE key_hash LIKE '%' || @key || '%'", new { key }), Is.Zero);
        });
    }

    [Test]
    public void Create_api_key_for_an_unknown_user_fails()
    {
        Assert.That(Run("create-api-key", "--email", "nobody@example.dk").ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void Wrong_arguments_print_the_usage()
    {
        var (code, _, error) = Run("seed-demo", "--responses", "many");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("seed-demo"));
        });
    }

    [Test]
    public async Task Commands_read_the_database_path_from_the_environment_like_the_site()
    {
        var (code, _, error) = RunWith(new() { ["Survey__Database"] = _db.Store, ["ConnectionStrings__Survey"] = _db.ConnectionString }, ["create-user", "--email", "env@example.dk", "--role", "taskforce"]);
        Assert.That(code, Is.Zero, error);
        Assert.That(await new UserAccounts(_db.Database).FindAsync("env@example.dk"), Is.Not.Null);
    }

    [Test]
    public void Seed_demo_loads_the_demo_and_adds_responses()
    {
        var (code, lines, error) = Run("seed-demo", "--responses", "12");
        using var c = _db.Database.Open();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses WHERE mode = 'web'"), Is.EqualTo(12));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM interviews WHERE status = 'completed'"), Is.EqualTo(15));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM questionnaires WHERE status = 'published'"), Is.EqualTo(2));
            Assert.That(lines[^1], Does.Contain("15 nye interview"));
        });
    }

    [Test]
    public void Host_options_may_come_before_the_command_as_start_sh_passes_them()
    {
        var (code, lines, error) = RunWith(null, ["--contentRoot", Path.GetTempPath(), .. _db.Arguments, "seed-demo", "--responses", "2"]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(lines[^1], Does.Contain("2"));
        });
    }

    [Test]
    public void Backup_writes_a_checked_copy_and_explains_a_missing_target()
    {
        Run("create-user", "--email", "a@example.dk", "--role", "admin");
        var target = Path.Combine(_db.Folder, "backup.db");
        var (code, lines, error) = Run("backup", "--to", target);
        var missing = Run("backup");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(lines.Last(), Does.Contain(target));
            if (TestDatabase.OnPostgres)
            {
                // pg_dump's custom format (BackupTests restores one); its first bytes say so.
                Assert.That(File.ReadAllBytes(target)[..5], Is.EqualTo("PGDMP"u8.ToArray()));
            }
            else
            {
                using var copy = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
                copy.Open();
                Assert.That(copy.ExecuteScalar<string>("SELECT email FROM users"), Is.EqualTo("a@example.dk"));
            }
            Assert.That(missing.ExitCode, Is.EqualTo(2));
            Assert.That(missing.Error, Does.Contain("backup --to"));
        });
    }
}
