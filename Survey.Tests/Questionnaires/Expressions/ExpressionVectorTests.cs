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

    [Test]
    public void Every_vector_agrees_with_surveyjs_itself()
    {
        // survey-core is installed by test.sh (npm ci at the repository root); the script runs the vectors through its ConditionRunner.
        var root = RepositoryRoot();
        Assert.That(Path.Combine(root, "node_modules", "survey-core"), Does.Exist,
            "survey-core is missing: run 'npm ci' at the repository root (the test command does this)");
        AssertNodeSucceeds(root, Path.Combine(root, "Survey.Tests", "Questionnaires", "Expressions", "check-vectors.mjs"), VectorFile);
    }

    [Test]
    public void The_browser_evaluator_gives_the_same_results_from_the_servers_trees()
    {
        var root = RepositoryRoot();
        var trees = new JsonArray();
        foreach (var v in JsonNode.Parse(File.ReadAllText(VectorFile))!["vectors"]!.AsArray())
        {
            trees.Add(new JsonObject
            {
                ["expression"] = v!["expression"]!.GetValue<string>(),
                ["tree"] = ExpressionParser.Parse(v["expression"]!.GetValue<string>()).ToJson(),
                ["answers"] = v["answers"]!.DeepClone(),
                ["expected"] = v["expected"]!.GetValue<bool>(),
            });
        }
        var file = Path.Combine(Path.GetTempPath(), $"vector-trees-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, trees.ToJsonString());
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
