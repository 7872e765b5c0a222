using System.Diagnostics;
using System.Text.Json.Nodes;
using Survey.Core.Questionnaires.Expressions;
using Survey.Core.Responses;

namespace Survey.Tests.Questionnaires.Expressions;

public class ExpressionVectorTests
{
    private static string VectorFile => Path.Combine(AppContext.BaseDirectory, "expression-vectors.json");

    private static JsonNode File_ => JsonNode.Parse(File.ReadAllText(VectorFile))!;

    private static ExpressionClock VectorClock => new(() => DateTimeOffset.Parse(File_["now"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));

    public static IEnumerable<TestCaseData> Conditions() =>
        File_["vectors"]!.AsArray().Where(v => v!["expected"] is not null).Select(v =>
            new TestCaseData(v!["expression"]!.GetValue<string>(), v["answers"]!.ToJsonString(), v["expected"]!.GetValue<bool>())
                .SetName($"Condition {v["expression"]} with {v["answers"]!.ToJsonString()}"));

    public static IEnumerable<TestCaseData> Values() =>
        File_["vectors"]!.AsArray().Where(v => v!.AsObject().ContainsKey("value")).Select(v =>
            new TestCaseData(v!["expression"]!.GetValue<string>(), v["answers"]!.ToJsonString(), v["value"]?.ToJsonString() ?? "null")
                .SetName($"Value of {v["expression"]} with {v["answers"]!.ToJsonString()}"));

    [Test]
    public void The_vector_file_has_conditions_and_values_enough()
    {
        Assert.That(Conditions().Count(), Is.GreaterThanOrEqualTo(100));
        Assert.That(Values().Count(), Is.GreaterThanOrEqualTo(90));
    }

    [Test]
    public void The_vectors_run_in_the_zone_the_server_uses() =>
        Assert.That(File_["timeZone"]!.GetValue<string>(), Is.EqualTo(JsValue.LocalZone.Id));

    [TestCaseSource(nameof(Conditions))]
    public void Server_evaluator_gives_the_expected_result(string expression, string answersJson, bool expected)
    {
        var tree = ExpressionParser.Parse(expression);
        var answers = JsonNode.Parse(answersJson)!.AsObject();
        Assert.That(tree.IsTrue(new AnswerLookup(answers, VectorClock)), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Values))]
    public void Server_evaluator_gives_the_expected_value(string expression, string answersJson, string expectedJson)
    {
        var tree = ExpressionParser.Parse(expression);
        var answers = JsonNode.Parse(answersJson)!.AsObject();
        var actual = tree.Evaluate(new AnswerLookup(answers, VectorClock)).ToJson();
        Assert.That(SameJson(actual, JsonNode.Parse(expectedJson)), Is.True, $"server gave {actual?.ToJsonString() ?? "null"}, SurveyJS {expectedJson}");
    }

    private static bool SameJson(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonValue x, JsonValue y) when x.GetValueKind() == System.Text.Json.JsonValueKind.Number && y.GetValueKind() == System.Text.Json.JsonValueKind.Number
            => x.GetValue<double>() == y.GetValue<double>(),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => SameJson(p.First, p.Second)),
        _ => JsonNode.DeepEquals(a, b),
    };

    [Test]
    public void Every_vector_agrees_with_surveyjs_itself()
    {
        // survey-core is installed by test.sh (npm ci at the repository root); the script runs the vectors through its runners.
        var root = RepositoryRoot();
        Assert.That(Path.Combine(root, "node_modules", "survey-core"), Does.Exist,
            "survey-core is missing: run 'npm ci' at the repository root (the test command does this)");
        AssertNodeSucceeds(root, Path.Combine(root, "Survey.Tests", "Questionnaires", "Expressions", "check-vectors.mjs"), VectorFile);
    }

    [Test]
    public void The_browser_evaluator_gives_the_same_results_from_the_servers_trees()
    {
        var root = RepositoryRoot();
        var doc = File_;
        var trees = new JsonArray();
        foreach (var v in doc["vectors"]!.AsArray())
        {
            var item = new JsonObject
            {
                ["expression"] = v!["expression"]!.GetValue<string>(),
                ["tree"] = ExpressionParser.Parse(v["expression"]!.GetValue<string>()).ToJson(),
                ["answers"] = v["answers"]!.DeepClone(),
            };
            if (v["expected"] is { } expected) item["expected"] = expected.DeepClone();
            else item["value"] = v["value"]?.DeepClone();
            trees.Add(item);
        }
        var file = Path.Combine(Path.GetTempPath(), $"vector-trees-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, new JsonObject { ["now"] = doc["now"]!.DeepClone(), ["vectors"] = trees }.ToJsonString());
        try
        {
            AssertNodeSucceeds(root, Path.Combine(root, "Survey.Tests", "Questionnaires", "Expressions", "check-browser-evaluator.mjs"),
                Path.Combine(root, "Survey.Core", "Responses", "Forms", "conditions.js"), file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void AssertNodeSucceeds(string root, params string[] args)
    {
        var start = new ProcessStartInfo("node", args)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The date functions answer in the local zone, which for node is TZ: the vectors' zone.
        start.Environment["TZ"] = File_["timeZone"]!.GetValue<string>();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, output);
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Survey.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Survey.sln not found above " + AppContext.BaseDirectory);
    }
}
