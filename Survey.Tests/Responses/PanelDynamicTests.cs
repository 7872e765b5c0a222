using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Types;
using Survey.Core.Responses;
using Survey.Core.Responses.Forms;

namespace Survey.Tests.Responses;

/// <summary>paneldynamic, the repeating group (a career history), on the server: rows checked with their own conditions, errors by path.</summary>
public class PanelDynamicTests
{
    public const string CareerJson = """
        { "pages": [ { "name": "p", "elements": [
          { "type": "radiogroup", "name": "now", "choices": ["state", "private"] },
          { "type": "paneldynamic", "name": "career", "title": { "da": "Karriere", "en": "Career" }, "isRequired": true,
            "templateTitle": { "da": "Stilling {panelIndex}", "en": "Post {panelIndex}" }, "panelCount": 1, "minPanelCount": 1, "maxPanelCount": 4,
            "panelAddText": { "da": "Tilføj stilling", "en": "Add post" },
            "templateElements": [
              { "type": "dropdown", "name": "sector", "title": "Sektor", "isRequired": true, "choices": ["state", "region", "private"], "showOtherItem": true },
              { "type": "text", "name": "years", "title": "År", "inputType": "number", "min": 0, "max": 60, "visibleIf": "{panel.sector} <> 'private'" },
              { "type": "boolean", "name": "manager", "title": "Leder", "requiredIf": "{panelIndex} = 0" },
              { "type": "comment", "name": "why", "visibleIf": "{now} = 'private'" } ] },
          { "type": "text", "name": "first", "visibleIf": "{career[0].sector} = 'state'" }
        ] } ] }
        """;

    private static readonly SurveyDefinition Definition = SurveyDefinition.Parse(CareerJson);

    private static AnswerCheck Check(string answers, AnswerScope scope = AnswerScope.Submit)
    {
        using var english = Culture.Use("en");
        return AnswerValidator.Validate(Definition, JsonNode.Parse(answers)!.AsObject(), scope, scope == AnswerScope.Page ? "p" : null);
    }

    [Test]
    public void Each_row_is_checked_with_its_own_conditions_and_errors_are_keyed_by_the_full_path()
    {
        var check = Check("""{ "career": [ { "sector": "state", "years": 70, "manager": true }, { "years": 3 }, { "sector": "private", "years": 99 } ] }""");
        Assert.Multiple(() =>
        {
            Assert.That(check.Errors.Keys, Is.EquivalentTo(new[] { "career[0].years", "career[1].sector" }), string.Join("; ", check.Errors.Select(e => e.Key + ": " + string.Join(",", e.Value))));
            Assert.That(check.Errors["career[0].years"][0], Does.Contain("60"));
            Assert.That(check.Errors["career[1].sector"], Is.EqualTo(new[] { "Please answer the question." }));
            Assert.That(check.MissingRequired, Does.Contain("career[1].sector"));
            // {panel.sector} = private hides "years" in the third row, so its 99 is neither checked nor kept.
            Assert.That(Check("""{ "career": [ { "sector": "state", "manager": false }, { "sector": "private", "years": 99 } ] }""").Answers["career"]!.ToJsonString(),
                Is.EqualTo("""[{"sector":"state","manager":false},{"sector":"private"}]"""));
        });
    }

    [Test]
    public void RequiredIf_with_the_row_index_and_a_required_group_whose_rows_are_empty_are_missing_as_in_survey_core()
    {
        var first = Check("""{ "career": [ { "sector": "region" }, { "sector": "state" } ] }""");
        var empty = Check("""{ "career": [ {} ] }""");
        var none = Check("{}");
        Assert.Multiple(() =>
        {
            Assert.That(first.Errors.Keys, Is.EqualTo(new[] { "career[0].manager" }), "requiredIf {panelIndex} = 0 holds in the first row only");
            Assert.That(empty.Errors.Keys, Is.EquivalentTo(new[] { "career", "career[0].sector", "career[0].manager" }));
            Assert.That(none.Errors.Keys, Is.EquivalentTo(new[] { "career", "career[0].sector", "career[0].manager" }), "the first row is shown (panelCount 1) before any answer");
        });
    }

    [Test]
    public void A_group_not_answered_yet_is_checked_as_the_rows_it_shows_at_first()
    {
        var definition = SurveyDefinition.Parse("""
            { "elements": [ { "type": "paneldynamic", "name": "g", "panelCount": 2,
              "templateElements": [ { "type": "text", "name": "a", "isRequired": true } ] } ] }
            """);
        var check = AnswerValidator.Validate(definition, new JsonObject(), AnswerScope.Submit);
        Assert.That(check.Errors.Keys, Is.EqualTo(new[] { "g[0].a", "g[1].a" }));
    }

