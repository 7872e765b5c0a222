using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Survey.Core.Participants;
using Survey.Core.Reports;
using Survey.Tests.BackOffice;
using Survey.Web.Users;

namespace Survey.Tests.Reports;

/// <summary>
/// The SPSS, R and Stata scripts beside responses.csv, read by the programs themselves where they
/// can be had here: R (Debian's r-base-core) and GNU PSPP for the SPSS syntax; the Stata do-file is
/// checked against the syntax Stata documents for the commands it uses.
/// </summary>
public class StatisticsScriptsTests
{
    private const string Definition = """
        { "title": "Scripts \"citeret\" æøå", "pages": [ { "name": "p1", "elements": [
          { "type": "radiogroup", "name": "path", "title": "Vej \"videre\"", "choices": [ { "value": "a", "text": "Første vej" }, { "value": "b", "text": "Anden" } ] },
          { "type": "boolean", "name": "moved", "title": "Flyttet?" },
          { "type": "rating", "name": "share", "title": "Deling", "rateMin": 1, "rateMax": 5, "minRateDescription": "Lidt", "maxRateDescription": "Meget" },
          { "type": "checkbox", "name": "where", "title": "Hvor", "choices": ["x", "y"] },
          { "type": "matrix", "name": "agree", "title": "Enig", "columns": [ { "value": 1, "text": "Uenig" }, { "value": 2, "text": "Enig" } ], "rows": ["r1"] },
          { "type": "text", "name": "years", "title": "År", "inputType": "number" },
          { "type": "comment", "name": "why", "title": "Hvorfor" } ] } ] }
        """;

