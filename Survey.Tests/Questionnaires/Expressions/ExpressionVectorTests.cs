using System.Diagnostics;
using System.Text.Json.Nodes;
using Survey.Core.Questionnaires.Expressions;
using Survey.Core.Responses;

namespace Survey.Tests.Questionnaires.Expressions;

public class ExpressionVectorTests
{
    private static string VectorFile => Path.Combine(AppContext.BaseDirectory, "expression-vectors.json");

    public static IEnumerable<TestCaseData> Vectors()
    {
        var doc = JsonNode.Parse(File.ReadAllText(VectorFile))!;
        foreach (var v in doc["vectors"]!.AsArray())
        {
            yield return new TestCaseData(v!["expression"]!.GetValue<string>(), v["answers"]!.ToJsonString(), v["expected"]!.GetValue<bool>())
                .SetName($"Vector {v["expression"]} with {v["answers"]!.ToJsonString()}");
        }
    }

    [Test]
    public void The_vector_file_has_at_least_sixty_vectors() =>
        Assert.That(Vectors().Count(), Is.GreaterThanOrEqualTo(60));

    [TestCaseSource(nameof(Vectors))]
    public void Server_evaluator_gives_the_expected_result(string expression, string answersJson, bool expected)
    {
        var tree = ExpressionParser.Parse(expression);
        var answers = JsonNode.Parse(answersJson)!.AsObject();
        Assert.That(tree.IsTrue(new AnswerLookup(answers)), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Vectors))]
    public void The_tree_sent_to_the_browser_round_trips_to_json(string expression, string answersJson, bool expected)
    {
        var json = ExpressionParser.Parse(expression).ToJson();
        Assert.That(json.ToJsonString(), Does.Contain(json is JsonObject o && o.ContainsKey("op") ? "\"op\"" : "\""));
    }

    [Test]
    public void Every_vector_agrees_with_surveyjs_itself()
    {
        // survey-core is installed by test.sh (npm ci at the repository root); the script runs the vectors through its ConditionRunner.
        var root = RepositoryRoot();
        Assert.That(Path.Combine(root, "node_modules", "survey-core"), Does.Exist,
            "survey-core is missing: run 'npm ci' at the repository root (the test command does this)");
        var start = new ProcessStartInfo("node", [Path.Combine(root, "Survey.Tests", "Questionnaires", "Expressions", "check-vectors.mjs"), VectorFile])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
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
