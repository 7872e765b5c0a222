using Survey.Core;
using Survey.Web.Demo;
using Survey.Web.Users;

namespace Survey.Web;

/// <summary>
/// Commands for first start and automation, run with the site's own configuration instead of the server:
/// <c>create-user --email E --role R</c>, <c>create-api-key --email E</c>, <c>seed-demo [--responses N]</c>,
/// <c>backup --to FILE</c> (while the sites keep running), <c>disable-user --email E</c>, <c>enable-user --email E</c>,
/// <c>set-role --email E --role R</c>, <c>revoke-api-keys --email E</c>,
/// <c>migrate-store --to "Host=...;Database=...;Username=...;Password=..."</c> (the SQLite database into an empty PostgreSQL one).
/// Secrets are printed once, alone on the last line, so scripts can take them with tail -n 1.
/// </summary>
public static class CommandLine
{
    public static readonly string[] Commands = ["create-user", "create-api-key", "seed-demo", "backup", "disable-user", "enable-user", "set-role", "revoke-api-keys", "migrate-store"];

    /// <summary>Whether the arguments name a command; host options such as --contentRoot may come before it.</summary>
    public static bool IsCommand(string[] args) => CommandIndex(args) >= 0;

    private static int CommandIndex(string[] args) => Array.FindIndex(args, a => Commands.Contains(a));

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        var at = CommandIndex(args);
        var command = args[at];
        var options = ParseOptions(args.Skip(at + 1).ToArray());
        if (options is null)
        {
            await error.WriteLineAsync(WebText.Format("CliUsage"));
            return 2;
        }
        const string actor = "command-line";
        switch (command)
        {
            case "create-user":
            {
                if (!options.TryGetValue("email", out var email) || !options.TryGetValue("role", out var role))
                    return await Usage(error);
                var result = await services.GetRequiredService<UserAccounts>().CreateAsync(email, role, actor);
                if (!result.IsOk) return await Fail(error, result);
                await output.WriteLineAsync(WebText.Format("CliUserCreated", email, role));
                await output.WriteLineAsync(result.Value);
                return 0;
            }
            case "create-api-key":
            {
                if (!options.TryGetValue("email", out var email)) return await Usage(error);
                var result = await services.GetRequiredService<UserAccounts>().CreateApiKeyAsync(email, actor);
                if (result.Kind == OutcomeKind.NotFound)
                {
                    await error.WriteLineAsync(WebText.Format("CliUserNotFound", email));
                    return 1;
                }
                await output.WriteLineAsync(WebText.Format("CliApiKeyCreated", email));
                await output.WriteLineAsync(result.Value);
                return 0;
            }
            case "seed-demo":
            {
                var responses = 0;
                if (options.TryGetValue("responses", out var n) && (!int.TryParse(n, out responses) || responses < 0 || responses > 1_000_000))
                    return await Usage(error);
                var result = await services.GetRequiredService<DemoSeeder>().SeedAsync(responses);
                await output.WriteLineAsync(WebText.Format("CliDemoSeeded", result.QuestionnaireId, result.InterviewGuideId, result.ContactsAdded, result.ResponsesAdded, result.InterviewsAdded));
                return 0;
            }
            case "backup":
            {
                if (!options.TryGetValue("to", out var target)) return await Usage(error);
                var result = await Core.Data.Backup.ToFileAsync(services.GetRequiredService<Core.Data.SurveyDatabase>(), target);
                if (!result.IsOk) return await Fail(error, result);
                await output.WriteLineAsync(WebText.Format("CliBackupDone", result.Value!.Path, result.Value.Bytes));
                return 0;
            }
            case "migrate-store":
            {
                if (!options.TryGetValue("to", out var target)) return await Usage(error);
                var result = await Core.Data.StoreMove.ToPostgresAsync(services.GetRequiredService<Core.Data.SurveyDatabase>(), target,
                    table => output.WriteLine(WebText.Format("CliTableMoved", table.Table, table.Rows, table.Checksum)));
                if (!result.IsOk) return await Fail(error, result);
                await output.WriteLineAsync(WebText.Format("CliStoreMoved", result.Value!.Count, result.Value.Sum(t => t.Rows)));
                return 0;
            }
            case "disable-user" or "enable-user" or "set-role" or "revoke-api-keys":
            {
                if (!options.TryGetValue("email", out var email)) return await Usage(error);
                var accounts = services.GetRequiredService<UserAccounts>();
                var user = await accounts.FindAsync(email);
                if (user is null)
                {
                    await error.WriteLineAsync(WebText.Format("CliUserNotFound", email));
                    return 1;
                }
                if (command == "revoke-api-keys")
                {
                    var revoked = await accounts.RevokeAllApiKeysAsync(user.Id, actor);
                    await output.WriteLineAsync(WebText.Format("UserKeysRevoked", revoked.Value));
                    return 0;
                }
                string? role = null;
                if (command == "set-role" && !options.TryGetValue("role", out role)) return await Usage(error);
                var changed = command switch
                {
                    "set-role" => await accounts.SetRoleAsync(user.Id, role!, actor),
                    _ => await accounts.SetDisabledAsync(user.Id, command == "disable-user", actor),
                };
                if (!changed.IsOk) return await Fail(error, changed);
                await output.WriteLineAsync(command switch
                {
                    "set-role" => WebText.Format("UserRoleChanged", user.Email),
                    "disable-user" => WebText.Format("UserDisabledStatus", user.Email),
                    _ => WebText.Format("UserEnabledStatus", user.Email),
                });
                return 0;
            }
            default:
                return await Usage(error);
        }
    }

    private static async Task<int> Usage(TextWriter error)
    {
        await error.WriteLineAsync(WebText.Format("CliUsage"));
        return 2;
    }

    private static async Task<int> Fail<T>(TextWriter error, Outcome<T> outcome)
    {
        var message = outcome.Reason ?? string.Join(Environment.NewLine, outcome.Errors?.SelectMany(e => e.Value) ?? []);
        await error.WriteLineAsync(message);
        return 1;
    }

    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return null;
            var name = args[i][2..];
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                options[name[..eq]] = name[(eq + 1)..];
                continue;
            }
            if (i + 1 >= args.Length) return null;
            options[name] = args[++i];
        }
        return options;
    }
}
