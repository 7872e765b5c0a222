using System.Text.Json.Nodes;
using Survey.Core.Participants;

namespace Survey.Tests.Reports;

public class IntervalTests
{
    private const string Definition = """
        { "pages": [ { "name": "p1", "elements": [
          { "type": "radiogroup", "name": "path", "choices": ["a", "b"] },
          { "type": "rating", "name": "share", "rateMin": 1, "rateMax": 5 } ] } ] }
        """;

    /// <summary>The Wilson interval as the roots of (p̂ − p)² = z²·p(1 − p)/n, solved here as a quadratic in p.</summary>
    private static (double Low, double High) WilsonRoots(long count, long n)
    {
        const double z = 1.959963984540054;
        double hat = (double)count / n, a = 1 + z * z / n, b = -(2 * hat + z * z / n), c = hat * hat;
        var root = Math.Sqrt(b * b - 4 * a * c);
        return ((-b - root) / (2 * a) * 100, (-b + root) / (2 * a) * 100);
    }

    [Test]
    public async Task Summary_json_gives_every_share_its_wilson_interval_and_every_mean_its_t_interval()
    {
        await using var site = new Survey.Tests.BackOffice.BackOfficeSite();
        var seen = 0;
        // 30 in the state: path a for 12 of them; ratings 1..5 in turn. 7 in a municipality, all b.
        var (id, raw) = await KnownAnswers.SeedAsync(site.Db, Definition, [(Sectors.State, 30), (Sectors.Municipality, 7)], sector =>
        {
            seen++;
            return new JsonObject { ["path"] = sector == Sectors.State && seen % 5 < 2 ? "a" : "b", ["share"] = 1 + seen % 5 };
        });
        using var api = site.Api(await site.ApiKeyAsync(Survey.Web.Users.Roles.Taskforce));
        var summary = JsonNode.Parse(await api.GetStringAsync($"/api/v1/admin/questionnaires/{id}/summary.json?by=sector"))!;
        var path = summary["questions"]!.AsArray().Single(q => q!["name"]!.GetValue<string>() == "path")!;
        var share = summary["questions"]!.AsArray().Single(q => q!["name"]!.GetValue<string>() == "share")!;
        var a = path["options"]!.AsArray().Single(o => o!["value"]!.GetValue<string>() == "a")!;

        var state = raw.Where(r => r.Sector == Sectors.State).ToList();
        var (stateLow, stateHigh) = WilsonRoots(state.Count(r => (string)r.Answers["path"]! == "a"), state.Count);
        var (allLow, allHigh) = WilsonRoots(raw.Count(r => (string)r.Answers["path"]! == "a"), raw.Count);
        // The mean's interval: mean ± t(0.975; n − 1)·s/√n, with t for 36 and 29 degrees of freedom from the tables.
        (double Low, double High) MeanInterval(IEnumerable<double> values, double t)
        {
            var list = values.ToList();
            var mean = list.Average();
            var sd = Math.Sqrt(list.Sum(x => (x - mean) * (x - mean)) / (list.Count - 1));
            return (mean - t * sd / Math.Sqrt(list.Count), mean + t * sd / Math.Sqrt(list.Count));
        }
        var allMean = MeanInterval(raw.Select(r => (double)(int)r.Answers["share"]!), 2.028094000980452);
        var stateMean = MeanInterval(state.Select(r => (double)(int)r.Answers["share"]!), 2.045229642132703);

        Assert.Multiple(() =>
        {
            Assert.That(a["total"]!["interval"]!["low"]!.GetValue<double>(), Is.EqualTo(allLow).Within(0.051));
            Assert.That(a["total"]!["interval"]!["high"]!.GetValue<double>(), Is.EqualTo(allHigh).Within(0.051));
            Assert.That(a["groups"]![Sectors.State]!["interval"]!["low"]!.GetValue<double>(), Is.EqualTo(stateLow).Within(0.051));
            Assert.That(a["groups"]![Sectors.State]!["interval"]!["high"]!.GetValue<double>(), Is.EqualTo(stateHigh).Within(0.051));
            Assert.That(a["groups"]![Sectors.Municipality]!["percent"]!.GetValue<double>(), Is.Zero);
            Assert.That(a["groups"]![Sectors.Municipality]!["interval"]!["low"]!.GetValue<double>(), Is.Zero, "0 of 7: from 0");
            Assert.That(a["groups"]![Sectors.Municipality]!["interval"]!["high"]!.GetValue<double>(), Is.EqualTo(WilsonRoots(0, 7).High).Within(0.051));
            Assert.That(share["stats"]!["interval"]!["low"]!.GetValue<double>(), Is.EqualTo(allMean.Low).Within(0.0051));
            Assert.That(share["stats"]!["interval"]!["high"]!.GetValue<double>(), Is.EqualTo(allMean.High).Within(0.0051));
            Assert.That(share["statsByGroup"]![Sectors.State]!["interval"]!["low"]!.GetValue<double>(), Is.EqualTo(stateMean.Low).Within(0.0051));
            Assert.That(share["statsByGroup"]![Sectors.State]!["interval"]!["high"]!.GetValue<double>(), Is.EqualTo(stateMean.High).Within(0.0051));
        });
    }
}
