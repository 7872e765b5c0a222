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
        Assert.That(Files().Count(), Is.GreaterThanOrEqualTo(43));

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
                Assert.That(RowQuestions(definition, sets[i]!.AsObject()), Is.EqualTo(Names(oracle["rowQuestions"])), "visible questions in rows, " + context);
                Assert.That(check.MissingRequired.Where(k => k.Contains('[')), Is.EqualTo(Names(oracle["rowMissing"])), "missing required in rows, " + context);
                var data = WithoutRefilledHiddenGroups(definition, check, oracle["data"]!.DeepClone().AsObject());
                Assert.That(JsonNode.DeepEquals(check.Answers, data), Is.True, $"answers kept: server {check.Answers.ToJsonString()}, SurveyJS {data.ToJsonString()}; {context}");
            }
        });
    }

    /// <summary>The questions visible in each row of each visible repeating group, by path, with the answers as given.</summary>
    private static List<string> RowQuestions(SurveyDefinition definition, JsonObject answers)
    {
        var check = AnswerValidator.Validate(definition, answers, AnswerScope.Draft, clock: OracleClock);
        var lookup = check.Lookup(OracleClock);
        var paths = new List<string>();
        foreach (var q in definition.Questions.Where(q => q.TemplateElements is not null && check.VisibleQuestions.Contains(q.Name!)))
        {
            var rows = Survey.Core.Questionnaires.Types.PanelDynamicType.Shown(q, check.Answers[q.Name!]);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = Survey.Core.Questionnaires.Types.PanelDynamicType.Lookup(q, lookup, rows[i], i);
                paths.AddRange(Survey.Core.Questionnaires.Types.PanelDynamicType.Fields(q)
                    .Where(f => Survey.Core.Questionnaires.Types.PanelDynamicType.IsVisibleInRow(f, row))
                    .Select(f => Survey.Core.Questionnaires.Types.PanelDynamicType.FieldPath(q, i, f)));
            }
        }
        return paths;
    }

    /// <summary>
    /// The one place the server keeps to its own rule: survey-core clears a hidden repeating group on
    /// completion and then fills it again with its panelCount of empty rows, where the server stores
    /// no rows for a group the leader never saw (so that its row count is not inflated). Those rows are
    /// taken out of survey-core's data here, and only those.
    /// </summary>
    private static JsonObject WithoutRefilledHiddenGroups(SurveyDefinition definition, AnswerCheck check, JsonObject data)
    {
        foreach (var q in definition.Questions.Where(q => q.TemplateElements is not null))
        {
            if (data[q.Name!] is not JsonArray rows) continue;
            if (rows.Count > 0 && !check.VisibleQuestions.Contains(q.Name!) && rows.All(r => r is JsonObject { Count: 0 })) data.Remove(q.Name!);
        }
        return data;
    }

    private static IEnumerable<string> Names(JsonNode? list) => list!.AsArray().Select(n => n!.GetValue<string>());
}