    [Test]
    public void A_row_is_named_by_index_from_outside_and_a_cell_of_the_wrong_shape_is_reported_at_its_path()
    {
        var state = Check("""{ "career": [ { "sector": "state", "manager": true } ] }""");
        var wrong = Check("""{ "career": [ { "sector": "nowhere", "manager": true } ] }""", AnswerScope.Draft);
        Assert.Multiple(() =>
        {
            Assert.That(state.VisibleQuestions, Does.Contain("first"), "{career[0].sector} = 'state'");
            Assert.That(Check("""{ "career": [ { "sector": "region", "manager": true } ] }""").VisibleQuestions, Does.Not.Contain("first"));
            Assert.That(wrong.Errors.Keys, Is.EqualTo(new[] { "career[0].sector" }));
            Assert.That(wrong.Answers.ContainsKey("career"), Is.False, "a wrong value is not kept");
            Assert.That(Check("""{ "career": { "sector": "state" } }""", AnswerScope.Draft).Errors.Keys, Is.EqualTo(new[] { "career" }));
            Assert.That(Check("""{ "career": [ {}, {}, {}, {}, {} ] }""", AnswerScope.Draft).Errors["career"][0], Does.Contain("4"));
        });
    }

    [Test]
    public void The_form_posts_a_field_per_cell_and_the_row_count_and_is_filled_in_again_from_the_answer()
    {
        var q = Definition.FindQuestion("career")!;
        var form = new FormCollection(new Dictionary<string, StringValues>
        {
            ["career.rows"] = "2",
            ["career[0].sector"] = "other", ["career[0].sector-Comment"] = "NGO", ["career[0].years"] = "4,5", ["career[0].manager"] = "true",
        });
        var value = QuestionTypes.Of(q).FromForm(q, form)!;
        var back = FormAnswers.ToForm(Definition, new JsonObject { ["career"] = value.DeepClone() });
        Assert.Multiple(() =>
        {
            Assert.That(value.ToJsonString(), Is.EqualTo("""[{"sector":"other","sector-Comment":"NGO","years":4.5,"manager":true},{}]"""));
            Assert.That(back["career.rows"].ToString(), Is.EqualTo("2"));
            Assert.That(back["career[0].sector-Comment"].ToString(), Is.EqualTo("NGO"));
            Assert.That(back["career[0].years"].ToString(), Is.EqualTo("4.5"));
            Assert.That(QuestionTypes.Of(q).FromForm(q, new FormCollection([])), Is.Null, "no count, no rows");
        });
    }

    [Test]
    public void Rows_are_added_up_to_the_maximum_and_removed_down_to_the_minimum()
    {
        var q = Definition.FindQuestion("career")!;
        var four = JsonNode.Parse("""[{"sector":"state"},{"sector":"region"},{},{}]""");
        Assert.Multiple(() =>
        {
            Assert.That(PanelDynamicType.Change(q, null, add: true, -1)!.ToJsonString(), Is.EqualTo("[{},{}]"), "the first row shown, then the added one");
            Assert.That(PanelDynamicType.Change(q, four, add: true, -1)!.Count, Is.EqualTo(4), "maxPanelCount 4");
            Assert.That(PanelDynamicType.Change(q, four, add: false, 1)!.ToJsonString(), Is.EqualTo("""[{"sector":"state"},{},{}]"""));
            Assert.That(PanelDynamicType.Change(q, JsonNode.Parse("""[{"sector":"state"}]"""), add: false, 0)!.Count, Is.EqualTo(1), "minPanelCount 1");
        });
    }

