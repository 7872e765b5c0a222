using System.Text.Json.Nodes;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Types;
using Survey.Core.Responses;

namespace Survey.Tests.Questionnaires.Types;

public class QuestionTypesTests
{
    [Test]
    public void Every_supported_type_is_one_class_registered_once()
    {
        var names = QuestionTypes.All.Select(t => t.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(names, Is.Unique);
            Assert.That(QuestionTypes.All.Select(t => t.GetType()), Is.Unique);
            Assert.That(ElementTypes.All, Is.EqualTo(names), "the editor's list is the registry");
            var definition = SurveyDefinition.Parse(Definitions.EveryType().ToJsonString());
            Assert.That(definition.AllElements.Select(e => QuestionTypes.Of(e).Name), Is.EqualTo(definition.AllElements.Select(e => e.Type)));
            Assert.That(QuestionTypes.Find("signaturepad"), Is.Null);
        });
    }

    [Test]
    public void Each_type_decides_its_summary_its_rows_and_its_columns()
    {
        var definition = SurveyDefinition.Parse(Definitions.EveryType().ToJsonString());
        ElementDefinition Q(string name) => definition.FindQuestion(name)!;
        var answers = new JsonObject
        {
            ["check"] = new JsonArray("x", "other"), ["check-Comment"] = "noget", ["matrix"] = new JsonObject { ["r1"] = 2 },
            ["rank"] = new JsonArray("second", "first", "third"), ["number"] = 7,
        };
        var rows = ResponseValues.Explode(definition, answers).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(QuestionTypes.Of(Q("rating")).Summary(Q("rating")), Is.EqualTo(SummaryKind.Scale));
            Assert.That(QuestionTypes.Of(Q("number")).Summary(Q("number")), Is.EqualTo(SummaryKind.Number));
            Assert.That(QuestionTypes.Of(Q("freetext")).Summary(Q("freetext")), Is.EqualTo(SummaryKind.Text));
            Assert.That(QuestionTypes.Of(Q("yesno")).IsSingleChoice, Is.True);
            Assert.That(QuestionTypes.Of(Q("check")).CountsRespondentsByMarker, Is.True);
            Assert.That(rows.Where(r => r.Question == "check").Select(r => (r.Item, r.Value)),
                Is.EqualTo(new[] { ("", ""), ("", "x"), ("", "other"), ("other", "noget") }), "the answered marker, each choice, then the other text");
            Assert.That(rows.Where(r => r.Question == "rank").Select(r => (r.Item, r.Number)),
                Is.EqualTo(new[] { ("second", (double?)1), ("first", 2), ("third", 3) }));
            Assert.That(QuestionTypes.Of(Q("check")).RawColumns(Q("check"), "da").Select(c => c.Name),
                Is.EqualTo(new[] { "check.x", "check.y", "check.z", "check.other", "check.none", "check-Comment" }));
            Assert.That(QuestionTypes.Of(Q("email")).RawColumns(Q("email"), "da").Single().Identifying, Is.True);
            Assert.That(QuestionTypes.Of(Q("matrix")).ShapeError(Q("matrix"), new JsonObject { ["r9"] = 1 }), Is.Not.Null);
        });
    }
}
