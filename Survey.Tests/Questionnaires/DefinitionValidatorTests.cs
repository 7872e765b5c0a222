using System.Text.Json.Nodes;
using Survey.Core.Questionnaires;
using Survey.Web.Demo;

namespace Survey.Tests.Questionnaires;

public class DefinitionValidatorTests
{
    private static Dictionary<string, string[]> Errors(JsonNode definition) =>
        DefinitionImport.Import(definition.ToJsonString()).ErrorsByPath().ToDictionary();

    private static void AssertOnlyError(JsonNode definition, string path, string? containing = null)
    {
        using var english = Culture.Use("en");
        var errors = Errors(definition);
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { path }), string.Join("\n", errors.Select(e => e.Key + ": " + string.Join(", ", e.Value))));
        if (containing is not null) Assert.That(errors[path][0], Does.Contain(containing));
    }

    [Test]
    public void A_definition_with_every_supported_type_is_valid()
    {
        var result = DefinitionImport.Import(Definitions.EveryType().ToJsonString());
        Assert.That(result.Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage), Is.Empty);
    }

    [TestCase("leader-mobility.json")]
    [TestCase("leader-mobility-interview.json")]
    public void The_demo_definitions_are_valid(string file)
    {
        var result = DefinitionImport.Import(DemoSeeder.ReadDefinition(file));
        Assert.That(result.Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage), Is.Empty);
    }

    [Test]
    public void Export_gives_back_an_equivalent_document()
    {
        var original = Definitions.EveryType();
        var exported = SurveyDefinition.Parse(original.ToJsonString()).ToJson();
        Assert.That(JsonNode.DeepEquals(original, exported), Is.True, exported.ToJsonString());
    }

    [TestCase("leader-mobility.json")]
    [TestCase("leader-mobility-interview.json")]
    public void Export_of_the_demo_gives_back_an_equivalent_document(string file)
    {
        var original = JsonNode.Parse(DemoSeeder.ReadDefinition(file))!;
        var exported = SurveyDefinition.Parse(original.ToJsonString()).ToJson();
        Assert.That(JsonNode.DeepEquals(original, exported), Is.True);
    }

    [Test]
    public void Text_that_is_not_json_is_refused_with_line_and_column()
    {
        using var english = Culture.Use("en");
        var errors = DefinitionImport.Import("{\n  \"pages\": [ }").ErrorsByPath();
        Assert.That(errors["$"][0], Does.Contain("line 2"));
    }

    [Test]
    public void An_unsupported_element_type_is_refused_at_its_path()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["type"] = "imagepicker";
        d.Element(0, 1).Remove("visibleIf");
        AssertOnlyError(d, "$.pages[0].elements[1].type", "imagepicker");
    }

    [Test]
    public void An_unsupported_element_property_is_refused_at_its_path()
    {
        // correctAnswer makes a quiz of it: refused (colCount, a display setting, is kept: SurveyJsDefaultsTests).
        var d = Definitions.Minimal();
        d.Element(0, 0)["correctAnswer"] = "state";
        AssertOnlyError(d, "$.pages[0].elements[0].correctAnswer", "correctAnswer");
    }

    [Test]
    public void A_property_of_another_type_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 0)["rateMax"] = 5;
        AssertOnlyError(d, "$.pages[0].elements[0].rateMax");
    }

    [Test]
    public void An_unsupported_survey_property_is_refused()
    {
        var d = Definitions.Minimal();
        // navigateToUrl would send the leader elsewhere after submitting: refused.
        d["navigateToUrl"] = "https://example.dk";
        AssertOnlyError(d, "$.navigateToUrl");
    }

    [Test]
    public void An_unsupported_page_property_is_refused()
    {
        var d = Definitions.Minimal();
        d["pages"]![0]!["maxTimeToFinish"] = 60;
        AssertOnlyError(d, "$.pages[0].maxTimeToFinish");
    }

    [Test]
    public void An_empty_name_is_refused()
    {
        // A missing name is given as SurveyJS gives it (SurveyJsDefaultsTests); an empty one is a mistake.
        var d = Definitions.Minimal();
        d.Element(0, 0)["name"] = "";
        d.Element(0, 1).Remove("visibleIf");
        AssertOnlyError(d, "$.pages[0].elements[0].name");
    }

    [Test]
    public void A_duplicate_name_is_refused_and_points_at_the_first_use()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["name"] = "Sector";
        d.Element(0, 1).Remove("visibleIf");
        AssertOnlyError(d, "$.pages[0].elements[1].name", "$.pages[0].elements[0]");
    }

    [Test]
    public void A_name_with_a_dot_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["name"] = "why.not";
        AssertOnlyError(d, "$.pages[0].elements[1].name");
    }

    [Test]
    public void An_empty_page_name_is_refused()
    {
        var d = Definitions.Minimal();
        d["pages"]![0]!["name"] = " ";
        AssertOnlyError(d, "$.pages[0].name");
    }

    [Test]
    public void No_pages_is_refused()
    {
        var d = Definitions.Minimal();
        d["pages"] = new JsonArray();
        AssertOnlyError(d, "$.pages");
    }

    [Test]
    public void Empty_choices_are_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 0)["choices"] = new JsonArray();
        AssertOnlyError(d, "$.pages[0].elements[0].choices");
    }

    [Test]
    public void A_duplicate_choice_value_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 0)["choices"] = new JsonArray("a", "b", "A");
        AssertOnlyError(d, "$.pages[0].elements[0].choices[2]");
    }

    [Test]
    public void A_choice_object_without_value_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 0)["choices"] = JsonNode.Parse("""["a", { "text": "B" }]""");
        AssertOnlyError(d, "$.pages[0].elements[0].choices[1].value");
    }

    [Test]
    public void A_choice_that_clashes_with_the_other_item_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 0)["showOtherItem"] = true;
        d.Element(0, 0)["choices"] = new JsonArray("a", "other");
        AssertOnlyError(d, "$.pages[0].elements[0].choices");
    }

    [Test]
    public void RateMin_above_rateMax_is_refused()
    {
        var d = Definitions.Minimal();
        d["pages"]![0]!["elements"]!.AsArray().Add(JsonNode.Parse("""{ "type": "rating", "name": "r", "rateMin": 7, "rateMax": 3 }"""));
        AssertOnlyError(d, "$.pages[0].elements[2].rateMin", "7");
    }

    [Test]
    public void A_matrix_without_rows_is_refused()
    {
        var d = Definitions.Minimal();
        d["pages"]![0]!["elements"]!.AsArray().Add(JsonNode.Parse("""{ "type": "matrix", "name": "m", "columns": [1, 2] }"""));
        AssertOnlyError(d, "$.pages[0].elements[2].rows");
    }

    [Test]
    public void An_unsupported_input_type_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["inputType"] = "color";
        AssertOnlyError(d, "$.pages[0].elements[1].inputType", "color");
    }

    [Test]
    public void Min_above_max_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["inputType"] = "number";
        d.Element(0, 1)["min"] = 10;
        d.Element(0, 1)["max"] = 1;
        AssertOnlyError(d, "$.pages[0].elements[1].min");
    }

    [Test]
    public void A_date_bound_that_is_not_a_date_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["inputType"] = "date";
        d.Element(0, 1)["max"] = "next year";
        AssertOnlyError(d, "$.pages[0].elements[1].max");
    }

    [Test]
    public void A_value_of_the_wrong_json_type_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 0)["isRequired"] = "yes";
        AssertOnlyError(d, "$.pages[0].elements[0].isRequired");
    }

    [Test]
    public void Another_language_in_a_text_is_kept_with_a_warning_and_what_is_no_language_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 0)["title"] = JsonNode.Parse("""{ "da": "Sektor", "de": "Sektor (de)", "pt-br": "Setor" }""");
        var import = DefinitionImport.Import(d.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That(import.IsValid, Is.True);
            Assert.That(import.WarningsByPath().Keys, Is.SupersetOf(new[] { "$.pages[0].elements[0].title.de", "$.pages[0].elements[0].title.pt-br" }));
            Assert.That(import.Definition!.ToJson()["pages"]![0]!["elements"]![0]!["title"]!["de"]!.GetValue<string>(), Is.EqualTo("Sektor (de)"), "exported back");
            Assert.That(import.Definition!.FindQuestion("sector")!.Label("da"), Is.EqualTo("Sektor"));
        });
        d.Element(0, 0)["title"] = JsonNode.Parse("""{ "da": "Sektor", "Not a language": "x" }""");
        AssertOnlyError(d, "$.pages[0].elements[0].title.Not a language");
    }

    [TestCase("file", "identifies a person")]
    [TestCase("signaturepad", "identifies a person")]
    [TestCase("imagepicker", "screen reader")]
    public void An_out_of_scope_type_is_refused_with_the_reason(string type, string reason)
    {
        using var english = Culture.Use("en");
        var d = Definitions.Minimal();
        d["pages"]![0]!["elements"]!.AsArray().Add(new JsonObject { ["type"] = type, ["name"] = "upload" });
        AssertOnlyError(d, "$.pages[0].elements[2].type", reason);
    }

    [Test]
    public void Choices_by_url_are_refused_with_the_reason()
    {
        using var english = Culture.Use("en");
        var d = Definitions.Minimal();
        d.Element(0, 0)["choicesByUrl"] = JsonNode.Parse("""{ "url": "https://example.dk/choices" }""");
        AssertOnlyError(d, "$.pages[0].elements[0].choicesByUrl", "web address");
    }

    [Test]
    public void An_unsupported_validator_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["validators"] = JsonNode.Parse("""[ { "type": "phone" } ]""");
        AssertOnlyError(d, "$.pages[0].elements[1].validators[0].type", "phone");
    }

    [Test]
    public void An_invalid_regex_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["validators"] = JsonNode.Parse("""[ { "type": "regex", "regex": "([a-z" } ]""");
        AssertOnlyError(d, "$.pages[0].elements[1].validators[0].regex");
    }

    [Test]
    public void A_visibleIf_that_does_not_parse_is_refused_with_position()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["visibleIf"] = "{sector} = 'private' and";
        AssertOnlyError(d, "$.pages[0].elements[1].visibleIf", "Position 25");
    }

    [Test]
    public void A_visibleIf_naming_a_missing_question_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["visibleIf"] = "{sektor} = 'private'";
        AssertOnlyError(d, "$.pages[0].elements[1].visibleIf", "{sektor}");
    }

    [Test]
    public void A_visibleIf_naming_a_missing_matrix_row_is_refused()
    {
        var d = Definitions.EveryType();
        d["pages"]![1]!["visibleIf"] = "{matrix.r9} = 1";
        AssertOnlyError(d, "$.pages[1].visibleIf", "r9");
    }

    [Test]
    public void A_question_that_depends_on_itself_is_refused()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["visibleIf"] = "{why} empty";
        AssertOnlyError(d, "$.pages[0].elements[1].visibleIf");
    }

    [Test]
    public void An_unknown_function_in_visibleIf_is_refused_by_name()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["visibleIf"] = "dateDiff({sector}, today()) > 18";
        AssertOnlyError(d, "$.pages[0].elements[1].visibleIf", "dateDiff");
    }

    [Test]
    public void Functions_and_arithmetic_in_visibleIf_are_accepted()
    {
        var d = Definitions.Minimal();
        d.Element(0, 1)["visibleIf"] = "iif({sector} = 'state', 1, 0) + 1 = 2 and age('2000-01-01') > 18";
        Assert.That(DefinitionImport.Import(d.ToJsonString()).IsValid, Is.True);
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        var d = Definitions.Minimal();
        d["navigateToUrl"] = "https://example.dk";
        d.Element(0, 0)["choices"] = new JsonArray();
        d.Element(0, 1)["visibleIf"] = "{nobody} = 1";
        d.Element(0, 1)["correctAnswer"] = "x";
        var errors = Errors(d);
        Assert.That(errors.Keys, Is.EquivalentTo(new[]
        {
            "$.navigateToUrl", "$.pages[0].elements[0].choices", "$.pages[0].elements[1].visibleIf", "$.pages[0].elements[1].correctAnswer",
        }));
    }

    [Test]
    public void Messages_come_in_danish_and_english()
    {
        var d = Definitions.Minimal();
        d.Element(0, 0)["choices"] = new JsonArray();
        string danish, english;
        using (Culture.Use("da")) danish = Errors(d)["$.pages[0].elements[0].choices"][0];
        using (Culture.Use("en")) english = Errors(d)["$.pages[0].elements[0].choices"][0];
        Assert.Multiple(() =>
        {
            Assert.That(danish, Is.EqualTo("Listen skal have mindst ét punkt."));
            Assert.That(english, Is.EqualTo("The list must have at least one item."));
        });
    }
}