    [Test]
    public void The_raw_data_has_numbered_columns_up_to_the_maximum_and_the_summaries_count_rows_and_each_question_over_all_rows()
    {
        var q = Definition.FindQuestion("career")!;
        var type = QuestionTypes.Of(q);
        var answer = JsonNode.Parse("""[{"sector":"state","years":4},{"sector":"other","sector-Comment":"NGO","years":2},{"sector":"state"}]""")!;
        var answers = new JsonObject { ["career"] = answer.DeepClone() };
        var columns = type.RawColumns(q, "en").ToList();
        var values = type.Explode(q, answer).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(columns[0].Name, Is.EqualTo("career.rows"));
            Assert.That(columns.Select(c => c.Name), Is.SupersetOf(new[] { "career.1.sector", "career.1.sector-Comment", "career.4.manager", "career.4.why" }));
            Assert.That(columns.Any(c => c.Name.StartsWith("career.5.", StringComparison.Ordinal)), Is.False);
            Assert.That(columns.Single(c => c.Name == "career.rows").Value(answers), Is.EqualTo("3"));
            Assert.That(columns.Single(c => c.Name == "career.2.sector-Comment").Value(answers), Is.EqualTo("NGO"));
            Assert.That(columns.Single(c => c.Name == "career.2.sector-Comment").FreeText, Is.True);
            Assert.That(columns.Single(c => c.Name == "career.3.years").Value(answers), Is.Null);
            Assert.That(values.Where(v => v.Question == "career").Select(v => v.Number), Is.EqualTo(new double?[] { 3 }));
            Assert.That(values.Where(v => v.Question == "career.sector" && v.Item == "").Select(v => v.Value), Is.EqualTo(new[] { "state", "other", "state" }));
            Assert.That(values.Single(v => v.Question == "career.sector" && v.Item == "other").Value, Is.EqualTo("NGO"));
            Assert.That(values.Where(v => v.Question == "career.years" && v.Item == "").Select(v => v.Number), Is.EqualTo(new double?[] { 4, 2 }));
            Assert.That(values.Count(v => v.Question == "career.years" && v.Item == ResponseValues.RespondentItem), Is.EqualTo(1), "one leader answered it, in two rows");
            Assert.That(type.SummaryParts(q).Select(p => p.Name), Is.EqualTo(new[] { "career", "career.sector", "career.years", "career.manager", "career.why" }));
            Assert.That(type.SummaryParts(q).Skip(1).First().Label("en"), Is.EqualTo("Career: Sektor"));
        });
    }

    [Test]
    public void The_definition_is_written_back_as_it_came_and_what_a_row_cannot_hold_is_refused_at_its_path()
    {
        static IEnumerable<string> Errors(string json) => DefinitionImport.Import(json).Errors.Select(e => e.PropertyName + " " + e.ErrorCode);
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.DeepEquals(Definition.ToJson(), JsonNode.Parse(CareerJson)), Is.True, Definition.ToJson().ToJsonString());
            Assert.That(Errors("""{ "elements": [ { "type": "paneldynamic", "name": "g", "templateElements": [ { "type": "panel", "name": "x", "elements": [ { "type": "text", "name": "t" } ] } ] } ] }"""),
                Does.Contain("$.elements[0].templateElements[0].type DefTemplateTypeUnsupported"));
            Assert.That(Errors("""{ "elements": [ { "type": "paneldynamic", "name": "g", "templateElements": [ { "type": "text", "name": "a", "visibleIf": "{panel.b} = 1" } ] } ] }"""),
                Does.Contain("$.elements[0].templateElements[0].visibleIf DefReferenceUnknownField"));
            Assert.That(Errors("""{ "elements": [ { "type": "paneldynamic", "name": "g", "templateElements": [] } ] }"""),
                Does.Contain("$.elements[0].templateElements DefTemplateEmpty"));
            Assert.That(Errors("""{ "elements": [ { "type": "paneldynamic", "name": "g", "minPanelCount": 3, "maxPanelCount": 2, "templateElements": [ { "type": "text", "name": "a" }, { "type": "text", "name": "a" } ] } ] }"""),
                Is.SupersetOf(new[] { "$.elements[0].minPanelCount DefMinAboveMax", "$.elements[0].templateElements[1].name DefItemDuplicate" }));
            Assert.That(Errors("""{ "elements": [ { "type": "text", "name": "t", "visibleIf": "{panel.a} = 1" } ] }"""), Is.Not.Empty, "{panel.…} outside a group");
        });
    }
}

/// <summary>matrixdynamic: a repeating group whose row questions are a table's columns, with survey-core's own rules for it.</summary>
public class MatrixDynamicTests
{
    public const string Json = """
        { "pages": [ { "name": "p", "elements": [
          { "type": "matrixdynamic", "name": "posts", "title": "Stillinger", "cellType": "text", "choices": ["state", "private"], "maxRowCount": 3,
            "addRowText": { "da": "Tilføj række", "en": "Add row" },
            "columns": [
              { "name": "sector", "title": "Sektor", "cellType": "dropdown", "isRequired": true },
              { "name": "years", "title": "År", "inputType": "number", "visibleIf": "{row.sector} = 'state'" },
              { "name": "first", "title": "Først", "cellType": "boolean", "requiredIf": "{rowIndex} = 1" } ] }
        ] } ] }
        """;

    private static readonly SurveyDefinition Definition = SurveyDefinition.Parse(Json);

    private static AnswerCheck Check(string answers)
    {
        using var english = Culture.Use("en");
        return AnswerValidator.Validate(Definition, JsonNode.Parse(answers)!.AsObject(), AnswerScope.Submit);
    }

