using System.Text.Json.Nodes;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;

namespace Survey.Tests.Responses;

/// <summary>The rules the logic properties add, on the server (CorpusTests compares what survey-core also decides).</summary>
public class LogicRulesTests
{
    private const string Json = """
        { "pages": [ { "name": "p", "elements": [
          { "type": "text", "name": "mail", "isRequired": true, "requiredErrorText": { "da": "Skriv din e-mail", "en": "Your e-mail, please" },
            "validators": [ { "type": "email" } ] },
          { "type": "checkbox", "name": "pick", "choices": ["a", "b", "c", "d"], "minSelectedChoices": 2, "maxSelectedChoices": 3 },
          { "type": "checkbox", "name": "few", "choices": ["a", "b", "c"], "validators": [ { "type": "answercount", "maxCount": 1, "text": "Kun én" } ] },
          { "type": "text", "name": "years", "inputType": "number", "validators": [ { "type": "expression", "expression": "{years} < 60" } ] },
          { "type": "matrix", "name": "agree", "rows": ["r1", "r2"], "columns": [1, 2], "isAllRowRequired": true },
          { "type": "text", "name": "locked", "readOnly": true, "isRequired": true, "validators": [ { "type": "email" } ] }
        ] } ] }
        """;

    private static readonly SurveyDefinition Definition = SurveyDefinition.Parse(Json);

    private static IReadOnlyDictionary<string, string[]> Errors(string answers, string lang = "en")
    {
        using var culture = Culture.Use(lang);
        return AnswerValidator.Validate(Definition, JsonNode.Parse(answers)!.AsObject(), AnswerScope.Submit).Errors;
    }

    [Test]
    public void The_definitions_own_required_message_is_used_in_the_leaders_language()
    {
        Assert.That(Errors("{}")["mail"], Is.EqualTo(new[] { "Your e-mail, please" }));
        Assert.That(Errors("{}", "da")["mail"], Is.EqualTo(new[] { "Skriv din e-mail" }));
    }

