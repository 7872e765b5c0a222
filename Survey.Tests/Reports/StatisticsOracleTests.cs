using System.Globalization;
using System.Text.Json.Nodes;
using Survey.Core.Participants;
using Survey.Tests.BackOffice;
using Survey.Web.Users;

namespace Survey.Tests.Reports;

/// <summary>
/// R as the reference for the statistics in summary.json and crosstab.json: chisq.test (without the
/// continuity correction) for the test of independence, prop.test's interval (the Wilson score
/// interval, uncorrected) for shares and t.test's for means, on the raw answers.
/// </summary>
public class StatisticsOracleTests
{
    private const string Definition = """
        { "pages": [ { "name": "p1", "elements": [
          { "type": "radiogroup", "name": "path", "choices": ["a", "b", "c"] },
          { "type": "rating", "name": "share", "rateMin": 1, "rateMax": 5 } ] } ] }
        """;

    [Test]
    public async Task Chi_square_p_value_cramers_v_and_the_intervals_are_those_r_computes_from_the_raw_answers()
    {
        await using var site = new BackOfficeSite();
        var seen = 0;
        string[] paths = ["a", "b", "c"];
        var (id, raw) = await KnownAnswers.SeedAsync(site.Db, Definition, [(Sectors.State, 23), (Sectors.Municipality, 17), (Sectors.Private, 11)], sector =>
        {
            seen++;
            var bias = sector == Sectors.State ? 0 : sector == Sectors.Municipality ? 1 : 2;
            return new JsonObject { ["path"] = paths[(seen * 7 + bias * (seen % 2)) % 3], ["share"] = 1 + (seen * 3 + bias) % 5 };
        });
        using var api = site.Api(await site.ApiKeyAsync(Roles.Taskforce));
        var cross = JsonNode.Parse(await api.GetStringAsync($"/api/v1/admin/questionnaires/{id}/crosstab.json?rows=question:path&cols=sector"))!;
        var summary = JsonNode.Parse(await api.GetStringAsync($"/api/v1/admin/questionnaires/{id}/summary.json?by=sector"))!;

        var sectors = new[] { Sectors.State, Sectors.Municipality, Sectors.Private };
        var table = string.Join(", ", paths.SelectMany(p => sectors.Select(s => raw.Count(r => r.Sector == s && (string)r.Answers["path"]! == p))));
        var aState = raw.Count(r => r.Sector == Sectors.State && (string)r.Answers["path"]! == "a");
        var shares = string.Join(", ", raw.Where(r => r.Sector == Sectors.Municipality).Select(r => (int)r.Answers["share"]!));
        var script = $$"""
            m <- matrix(c({{table}}), nrow = 3, byrow = TRUE)
            t <- suppressWarnings(chisq.test(m, correct = FALSE))
            cat(sprintf("chi=%.10f\ndf=%d\np=%.12g\nv=%.10f\n", t$statistic, t$parameter, t$p.value, sqrt(t$statistic / (sum(m) * (min(dim(m)) - 1)))))
            w <- prop.test({{aState}}, {{raw.Count(r => r.Sector == Sectors.State)}}, correct = FALSE)$conf.int
            cat(sprintf("wlow=%.10f\nwhigh=%.10f\n", 100 * w[1], 100 * w[2]))
            i <- t.test(c({{shares}}))$conf.int
            cat(sprintf("tlow=%.10f\nthigh=%.10f\n", i[1], i[2]))
            """;
        var (code, output) = StatisticsScriptsTests.Run("Rscript", site.Db.Folder, "-e", script);
        var values = output.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^[a-z]+=[-+0-9.e]+$")).ToDictionary(l => l.Split('=')[0], l => double.Parse(l.Split('=')[1], CultureInfo.InvariantCulture));

        var test = cross["test"]!;
        var path = summary["questions"]!.AsArray().Single(q => q!["name"]!.GetValue<string>() == "path")!;
        var aInState = path["options"]!.AsArray().Single(o => o!["value"]!.GetValue<string>() == "a")!["groups"]![Sectors.State]!["interval"]!;
        var share = summary["questions"]!.AsArray().Single(q => q!["name"]!.GetValue<string>() == "share")!["statsByGroup"]![Sectors.Municipality]!["interval"]!;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(cross["columnGroups"]!.AsArray().Where(g => !g!["hidden"]!.GetValue<bool>()).Select(g => g!["key"]!.GetValue<string>()),
                Is.EquivalentTo(sectors), "every group shown, so the test is of the whole table");
            Assert.That(test["chiSquare"]!.GetValue<double>(), Is.EqualTo(values["chi"]).Within(0.0005));
            Assert.That(test["degreesOfFreedom"]!.GetValue<int>(), Is.EqualTo((int)values["df"]));
            Assert.That(test["pValue"]!.GetValue<double>(), Is.EqualTo(values["p"]).Within(values["p"] * 1e-6));
            Assert.That(test["cramersV"]!.GetValue<double>(), Is.EqualTo(values["v"]).Within(0.0005));
            Assert.That(aInState["low"]!.GetValue<double>(), Is.EqualTo(values["wlow"]).Within(0.05));
            Assert.That(aInState["high"]!.GetValue<double>(), Is.EqualTo(values["whigh"]).Within(0.05));
            Assert.That(share["low"]!.GetValue<double>(), Is.EqualTo(values["tlow"]).Within(0.005));
            Assert.That(share["high"]!.GetValue<double>(), Is.EqualTo(values["thigh"]).Within(0.005));
        });
    }
}