    [Test]
    public void Columns_are_asked_in_every_row_with_row_and_rowIndex_from_one_and_a_hidden_cell_is_kept_as_survey_core_keeps_it()
    {
        var two = Check("""{ "posts": [ { "sector": "private", "years": 4, "first": true }, { "years": 2 } ] }""");
        Assert.Multiple(() =>
        {
            Assert.That(two.Errors.Keys, Is.EqualTo(new[] { "posts[1].sector" }));
            Assert.That(two.Answers["posts"]![0]!["years"]!.GetValue<double>(), Is.EqualTo(4), "a hidden cell keeps its answer in a matrixdynamic");
            Assert.That(Check("""{ "posts": [ { "sector": "state" } ] }""").Errors.Keys, Is.EqualTo(new[] { "posts[0].first" }), "{rowIndex} = 1 is the first row");
            Assert.That(Check("{}").Errors.Keys, Is.EqualTo(new[] { "posts[0].sector", "posts[0].first", "posts[1].sector" }), "two rows before any answer");
            Assert.That(Check("""{ "posts": [] }""").Errors, Is.Empty, "no rows is an answer");
            Assert.That(Check("""{ "posts": [] }""").Answers["posts"]!.ToJsonString(), Is.EqualTo("[]"));
        });
    }

    [Test]
    public void It_reads_and_writes_as_survey_js_writes_it_and_its_cells_are_columns_of_the_raw_data()
    {
        var q = Definition.FindQuestion("posts")!;
        var columns = QuestionTypes.Of(q).RawColumns(q, "da").Select(c => c.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.DeepEquals(Definition.ToJson(), JsonNode.Parse(Json)), Is.True, Definition.ToJson().ToJsonString());
            Assert.That(q.TemplateElements!.Select(c => (c.Name, c.Type)), Is.EqualTo(new[] { ("sector", "dropdown"), ("years", "text"), ("first", "boolean") }));
            Assert.That(q.TemplateElements![0].Choices!.Select(c => c.Key), Is.EqualTo(new[] { "state", "private" }), "the matrix's choices");
            Assert.That(columns, Is.EqualTo(new[] { "posts.rows", "posts.1.sector", "posts.1.years", "posts.1.first", "posts.2.sector", "posts.2.years", "posts.2.first",
                "posts.3.sector", "posts.3.years", "posts.3.first" }));
            Assert.That(DefinitionImport.Import("""{ "elements": [ { "type": "matrixdynamic", "name": "m", "columns": [ { "name": "a", "visibleIf": "{panel.b} = 1" } ] } ] }""")
                .Errors.Select(e => e.PropertyName), Is.Not.Empty, "{panel.…} is a paneldynamic's; a matrix's row is {row.…}");
            Assert.That(DefinitionImport.Import("""{ "elements": [ { "type": "matrixdynamic", "name": "m", "maxRowCount": 0, "columns": [ { "name": "a" } ] } ] }""")
                .Errors.Select(e => e.PropertyName), Does.Contain("$.elements[0].maxRowCount"));
        });
    }
}

/// <summary>Piping in a repeating group's rows: {panel.name} as the row's question shows it, {panelIndex} as the row's number.</summary>
public class PanelDynamicPipingTests
{
    [Test]
    public void A_rows_title_and_its_questions_texts_pipe_the_rows_own_answers()
    {
        var definition = SurveyDefinition.Parse("""
            { "elements": [ { "type": "paneldynamic", "name": "career", "templateTitle": "Stilling {panelIndex}: {panel.sector}",
              "templateElements": [
                { "type": "dropdown", "name": "sector", "choices": [ { "value": "state", "text": "Staten" }, { "value": "private", "text": "Privat" } ] },
                { "type": "text", "name": "years", "title": "År i {panel.sector} (række {panelIndex})" } ] } ] }
            """);
        var answers = JsonNode.Parse("""{ "career": [ { "sector": "state" }, { "sector": "private" } ] }""")!.AsObject();
        var check = AnswerValidator.Validate(definition, answers, AnswerScope.Draft);
        var views = QuestionViews.Build(definition, definition.Pages[0].Elements, "da", FormAnswers.ToForm(definition, answers), new Dictionary<string, string[]>(), check);
        var rows = views.Single().Rows;
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.Title), Is.EqualTo(new[] { "Stilling 1: Staten", "Stilling 2: Privat" }));
            Assert.That(rows.Select(r => r.Fields[1].Label), Is.EqualTo(new[] { "År i Staten (række 1)", "År i Privat (række 2)" }));
        });
    }
}