    private static async Task<(BackOfficeSite Site, long Id, int Rows, string Folder)> ExportAsync(string role)
    {
        var site = new BackOfficeSite();
        var seen = 0;
        var (id, raw) = await KnownAnswers.SeedAsync(site.Db, Definition, [(Sectors.State, 8), (Sectors.Municipality, 7)], _ =>
        {
            seen++;
            return new JsonObject
            {
                ["path"] = seen % 3 == 0 ? "a" : "b", ["moved"] = seen % 2 == 0, ["share"] = 1 + seen % 5,
                ["where"] = new JsonArray("x"), ["agree"] = new JsonObject { ["r1"] = 1 + seen % 2 }, ["years"] = 2.5 * seen, ["why"] = $"Fordi, \"{seen}\"",
            };
        });
        using var api = site.Api(await site.ApiKeyAsync(role));
        var folder = Path.Combine(site.Db.Folder, "scripts");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, $"responses-{id}.csv"),
            await api.GetByteArrayAsync($"/api/v1/admin/questionnaires/{id}/responses.csv?format=comma"));
        foreach (var extension in new[] { "sps", "R", "do" })
            await File.WriteAllBytesAsync(Path.Combine(folder, $"responses-{id}.{extension}"),
                await api.GetByteArrayAsync($"/api/v1/admin/questionnaires/{id}/responses.{extension}"));
        return (site, id, raw.Count, folder);
    }

    /// <summary>Runs an installed program in a folder and gives its exit code with what it wrote (both streams).</summary>
    internal static (int Code, string Output) Run(string program, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"{program} is not installed (.ci/run installs it: apt-get install -y r-base-core pspp)");
            throw;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.That(process.WaitForExit(120_000), Is.True, $"{program} did not finish");
            return (process.ExitCode, output.Result + error.Result);
        }
    }

    [Test]
    public async Task R_reads_the_file_with_its_script_into_factors_with_labels_and_every_row()
    {
        var (site, id, rows, folder) = await ExportAsync(Roles.Secretariat);
        await using var _ = site;
        var (code, output) = Run("Rscript", folder, "-e", $$"""
            source("responses-{{id}}.R", encoding = "UTF-8")
            cat("rows=", nrow(responses), "\n", sep = "")
            cat("path=", paste(levels(responses$path), collapse = "|"), "\n", sep = "")
            cat("path.label=", attr(responses$path, "label"), "\n", sep = "")
            cat("path.a=", sum(responses$path == "Første vej"), "\n", sep = "")
            cat("sector=", paste(levels(droplevels(responses$sector)), collapse = "|"), "\n", sep = "")
            cat("moved=", paste(levels(responses$moved), collapse = "|"), "\n", sep = "")
            cat("agree.ordered=", is.ordered(responses[["agree.r1"]]), "\n", sep = "")
            cat("share.numeric=", is.numeric(responses$share), " mean=", mean(responses$share), "\n", sep = "")
            cat("years.sum=", sum(responses$years), "\n", sep = "")
            cat("why.1=", responses$why[1], "\n", sep = "")
            """);
        var values = output.Split('\n').Where(l => l.Contains('=')).Select(l => l.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(values.GetValueOrDefault("rows"), Is.EqualTo(rows.ToString()), output);
            Assert.That(values.GetValueOrDefault("path"), Is.EqualTo("Første vej|Anden"));
            Assert.That(values.GetValueOrDefault("path.label"), Is.EqualTo("Vej \"videre\""));
            Assert.That(values.GetValueOrDefault("path.a"), Is.EqualTo((rows / 3).ToString()));
            Assert.That(values.GetValueOrDefault("sector"), Is.EqualTo("Stat|Kommune"));
            Assert.That(values.GetValueOrDefault("moved"), Is.EqualTo("Ja|Nej"));
            Assert.That(values.GetValueOrDefault("agree.ordered"), Is.EqualTo("TRUE"));
            Assert.That(values.GetValueOrDefault("share.numeric"), Does.StartWith("TRUE"));
            Assert.That(values.GetValueOrDefault("years.sum"), Is.EqualTo((2.5 * rows * (rows + 1) / 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(values.GetValueOrDefault("why.1"), Is.EqualTo("Fordi, \"1\""));
        });
    }

    [Test]
    public async Task Pspp_runs_the_spss_syntax_with_variable_labels_value_labels_levels_and_every_case()
    {
        var (site, id, rows, folder) = await ExportAsync(Roles.Taskforce);
        await using var _ = site;
        var syntax = Path.Combine(folder, $"responses-{id}.sps");
        await File.AppendAllTextAsync(syntax, "DISPLAY DICTIONARY.\nFREQUENCIES VARIABLES=path sector.\n");
        var (code, output) = Run("pspp", folder, "-O", "format=txt", "-o", "out.txt", syntax);
        var text = File.Exists(Path.Combine(folder, "out.txt")) ? await File.ReadAllTextAsync(Path.Combine(folder, "out.txt")) : "";
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output + text);
            Assert.That(output + text, Does.Not.Contain("error").IgnoreCase.And.Not.Contain("warning").IgnoreCase, output + text);
            Assert.That(text, Does.Contain("Vej \"videre\"").And.Contain("Første vej").And.Contain("Anden"), "variable and value labels");
            Assert.That(text, Does.Contain("Ordinal").And.Contain("Nominal").And.Contain("Scale"), "measurement levels");
            Assert.That(Regex.Matches(text, $@"\|Total\s*\|\s*{rows}\|").Count, Is.EqualTo(2), "every case read, in both frequency tables: " + text[^Math.Min(text.Length, 3000)..]);
            Assert.That(text, Does.Contain("Stat").And.Contain("Kommune"), "the sector's labels");
        });
    }

    [Test]
    public async Task The_stata_do_file_keeps_to_the_documented_syntax_of_its_commands()
    {
        var (site, id, _, folder) = await ExportAsync(Roles.Admin);
        await using var _ = site;
        var lines = (await File.ReadAllLinesAsync(Path.Combine(folder, $"responses-{id}.do"))).Where(l => l.Length > 0 && !l.StartsWith('*')).ToList();
        var header = (await File.ReadAllLinesAsync(Path.Combine(folder, $"responses-{id}.csv")))[0].Split(',');
        const string name = "[A-Za-z_][A-Za-z0-9_]{0,31}";
        // Stata's compound quotes: `" … "', ending at the first "' (so the text may hold double quotes).
        const string quoted = "`\"(?:(?!\"').)*\"'";
        var import = new Regex($@"^import delimited using {quoted}, varnames\(nonames\) rowrange\(2\) delimiters\("",""\) bindquote\(strict\) encoding\(""utf-8""\)( stringcols\([0-9 ]+\))?( numericcols\([0-9 ]+\))? clear$");
        var forms = new[]
        {
            new Regex($"^rename v[0-9]+ {name}$"), new Regex($"^rename {name} `text'$"), new Regex($"^label variable {name} {quoted}$"),
            new Regex($"^label define {name}( -?[0-9]+ {quoted})+, replace$"), new Regex($"^label values {name} {name}$"),
            new Regex("^tempvar text$"), new Regex($"^generate long {name} = \\.$"), new Regex($"^replace {name} = [0-9]+ if `text' == {quoted}$"),
            new Regex($"^order {name}, after\\(`text'\\)$"), new Regex("^drop `text'$"),
        };
        var renamed = lines.Where(l => l.StartsWith("rename v", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        var variableLabels = lines.Where(l => l.StartsWith("label variable ", StringComparison.Ordinal))
            .Select(l => Regex.Match(l, "`\"(.*)\"'$").Groups[1].Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(import.IsMatch(lines[0]), Is.True, lines[0]);
            Assert.That(lines.Skip(1).Where(l => !forms.Any(f => f.IsMatch(l))), Is.Empty, "every other line one of the documented forms");
            Assert.That(renamed, Has.Count.EqualTo(header.Length), "a name for every column of the file");
            Assert.That(renamed.Distinct(StringComparer.OrdinalIgnoreCase).Count(), Is.EqualTo(renamed.Count), "names unique");
            Assert.That(renamed, Has.Member("agree_r1").And.Member("where_x"), "dots, not allowed in Stata names, become _");
            Assert.That(variableLabels.Select(l => l.Length), Is.All.LessThanOrEqualTo(80), "Stata's limit for a variable label");
            Assert.That(lines, Has.Member("label define path 1 `\"Første vej\"' 2 `\"Anden\"', replace"), "text codes become labelled numbers");
            Assert.That(lines, Has.Member("label define moved 1 `\"Ja\"' 0 `\"Nej\"', replace"));
        });
    }

    [Test]
    public void Names_that_the_packages_refuse_are_made_valid()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StatisticsScripts.SpssName("9lives"), Is.EqualTo("v_9lives"));
            Assert.That(StatisticsScripts.SpssName("with"), Is.EqualTo("v_with"), "a reserved word");
            Assert.That(StatisticsScripts.SpssName("a-b."), Is.EqualTo("a_b"));
            Assert.That(StatisticsScripts.StataName("career.sector"), Is.EqualTo("career_sector"));
            Assert.That(StatisticsScripts.StataName(new string('x', 40)), Has.Length.EqualTo(32));
        });
    }
}
