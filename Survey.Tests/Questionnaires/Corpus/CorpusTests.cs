using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Expressions;
using Survey.Core.Responses;
using Survey.Tests.Questionnaires.Expressions;

namespace Survey.Tests.Questionnaires.Corpus;

/// <summary>
/// The differential test: every definition of the corpus, with each of its answer sets, goes through
/// survey-core in node (oracle.mjs) and through the server's validator, and both must agree on the
/// visible pages, the visible questions, the required questions left unanswered and the answers kept.
/// </summary>
public class CorpusTests
{
    private static string Folder => Path.Combine(ExpressionVectorTests.RepositoryRoot(), "Survey.Tests", "Questionnaires", "Corpus");

    private static readonly ExpressionClock OracleClock = new(() => DateTimeOffset.Parse("2026-06-15T10:30:00+02:00", CultureInfo.InvariantCulture));

    private JsonArray _oracle = null!;

    public static IEnumerable<string> Files() =>
        Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [OneTimeSetUp]
    public void AskSurveyJs()
    {
        var start = new ProcessStartInfo("node", [Path.Combine(Folder, "oracle.mjs"), Folder])
        {
            WorkingDirectory = ExpressionVectorTests.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TZ"] = JsValue.LocalZone.Id;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, error);
        _oracle = JsonNode.Parse(output)!.AsArray();
    }

    [Test]
    public void The_corpus_covers_what_it_should() =>
        Assert.That(Files().Count(), Is.GreaterThanOrEqualTo(41));

    [TestCaseSource(nameof(Files))]
    public void The_server_agrees_with_survey_core(string file)
    {
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!;
        var import = DefinitionImport.Import(doc["definition"]!.ToJsonString());
        Assert.That(import.IsValid, Is.True, string.Join("; ", import.Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage)));
        var definition = import.Definition!;
        var sets = doc["answerSets"]!.AsArray();
        var expected = _oracle.Where(r => r!["file"]!.GetValue<string>() == file).ToList();
        Assert.That(expected, Has.Count.EqualTo(sets.Count));
        Assert.Multiple(() =>
        {
            for (var i = 0; i < sets.Count; i++)
            {
                var oracle = expected[i]!;
                var check = AnswerValidator.Validate(definition, sets[i]!.AsObject(), AnswerScope.Submit, clock: OracleClock);
                var context = $"{file} answer set {i}: {sets[i]!.ToJsonString()}";
                Assert.That(check.VisiblePages.Select(p => p.Name), Is.EqualTo(Names(oracle["pages"])), "visible pages, " + context);
                Assert.That(definition.Questions.Select(q => q.Name!).Where(check.VisibleQuestions.Contains), Is.EqualTo(Names(oracle["questions"])), "visible questions, " + context);
                Assert.That(definition.Questions.Select(q => q.Name!).Where(check.MissingRequired.Contains), Is.EqualTo(Names(oracle["missing"])), "missing required, " + context);
                Assert.That(JsonNode.DeepEquals(check.Answers, oracle["data"]), Is.True, $"answers kept: server {check.Answers.ToJsonString()}, SurveyJS {oracle["data"]!.ToJsonString()}; {context}");
            }
        });
    }

    private static IEnumerable<string> Names(JsonNode? list) => list!.AsArray().Select(n => n!.GetValue<string>());
}