    [Test]
    public void Each_rule_reports_against_its_question()
    {
        var errors = Errors("""
            { "mail": "not-an-address", "pick": ["a"], "few": ["a", "b"], "years": 70, "agree": { "r1": 1 }, "locked": "x" }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(errors.Keys, Is.EquivalentTo(new[] { "mail", "pick", "few", "years", "agree" }), "a read-only question is not checked");
            Assert.That(errors["mail"][0], Does.Contain("e-mail"));
            Assert.That(errors["pick"][0], Does.Contain("at least 2"));
            Assert.That(errors["few"], Is.EqualTo(new[] { "Kun én" }));
            Assert.That(errors["years"][0], Does.Contain("condition"));
            Assert.That(errors["agree"][0], Does.Contain("every row"));
        });
    }

    [Test]
    public void Answers_within_the_rules_pass_and_too_many_choices_do_not()
    {
        Assert.That(Errors("""{ "mail": "a@b.dk", "pick": ["a", "b"], "few": ["c"], "years": 20, "agree": { "r1": 1, "r2": 2 } }"""), Is.Empty);
        Assert.That(Errors("""{ "mail": "a@b.dk", "pick": ["a", "b", "c", "d"] }""")["pick"][0], Does.Contain("at most 3"));
    }

    [Test]
    public void The_logic_properties_are_written_back_as_they_came()
    {
        const string json = """
            { "pages": [ { "name": "p", "elements": [
              { "type": "radiogroup", "name": "s", "choices": ["x", { "value": "y", "visibleIf": "{t} = 1", "enableIf": "{t} > 0" }],
                "requiredIf": "{t} = 2", "enableIf": "{t} != 3", "readOnly": false, "requiredErrorText": "Svar!", "choicesVisibleIf": "{item} != 'z'" },
              { "type": "checkbox", "name": "c", "choicesFromQuestion": "s", "choicesFromQuestionMode": "unselected", "minSelectedChoices": 1, "maxSelectedChoices": 2,
                "validators": [ { "type": "answercount", "minCount": 1, "maxCount": 2 } ] },
              { "type": "text", "name": "t", "inputType": "number", "validators": [ { "type": "expression", "expression": "{t} < 10", "text": "Under 10" }, { "type": "email" } ] },
              { "type": "matrix", "name": "m", "rows": ["a"], "columns": [1], "isAllRowRequired": true }
            ] } ] }
            """;
        var import = DefinitionImport.Import(json);
        Assert.That(import.IsValid, Is.True, string.Join("; ", import.Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage)));
        Assert.That(JsonNode.DeepEquals(import.Definition!.ToJson(), JsonNode.Parse(json)), Is.True, import.Definition!.ToJson().ToJsonString());
        Assert.That(import.Definition!.FindQuestion("c")!.Choices!.Select(c => c.Key), Is.EqualTo(new[] { "x", "y" }), "the source's choices");
    }

    [TestCase("""{ "type": "radiogroup", "name": "b", "choicesFromQuestion": "nobody" }""", "$.pages[0].elements[1].choicesFromQuestion")]
    [TestCase("""{ "type": "radiogroup", "name": "b", "choicesFromQuestion": "a", "choicesFromQuestionMode": "some" }""", "$.pages[0].elements[1].choicesFromQuestionMode")]
    [TestCase("""{ "type": "radiogroup", "name": "b", "choices": ["x"], "choicesVisibleIf": "{item} = {nobody}" }""", "$.pages[0].elements[1].choicesVisibleIf")]
    [TestCase("""{ "type": "radiogroup", "name": "b", "choices": [{ "value": "x", "visibleIf": "{nobody} = 1" }] }""", "$.pages[0].elements[1].choices[0].visibleIf")]
    [TestCase("""{ "type": "text", "name": "b", "requiredIf": "{a} = " }""", "$.pages[0].elements[1].requiredIf")]
    [TestCase("""{ "type": "radiogroup", "name": "b", "choices": ["x"], "validators": [ { "type": "answercount", "maxCount": 1 } ] }""", "$.pages[0].elements[1].validators[0].type")]
    [TestCase("""{ "type": "checkbox", "name": "b", "choices": ["x"], "minSelectedChoices": -1 }""", "$.pages[0].elements[1].minSelectedChoices")]
    [TestCase("""{ "type": "comment", "name": "b", "rows": 0 }""", "$.pages[0].elements[1].rows")]
    public void A_logic_property_that_cannot_work_is_refused_at_its_path(string element, string path)
    {
        var json = $$"""{ "pages": [ { "name": "p", "elements": [ { "type": "checkbox", "name": "a", "choices": ["x", "y"] }, {{element}} ] } ] }""";
        var import = DefinitionImport.Import(json);
        Assert.That(import.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { path }), string.Join("; ", import.Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage)));
    }
}

/// <summary>multipletext on the server: shape, item rules, form binding, columns, round trip.</summary>
public class MultipleTextTests
{
    private const string Json = """
        { "pages": [ { "name": "p", "elements": [
          { "type": "multipletext", "name": "post", "title": "Stilling", "colCount": 2, "items": [
            { "name": "employer", "title": "Arbejdsgiver", "isRequired": true },
            { "name": "years", "title": "År", "inputType": "number", "min": 0, "max": 60 },
            { "name": "mail", "inputType": "email", "validators": [ { "type": "email" } ] } ] }
        ] } ] }
        """;

    private static readonly SurveyDefinition Definition = SurveyDefinition.Parse(Json);

    [Test]
    public void Each_item_is_checked_as_a_small_text_question_and_a_required_item_even_when_none_is_answered()
    {
        using var english = Culture.Use("en");
        IReadOnlyDictionary<string, string[]> Errors(string answers) =>
            AnswerValidator.Validate(Definition, JsonNode.Parse(answers)!.AsObject(), AnswerScope.Submit).Errors;
        Assert.Multiple(() =>
        {
            Assert.That(Errors("{}")["post"], Is.EqualTo(new[] { "Arbejdsgiver: Please answer the question." }));
            Assert.That(Errors("""{ "post": { "employer": "KL", "years": 70 } }""")["post"][0], Does.StartWith("År:").And.Contain("60"));
            Assert.That(Errors("""{ "post": { "employer": "KL", "years": "many" } }""")["post"][0], Does.StartWith("År:"));
            Assert.That(Errors("""{ "post": { "employer": "KL", "boss": "x" } }""")["post"][0], Does.Contain("boss"));
            Assert.That(Errors("""{ "post": { "employer": "KL", "years": 3, "mail": "a@b.dk" } }"""), Is.Empty);
        });
    }

    [Test]
    public void The_form_binds_an_item_a_field_and_the_columns_are_one_per_item()
    {
        var q = Definition.FindQuestion("post")!;
        var form = new Microsoft.AspNetCore.Http.FormCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["post.employer"] = "KL", ["post.years"] = "3,5", ["post.mail"] = "",
        });
        var value = Survey.Core.Questionnaires.Types.QuestionTypes.Of(q).FromForm(q, form)!;
        var columns = Survey.Core.Questionnaires.Types.QuestionTypes.Of(q).RawColumns(q, "da").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(value.ToJsonString(), Is.EqualTo("""{"employer":"KL","years":3.5}"""));
            Assert.That(columns.Select(c => c.Name), Is.EqualTo(new[] { "post.employer", "post.years", "post.mail" }));
            Assert.That(columns.Select(c => c.Identifying), Is.EqualTo(new[] { false, false, true }), "an e-mail item identifies");
            Assert.That(columns[1].Value(new JsonObject { ["post"] = value.DeepClone() }), Is.EqualTo("3.5"));
            Assert.That(JsonNode.DeepEquals(Definition.ToJson(), JsonNode.Parse(Json)), Is.True, Definition.ToJson().ToJsonString());
        });
    }
}

/// <summary>matrixdropdown on the server: each cell checked and bound as its column's type, a column per cell.</summary>
public class MatrixDropdownTests
{
    private const string Json = """
        { "pages": [ { "name": "p", "elements": [
          { "type": "matrixdropdown", "name": "career", "rows": [ { "value": "first", "text": "Første" }, { "value": "last", "text": "Seneste" } ],
            "choices": ["state", "private"],
            "columns": [
              { "name": "sector", "title": "Sektor", "isRequired": true },
              { "name": "years", "title": "År", "cellType": "text", "inputType": "number", "min": 0, "max": 60 },
              { "name": "areas", "title": "Områder", "cellType": "checkbox", "choices": ["hr", "it"] },
              { "name": "manager", "title": "Leder", "cellType": "boolean" } ] }
        ] } ] }
        """;

    private static readonly SurveyDefinition Definition = SurveyDefinition.Parse(Json);

    private static IReadOnlyDictionary<string, string[]> Errors(string answers)
    {
        using var english = Culture.Use("en");
        return AnswerValidator.Validate(Definition, JsonNode.Parse(answers)!.AsObject(), AnswerScope.Submit).Errors;
    }

    [Test]
    public void Each_cell_is_checked_as_its_column_and_a_required_column_in_every_row()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors("{}")["career"], Is.EqualTo(new[] { "Første, Sektor: Please answer the question.", "Seneste, Sektor: Please answer the question." }));
            Assert.That(Errors("""{ "career": { "first": { "sector": "state", "years": 70 }, "last": { "sector": "private" } } }""")["career"][0],
                Does.StartWith("Første, År:").And.Contain("60"));
            Assert.That(Errors("""{ "career": { "first": { "sector": "nowhere" } } }""")["career"][0], Does.StartWith("Første, Sektor:"));
            Assert.That(Errors("""{ "career": { "first": { "sector": "state", "areas": ["it"], "manager": true }, "last": { "sector": "private", "years": 3 } } }"""), Is.Empty);
        });
    }

    [Test]
    public void The_form_binds_each_cell_as_its_column_and_each_cell_is_a_column_of_the_raw_data()
    {
        var q = Definition.FindQuestion("career")!;
        var type = Survey.Core.Questionnaires.Types.QuestionTypes.Of(q);
        var form = new Microsoft.AspNetCore.Http.FormCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["career.first.sector"] = "state", ["career.first.years"] = "4,5", ["career.first.areas"] = new(["hr", "it"]), ["career.first.manager"] = "true",
            ["career.last.sector"] = "private",
        });
        var value = type.FromForm(q, form)!;
        var columns = type.RawColumns(q, "da").ToList();
        var answers = new JsonObject { ["career"] = value.DeepClone() };
        var back = Survey.Core.Responses.Forms.FormAnswers.ToForm(Definition, answers);
        Assert.Multiple(() =>
        {
            Assert.That(value.ToJsonString(), Is.EqualTo("""{"first":{"sector":"state","years":4.5,"areas":["hr","it"],"manager":true},"last":{"sector":"private"}}"""));
            Assert.That(columns.Select(c => c.Name), Is.SupersetOf(new[] { "career.first.sector", "career.first.years", "career.first.areas.hr", "career.last.manager" }));
            Assert.That(columns.Single(c => c.Name == "career.first.areas.it").Value(answers), Is.EqualTo("1"));
            Assert.That(columns.Single(c => c.Name == "career.first.manager").Value(answers), Is.EqualTo("1"));
            Assert.That(back["career.first.areas"].ToArray(), Is.EqualTo(new[] { "hr", "it" }), "the form is filled in again from the answer");
            Assert.That(JsonNode.DeepEquals(Definition.ToJson(), JsonNode.Parse(Json)), Is.True, Definition.ToJson().ToJsonString());
        });
    }
}
