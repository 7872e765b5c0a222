using System.Net;
using System.Text.Json.Nodes;
using Survey.Core.Questionnaires;
using Survey.Core.Questionnaires.Expressions;
using Survey.Tests.Questionnaires;
using Survey.Web.Pages.Questionnaires;
using Survey.Web.Questionnaires;
using Survey.Web.Users;

namespace Survey.Tests.BackOffice.Questionnaires;

public class EditorTests
{
    private static SurveyDefinition EveryType => SurveyDefinition.Parse(Definitions.EveryType().ToJsonString());

    [Test]
    public void Every_element_of_every_type_survives_the_editor_form_unchanged()
    {
        var definition = EveryType;
        for (var p = 0; p < definition.Pages.Count; p++)
        {
            for (var i = 0; i < definition.Pages[p].Elements.Count; i++)
            {
                var element = definition.Pages[p].Elements[i];
                var edited = DefinitionEditor.ReplaceAt(definition, element.Name!, QuestionForm.From(element).ToJson())!;
                var reread = DefinitionImport.Import(edited.ToJsonString());
                Assert.That(reread.Errors.Select(e => e.PropertyName + " " + e.ErrorMessage), Is.Empty, element.Name);
                var again = reread.Definition!.Pages[p].Elements[i];
                Assert.Multiple(() =>
                {
                    Assert.That(again.Name, Is.EqualTo(element.Name));
                    Assert.That(again.Type, Is.EqualTo(element.Type));
                    Assert.That(again.Label("da"), Is.EqualTo(element.Label("da")), element.Name);
                    Assert.That(again.Label("en"), Is.EqualTo(element.Label("en")), element.Name);
                    Assert.That(again.Required, Is.EqualTo(element.Required), element.Name);
                    Assert.That(again.VisibleIf, Is.EqualTo(element.VisibleIf), element.Name);
                    Assert.That(again.Choices?.Select(c => c.Key), Is.EqualTo(element.Choices?.Select(c => c.Key)), element.Name);
                    Assert.That(again.Choices?.Select(c => c.Label("en")), Is.EqualTo(element.Choices?.Select(c => c.Label("en"))), element.Name);
                    Assert.That(again.Rows?.Select(c => c.Key), Is.EqualTo(element.Rows?.Select(c => c.Key)), element.Name);
                    Assert.That(again.Columns?.Select(c => c.Label("en")), Is.EqualTo(element.Columns?.Select(c => c.Label("en"))), element.Name);
                    Assert.That(again.ShowOtherItem == true, Is.EqualTo(element.ShowOtherItem == true), element.Name);
                    Assert.That(again.Validators?.Select(v => v.Type) ?? [], Is.EquivalentTo(element.Validators?.Select(v => v.Type) ?? []), element.Name);
                    Assert.That(EffectiveMaxLength(again), Is.EqualTo(EffectiveMaxLength(element)), element.Name);
                    Assert.That(again.Min?.ToJsonString(), Is.EqualTo(element.Min?.ToJsonString()), element.Name);
                    Assert.That(again.EffectiveRateMin, Is.EqualTo(element.EffectiveRateMin), element.Name);
                    Assert.That(again.EffectiveRateMax, Is.EqualTo(element.EffectiveRateMax), element.Name);
                    Assert.That(again.Html?.Get("en"), Is.EqualTo(element.Html?.Get("en")), element.Name);
                });
            }
        }
    }

    [Test]
    public void The_containers_and_matrices_survive_their_question_form_unchanged()
    {
        var definition = SurveyDefinition.Parse("""
            { "pages": [ { "name": "p", "elements": [
              { "type": "text", "name": "t" },
              { "type": "panel", "name": "box", "title": { "da": "Boks", "en": "Box" }, "visibleIf": "{t} notempty", "elements": [ { "type": "comment", "name": "c" } ] },
              { "type": "paneldynamic", "name": "career", "isRequired": true, "templateTitle": { "da": "Stilling {panelIndex}" }, "panelCount": 1, "maxPanelCount": 4,
                "templateElements": [ { "type": "dropdown", "name": "sector", "choices": ["a"], "isRequired": true }, { "type": "text", "name": "years", "visibleIf": "{panel.sector} = 'a'" } ] },
              { "type": "matrixdynamic", "name": "posts", "rowCount": 1, "minRowCount": 1, "addRowText": { "da": "Tilføj" }, "choices": ["x", "y"],
                "columns": [ { "name": "kind" }, { "name": "n", "cellType": "text", "inputType": "number", "visibleIf": "{row.kind} = 'x'" } ] },
              { "type": "matrixdropdown", "name": "grid", "rows": ["r"], "columns": [ { "name": "ok", "cellType": "boolean" } ] },
              { "type": "multipletext", "name": "mt", "items": [ { "name": "a", "isRequired": true }, { "name": "b", "inputType": "number" } ] }
            ] } ] }
            """);
        static string Shape(ElementDefinition e) => System.Text.Json.JsonSerializer.Serialize(new
        {
            e.Type, e.Name, Da = e.Label("da"), e.Required, e.VisibleIf, e.PanelCount, e.MinPanelCount, e.MaxPanelCount,
            Add = e.PanelAddText?.Get("da"), Row = e.TemplateTitle?.Get("da"),
            Elements = e.Elements?.Select(c => c.Name + ":" + c.Type),
            Template = e.TemplateElements?.Select(c => $"{c.Name}:{c.Type}:{c.Required}:{c.VisibleIf}:{c.EffectiveInputType}:{string.Join(",", c.Choices?.Select(x => x.Key) ?? [])}"),
            Columns = e.CellColumns?.Select(c => c.Name + ":" + c.Type), Rows = e.Rows?.Select(r => r.Key),
            Items = e.Items?.Select(i => $"{i.Name}:{i.Required}:{i.EffectiveInputType}"), Choices = e.Choices?.Select(c => c.Key),
        });
        foreach (var element in definition.Pages[0].Elements)
        {
            var address = DefinitionEditor.AddressOf(element);
            var saved = DefinitionEditor.ReplaceAt(definition, address, QuestionForm.From(element).MergeInto(DefinitionEditor.JsonAt(definition, address)!))!;
            var reread = DefinitionImport.Import(saved.ToJsonString());
            Assert.That(reread.Errors.Select(e => e.PropertyName + " " + e.ErrorMessage), Is.Empty, element.Name);
            Assert.That(Shape(DefinitionEditor.ElementAt(reread.Definition!, address)!), Is.EqualTo(Shape(element)), element.Name);
        }
    }

    private static int? EffectiveMaxLength(ElementDefinition e) =>
        new[] { e.MaxLength, e.Validators?.FirstOrDefault(v => v.Type == "text")?.MaxLength }.Where(m => m is not null).Min();

    [Test]
    public void Saving_a_question_keeps_what_its_form_does_not_edit()
    {
        var definition = SurveyDefinition.Parse("""
            { "pages": [ { "name": "p", "elements": [
              { "type": "text", "name": "t", "title": "Før" },
              { "type": "radiogroup", "name": "q", "title": "Før", "colCount": 2, "requiredIf": "{t} = 1", "enableIf": "{t} != 2",
                "requiredErrorText": "Svar!", "choicesVisibleIf": "{item} != 'c'",
                "choices": [ "a", { "value": "b", "text": "Bee", "visibleIf": "{t} = 3" }, "c" ],
                "validators": [ { "type": "expression", "expression": "{q} != 'a'" } ] }
            ] } ] }
            """);
        var element = definition.FindQuestion("q")!;
        var form = QuestionForm.From(element);
        form.TitleDa = "Efter";
        var existing = definition.ToJson()["pages"]![0]!["elements"]![1]!.AsObject();
        var saved = form.MergeInto(existing);
        Assert.Multiple(() =>
        {
            Assert.That(saved["title"]!["da"]!.GetValue<string>(), Is.EqualTo("Efter"));
            foreach (var kept in new[] { "colCount", "requiredIf", "enableIf", "requiredErrorText", "choicesVisibleIf", "validators" })
                Assert.That(JsonNode.DeepEquals(saved[kept], existing[kept]), Is.True, kept + " kept: " + saved.ToJsonString());
            Assert.That(saved["choices"]![1]!["visibleIf"]!.GetValue<string>(), Is.EqualTo("{t} = 3"), "a choice keeps its condition");
        });
        form.Type = ElementTypes.Checkbox;
        Assert.That(form.MergeInto(existing).ContainsKey("colCount"), Is.False, "a new type starts afresh");

        // The parts the form shows (a matrixdropdown's rows, columns and shared choices, a multipletext's items) come back
        // as they were, and what it does not show of a part (an item's input type, a column's own choices) is kept by the part's name.
        var matrix = SurveyDefinition.Parse("""
            { "pages": [ { "name": "p", "elements": [
              { "type": "matrixdropdown", "name": "m", "title": "Før", "rows": ["r"], "choices": ["a", "b"],
                "columns": [ { "name": "c" }, { "name": "d", "cellType": "checkbox", "choices": ["x"], "isRequired": true } ] },
              { "type": "multipletext", "name": "t", "title": "Før", "items": [ { "name": "i", "inputType": "number" } ] } ] } ] }
            """);
        foreach (var (name, index) in new[] { ("m", 0), ("t", 1) })
        {
            var before = matrix.ToJson()["pages"]![0]!["elements"]![index]!.AsObject();
            var edit = QuestionForm.From(matrix.FindQuestion(name)!);
            edit.TitleDa = "Efter";
            var after = DefinitionImport.Import(DefinitionEditor.ReplaceAt(matrix, name, edit.MergeInto(before))!.ToJsonString());
            Assert.That(after.Errors, Is.Empty, name);
            var again = after.Definition!.FindQuestion(name)!;
            var was = matrix.FindQuestion(name)!;
            Assert.Multiple(() =>
            {
                Assert.That(again.Label("da"), Is.EqualTo("Efter"));
                Assert.That(again.Rows?.Select(r => r.Key), Is.EqualTo(was.Rows?.Select(r => r.Key)));
                Assert.That(again.Choices?.Select(r => r.Key), Is.EqualTo(was.Choices?.Select(r => r.Key)));
                Assert.That(again.CellColumns?.Select(c => (c.Name, c.Type, c.Required, string.Join(",", c.Choices?.Select(x => x.Key) ?? []))),
                    Is.EqualTo(was.CellColumns?.Select(c => (c.Name, c.Type, c.Required, string.Join(",", c.Choices?.Select(x => x.Key) ?? [])))));
                Assert.That(again.Items?.Select(i => (i.Name, i.EffectiveInputType)), Is.EqualTo(was.Items?.Select(i => (i.Name, i.EffectiveInputType))));
            });
        }
    }

    [Test]
    public void Choices_are_added_moved_and_removed_in_the_form()
    {
        var form = new QuestionForm { Type = ElementTypes.RadioGroup, Choices = [new() { Value = "a" }, new() { Value = "b" }] };
        form.Apply("add:Choices");
        form.Apply("up:Choices:2");
        form.Apply("remove:Choices:0");
        Assert.That(form.Choices.Select(c => c.Value), Is.EqualTo(new[] { "option3", "b" }));
    }

    [Test]
    public void An_element_moved_past_the_top_of_a_page_goes_to_the_end_of_the_previous_page()
    {
        // Not a valid definition any more (the second page is empty), which the importer would refuse on save.
        var moved = DefinitionReader.Read(DefinitionEditor.MoveElement(EveryType, 1, 0, -1).ToJsonString()).Definition!;
        Assert.Multiple(() =>
        {
            Assert.That(moved.Pages[0].Elements[^1].Name, Is.EqualTo("followup"));
            Assert.That(moved.Pages[1].Elements, Is.Empty);
        });
    }

    [Test]
    public void New_questions_get_a_name_that_is_not_taken()
    {
        var json = DefinitionEditor.AddElement(EveryType, 0, ElementTypes.Checkbox);
        var names = SurveyDefinition.Parse(json.ToJsonString()).AllElements.Select(e => e.Name).ToList();
        Assert.That(names.Distinct().Count(), Is.EqualTo(names.Count));
    }

    [TestCase(null, "changed", "=", "true", "{changed} = true")]
    [TestCase(null, "sector", "=", "private", "{sector} = 'private'")]
    [TestCase(null, "sector", "anyof", "state, region", "{sector} anyof ['state', 'region']")]
    [TestCase("{a} = 1", "b", "notempty", "", "({a} = 1) and {b} notempty")]
    [TestCase(null, "n", ">=", "6", "{n} >= 6")]
    [TestCase(null, "s", "=", "it's", "{s} = 'it\\'s'")]
    public void The_condition_builder_writes_expressions_that_parse(string? existing, string question, string op, string value, string expected)
    {
        var composed = Survey.Web.Questionnaires.ConditionBuilder.Compose(existing, question, op, value);
        Assert.Multiple(() =>
        {
            Assert.That(composed, Is.EqualTo(expected));
            Assert.That(ExpressionParser.TryParse(composed, out _, out _), Is.True);
        });
    }

    [Test]
    public async Task The_secretariat_adds_and_edits_a_question_and_the_draft_changes()
    {
        await using var site = new BackOfficeSite();
        var lifecycle = new QuestionnaireLifecycle(site.Db.Database);
        var id = (await lifecycle.CreateAsync(Definitions.Minimal().ToJsonString(), new QuestionnaireSettings(), "test")).Value;
        using var client = await site.SignedInAsync(Roles.Secretariat);

        var added = await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/Edit/{id}", new() { ["Op"] = "add:p1", ["Type"] = "radiogroup" });
        var form = new Dictionary<string, string>
        {
            ["Input.Type"] = "radiogroup", ["Input.Name"] = "level", ["Input.TitleDa"] = "Niveau?", ["Input.TitleEn"] = "Level?", ["Input.Required"] = "true",
            ["Input.Choices[0].Value"] = "top", ["Input.Choices[0].Da"] = "Top", ["Input.Choices[0].En"] = "Top",
            ["Input.Choices[1].Value"] = "middle", ["Input.Choices[1].Da"] = "Mellem", ["Input.Choices[1].En"] = "Middle",
            ["Input.VisibleIf"] = "{sector} = 'private'", ["Action"] = "save",
        };
        var saved = await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/EditQuestion/{id}?question=question3", form);
        var definition = SurveyDefinition.Parse((await lifecycle.GetAsync(id))!.DraftDefinition);
        var level = definition.FindQuestion("level");

        form["Input.Name"] = "why"; // already used by another question
        var clash = await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/EditQuestion/{id}?question=level", form);
        var clashPage = WebUtility.HtmlDecode(await clash.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(level!.Required, Is.True);
            Assert.That(level.Choices!.Select(c => c.Label("en")), Is.EqualTo(new[] { "Top", "Middle" }));
            Assert.That(level.VisibleIf, Is.EqualTo("{sector} = 'private'"));
            Assert.That(clash.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(clashPage, Does.Contain("Navnet \"why\" er allerede brugt"));
            Assert.That(clashPage, Does.Contain("href=\"#Input_Name\""));
        });
    }

    [Test]
    public async Task A_matrix_can_require_every_row_and_the_leader_is_then_refused_with_rows_missing()
    {
        await using var site = new BackOfficeSite();
        var lifecycle = new QuestionnaireLifecycle(site.Db.Database);
        var id = (await lifecycle.CreateAsync(Definitions.Minimal().ToJsonString(), new QuestionnaireSettings(), "test")).Value;
        using var client = await site.SignedInAsync(Roles.Secretariat);
        await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/Edit/{id}", new() { ["Op"] = "add:p1", ["Type"] = "matrix" });
        var name = SurveyDefinition.Parse((await lifecycle.GetAsync(id))!.DraftDefinition).Pages[0].Elements.Last().Name!;
        var editor = WebUtility.HtmlDecode(await client.GetStringAsync($"/Questionnaires/EditQuestion/{id}?question={name}"));
        var saved = await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/EditQuestion/{id}?question={name}", new()
        {
            ["Input.Type"] = "matrix", ["Input.Name"] = "agree", ["Input.TitleDa"] = "Enig?", ["Input.Required"] = "true", ["Input.AllRowsRequired"] = "true",
            ["Input.Rows[0].Value"] = "r1", ["Input.Rows[1].Value"] = "r2", ["Input.Rows[2].Value"] = "r3",
            ["Input.Columns[0].Value"] = "1", ["Input.Columns[1].Value"] = "2", ["Action"] = "save",
        });
        var agree = SurveyDefinition.Parse((await lifecycle.GetAsync(id))!.DraftDefinition).FindQuestion("agree")!;
        var radio = WebUtility.HtmlDecode(await client.GetStringAsync($"/Questionnaires/EditQuestion/{id}?question=sector"));
        var answers = new System.Text.Json.Nodes.JsonObject { ["agree"] = new System.Text.Json.Nodes.JsonObject { ["r1"] = "1", ["r2"] = "2" } };
        var errors = Survey.Core.Responses.AnswerValidator.Validate(SurveyDefinition.Parse((await lifecycle.GetAsync(id))!.DraftDefinition), answers, Survey.Core.Responses.AnswerScope.Submit).Errors;
        Assert.Multiple(() =>
        {
            Assert.That(editor, Does.Contain("Input_AllRowsRequired"));
            Assert.That(radio, Does.Not.Contain("Input_AllRowsRequired"), "only where the type takes it");
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((agree.Required, agree.IsAllRowRequired), Is.EqualTo((true, (bool?)true)));
            Assert.That(errors.Keys, Does.Contain("agree"), "two of three rows are refused");
        });
    }

    [Test]
    public async Task The_secretariat_builds_a_career_history_a_panel_a_matrixdropdown_and_a_multipletext_in_the_editor()
    {
        await using var site = new BackOfficeSite();
        var lifecycle = new QuestionnaireLifecycle(site.Db.Database);
        var id = (await lifecycle.CreateAsync(Definitions.Minimal().ToJsonString(), new QuestionnaireSettings(), "test")).Value;
        using var client = await site.SignedInAsync(Roles.Secretariat);
        SurveyDefinition Draft() => SurveyDefinition.Parse(lifecycle.GetAsync(id).GetAwaiter().GetResult()!.DraftDefinition);
        async Task Post(string url, Dictionary<string, string> fields)
        {
            var response = await BackOfficeSite.PostFormAsync(client, url, fields);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), url + ": " + WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }

        // The repeating group: added, a dropdown added inside it, both edited, the group's own settings given.
        await Post($"/Questionnaires/Edit/{id}", new() { ["Op"] = "add:p1", ["Type"] = "paneldynamic" });
        await Post($"/Questionnaires/Edit/{id}", new() { ["Op"] = "add-in:question3", ["Type"] = "dropdown" });
        await Post($"/Questionnaires/EditQuestion/{id}?question=question3.field2", new()
        {
            ["Input.Type"] = "dropdown", ["Input.Name"] = "sector", ["Input.TitleDa"] = "Sektor", ["Input.Required"] = "true",
            ["Input.Choices[0].Value"] = "state", ["Input.Choices[1].Value"] = "private", ["Action"] = "save",
        });
        await Post($"/Questionnaires/EditQuestion/{id}?question=question3.field1", new()
        {
            ["Input.Type"] = "text", ["Input.Name"] = "years", ["Input.TitleDa"] = "År", ["Input.InputType"] = "number",
            ["Input.VisibleIf"] = "{panel.sector} = 'state'", ["Action"] = "save",
        });
        await Post($"/Questionnaires/Edit/{id}", new() { ["Op"] = "down:question3.years" });
        await Post($"/Questionnaires/EditQuestion/{id}?question=question3", new()
        {
            ["Input.Type"] = "paneldynamic", ["Input.Name"] = "career", ["Input.TitleDa"] = "Karriere", ["Input.MinPanelCount"] = "1",
            ["Input.MaxPanelCount"] = "6", ["Input.RowTitleDa"] = "Stilling {panelIndex}", ["Input.AddTextDa"] = "Tilføj stilling", ["Action"] = "save",
        });

        // A panel with a question in it; a matrixdropdown with a checkbox column; a multipletext with two items.
        await Post($"/Questionnaires/Edit/{id}", new() { ["Op"] = "add:p1", ["Type"] = "panel" });
        var panel = Draft().Pages[0].Elements.Last().Name!;
        await Post($"/Questionnaires/Edit/{id}", new() { ["Op"] = "add-in:" + panel, ["Type"] = "boolean" });
        await Post($"/Questionnaires/EditQuestion/{id}?question={panel}", new()
        {
            ["Input.Type"] = "panel", ["Input.Name"] = "move", ["Input.TitleDa"] = "Skiftet", ["Input.VisibleIf"] = "{sector} notempty", ["Action"] = "save",
        });
        await Post($"/Questionnaires/Edit/{id}", new() { ["Op"] = "add:p1", ["Type"] = "matrixdropdown" });
        var matrix = Draft().Pages[0].Elements.Last().Name!;
        await Post($"/Questionnaires/EditQuestion/{id}?question={matrix}", new()
        {
            ["Input.Type"] = "matrixdropdown", ["Input.Name"] = "posts", ["Input.TitleDa"] = "Stillinger",
            ["Input.Rows[0].Value"] = "first", ["Input.Rows[0].Da"] = "Første", ["Input.Choices[0].Value"] = "a", ["Input.Choices[1].Value"] = "b",
            ["Input.Columns[0].Value"] = "kind", ["Input.Columns[0].Kind"] = "dropdown",
            ["Input.Columns[1].Value"] = "areas", ["Input.Columns[1].Da"] = "Områder", ["Input.Columns[1].Kind"] = "checkbox", ["Action"] = "save",
        });
        await Post($"/Questionnaires/Edit/{id}", new() { ["Op"] = "add:p1", ["Type"] = "multipletext" });
        var multiple = Draft().Pages[0].Elements.Last().Name!;
        await Post($"/Questionnaires/EditQuestion/{id}?question={multiple}", new()
        {
            ["Input.Type"] = "multipletext", ["Input.Name"] = "post", ["Input.TitleDa"] = "Stilling",
            ["Input.Items[0].Value"] = "employer", ["Input.Items[0].Da"] = "Arbejdsgiver", ["Input.Items[1].Value"] = "title", ["Action"] = "save",
        });

        var draft = Draft();
        var career = draft.FindQuestion("career")!;
        var overview = WebUtility.HtmlDecode(await client.GetStringAsync($"/Questionnaires/Edit/{id}"));
        Assert.Multiple(() =>
        {
            Assert.That(career.TemplateElements!.Select(t => t.Name), Is.EqualTo(new[] { "sector", "years" }), "added, renamed and moved inside the group");
            Assert.That(career.TemplateElements![0].Required, Is.True);
            Assert.That(career.TemplateElements![1].VisibleIf, Is.EqualTo("{panel.sector} = 'state'"));
            Assert.That((career.MinPanelCount, career.MaxPanelCount, career.TemplateTitle!.Get("da")), Is.EqualTo((1, 6, "Stilling {panelIndex}")));
            Assert.That(draft.FindQuestion(panel), Is.Null);
            Assert.That(draft.AllElements.Single(e => e.Name == "move").Elements!.Select(e => e.Type), Is.EqualTo(new[] { "comment", "boolean" }),
                "a new panel starts with a question; one added in it");
            var posts = draft.FindQuestion("posts")!;
            Assert.That(posts.CellColumns!.Select(c => (c.Name, c.Type)), Is.EqualTo(new[] { ("kind", "dropdown"), ("areas", "checkbox") }));
            Assert.That(posts.CellColumns![0].Choices!.Select(c => c.Key), Is.EqualTo(new[] { "a", "b" }), "a dropdown column takes the shared choices");
            Assert.That(draft.FindQuestion("post")!.Items!.Select(i => i.Name), Is.EqualTo(new[] { "employer", "title" }));
            Assert.That(overview, Does.Contain("value=\"up:career.years\"").And.Contain("value=\"add-in:career\"").And.Contain("value=\"add-in:move\""));
        });

        await Post($"/Questionnaires/Edit/{id}", new() { ["Op"] = "remove:career.years" });
        Assert.That(Draft().FindQuestion("career")!.TemplateElements!.Select(t => t.Name), Is.EqualTo(new[] { "sector" }));
        var form = WebUtility.HtmlDecode(await client.GetStringAsync($"/Questionnaires/EditQuestion/{id}?question=career.sector"));
        Assert.That(form, Does.Contain("Sektor</textarea>"), "a row's question opens in the question form");
    }

    [Test]
    public async Task The_condition_check_answers_as_the_secretariat_types()
    {
        await using var site = new BackOfficeSite();
        var id = (await new QuestionnaireLifecycle(site.Db.Database).CreateAsync(Definitions.Minimal().ToJsonString(), new QuestionnaireSettings(), "test")).Value;
        using var client = await site.SignedInAsync(Roles.Secretariat);
        var good = JsonNode.Parse(await client.GetStringAsync($"/Questionnaires/Edit/{id}?handler=Check&expression={Uri.EscapeDataString("{sector} = 'x'")}&name=why"))!;
        var bad = JsonNode.Parse(await client.GetStringAsync($"/Questionnaires/Edit/{id}?handler=Check&expression={Uri.EscapeDataString("{sector} =")}&name=why"))!;
        var unknown = JsonNode.Parse(await client.GetStringAsync($"/Questionnaires/Edit/{id}?handler=Check&expression={Uri.EscapeDataString("{nope} = 1")}&name=why"))!;
        Assert.Multiple(() =>
        {
            Assert.That(good["ok"]!.GetValue<bool>(), Is.True);
            Assert.That(bad["ok"]!.GetValue<bool>(), Is.False);
            Assert.That(bad["message"]!.GetValue<string>(), Does.Contain("Position"));
            Assert.That(unknown["message"]!.GetValue<string>(), Does.Contain("nope"));
        });
    }
}

public class ConcurrentEditingTests
{
    private static async Task<(BackOfficeSite Site, long Id, HttpClient Client)> DraftAsync()
    {
        var site = new BackOfficeSite();
        var id = (await new QuestionnaireLifecycle(site.Db.Database).CreateAsync(Definitions.Minimal().ToJsonString(), new QuestionnaireSettings(), "test")).Value;
        return (site, id, await site.SignedInAsync(Roles.Secretariat));
    }

    private static async Task<SurveyDefinition> DraftOf(BackOfficeSite site, long id) =>
        SurveyDefinition.Parse((await new QuestionnaireLifecycle(site.Db.Database).GetAsync(id))!.DraftDefinition);

    private static async Task<int> RevisionOf(BackOfficeSite site, long id) => (await new QuestionnaireLifecycle(site.Db.Database).GetAsync(id))!.DraftRevision;

    [Test]
    public async Task Sixteen_people_adding_a_page_from_the_same_view_add_one_and_the_others_are_told()
    {
        var (site, id, client) = await DraftAsync();
        await using var _ = site;
        using var __ = client;
        var revision = await RevisionOf(site, id);
        var page = await client.GetStringAsync($"/Questionnaires/Edit/{id}");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var posts = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.PostAsync($"/Questionnaires/Edit/{id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Op"] = "page-add", ["Revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }))));
        var refused = posts.Where(p => p.StatusCode == HttpStatusCode.Conflict).ToList();
        var message = WebUtility.HtmlDecode(await refused[0].Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(posts.Count(p => p.StatusCode == HttpStatusCode.Redirect), Is.EqualTo(1));
            Assert.That(refused, Has.Count.EqualTo(15));
            Assert.That(message, Does.Contain("En anden har ændret kladden"));
            Assert.That((await DraftOf(site, id)).Pages, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task A_removal_from_a_stale_view_is_refused_and_a_removal_by_name_takes_the_right_question_after_a_move()
    {
        var (site, id, client) = await DraftAsync();
        await using var _ = site;
        using var __ = client;
        var seen = (await RevisionOf(site, id)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Someone else moves "why" above "sector" meanwhile.
        using var other = await site.SignedInAsync(Roles.Secretariat);
        var moved = await BackOfficeSite.PostFormAsync(other, $"/Questionnaires/Edit/{id}", new() { ["Op"] = "up:why" });
        var stale = await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/Edit/{id}", new() { ["Op"] = "remove:why", ["Revision"] = seen });
        var afterStale = (await DraftOf(site, id)).Pages[0].Elements.Select(e => e.Name).ToList();
        var current = await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/Edit/{id}", new() { ["Op"] = "remove:why" });
        var bogus = await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/Edit/{id}", new() { ["Op"] = "up:99:99" });
        Assert.Multiple(async () =>
        {
            Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(afterStale, Is.EqualTo(new[] { "why", "sector" }), "nothing removed from a stale view");
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(current.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((await DraftOf(site, id)).Pages[0].Elements.Select(e => e.Name), Is.EqualTo(new[] { "sector" }), "the named question went, wherever it had moved");
            Assert.That(bogus.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task A_stale_question_save_keeps_what_was_typed_and_saves_on_the_second_try()
    {
        var (site, id, client) = await DraftAsync();
        await using var _ = site;
        using var __ = client;
        var form = await client.GetStringAsync($"/Questionnaires/EditQuestion/{id}?question=why");
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var revision = System.Text.RegularExpressions.Regex.Match(form, "name=\"Revision\" value=\"(\\d+)\"").Groups[1].Value;
        // Someone else saves the page meanwhile.
        using var other = await site.SignedInAsync(Roles.Secretariat);
        await BackOfficeSite.PostFormAsync(other, $"/Questionnaires/EditPage/{id}?pageName=p1", new() { ["Input.Name"] = "p1", ["Input.TitleDa"] = "Første side" });
        var fields = new Dictionary<string, string>
        {
            ["Input.Type"] = "text", ["Input.Name"] = "why", ["Input.TitleDa"] = "Hvorfor privat – mit nye spørgsmål", ["Input.VisibleIf"] = "{sector} = 'private'",
            ["Action"] = "save", ["Revision"] = revision, ["__RequestVerificationToken"] = token,
        };
        var stale = await client.PostAsync($"/Questionnaires/EditQuestion/{id}?question=why", new FormUrlEncodedContent(fields));
        var stalePage = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        fields["Revision"] = System.Text.RegularExpressions.Regex.Match(stalePage, "name=\"Revision\" value=\"(\\d+)\"").Groups[1].Value;
        var second = await client.PostAsync($"/Questionnaires/EditQuestion/{id}?question=why", new FormUrlEncodedContent(fields));
        var draft = await DraftOf(site, id);
        Assert.Multiple(() =>
        {
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(stalePage, Does.Contain("En anden har ændret kladden"));
            Assert.That(stalePage, Does.Contain("Hvorfor privat – mit nye spørgsmål"), "what was typed is still in the form");
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(draft.FindQuestion("why")!.Label("da"), Is.EqualTo("Hvorfor privat – mit nye spørgsmål"));
            Assert.That(draft.Pages[0].Title!.Get("da"), Is.EqualTo("Første side"), "the other person's change is kept too");
        });
    }
}

/// <summary>The condition builder offers the chosen question's own values, for questions and for pages; the draft keeps its last versions.</summary>
public class ConditionBuilderAndHistoryTests
{
    private static async Task<(BackOfficeSite Site, long Id, HttpClient Client)> DemoDraftAsync()
    {
        var site = new BackOfficeSite();
        var id = (await new QuestionnaireLifecycle(site.Db.Database).CreateAsync(Survey.Web.Demo.DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test")).Value;
        return (site, id, await site.SignedInAsync(Roles.Secretariat));
    }

    private static async Task<QuestionnaireRow> RowOf(BackOfficeSite site, long id) => (await new QuestionnaireLifecycle(site.Db.Database).GetAsync(id))!;

    [Test]
    public async Task The_builder_lists_each_earlier_question_values_by_their_texts_and_inserts_the_code()
    {
        var (site, id, client) = await DemoDraftAsync();
        await using var _ = site;
        var path = $"/Questionnaires/EditQuestion/{id}?question=years_as_leader";
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(path));
        var built = await BackOfficeSite.PostFormAsync(client, path, new()
        {
            ["Revision"] = (await RowOf(site, id)).DraftRevision.ToString(), ["Input.Type"] = "text", ["Input.Name"] = "years_as_leader", ["Input.TitleDa"] = "År",
            ["BuildQuestion"] = "current_sector", ["BuildOperator"] = "=", ["BuildValue"] = "municipality", ["BuildValueText"] = "", ["Action"] = "build",
        }, path);
        var typed = await BackOfficeSite.PostFormAsync(client, path, new()
        {
            ["Revision"] = (await RowOf(site, id)).DraftRevision.ToString(), ["Input.Type"] = "text", ["Input.Name"] = "years_as_leader", ["Input.TitleDa"] = "År",
            ["BuildQuestion"] = "current_sector", ["BuildOperator"] = "anyof", ["BuildValue"] = "state", ["BuildValueText"] = "state, region", ["Action"] = "build",
        }, path);
        Assert.Multiple(async () =>
        {
            Assert.That(page, Does.Contain("<optgroup label=\"I hvilken sektor er du leder i dag?\" data-question=\"current_sector\">"));
            Assert.That(page, Does.Contain("<option value=\"municipality\">Kommune (municipality)</option>"));
            Assert.That(page, Does.Contain("data-question=\"management_level\""));
            Assert.That(page, Does.Not.Contain("data-question=\"years_as_leader\""), "only questions asked before this one");
            Assert.That(WebUtility.HtmlDecode(await built.Content.ReadAsStringAsync()), Does.Contain("value=\"{current_sector} = 'municipality'\""));
            Assert.That(WebUtility.HtmlDecode(await typed.Content.ReadAsStringAsync()), Does.Contain("value=\"{current_sector} anyof ['state', 'region']\""), "a typed value beats the one picked");
        });
    }

    [Test]
    public async Task A_page_condition_is_built_from_the_questions_of_earlier_pages_and_saved()
    {
        var (site, id, client) = await DemoDraftAsync();
        await using var _ = site;
        var path = $"/Questionnaires/EditPage/{id}?pageName=knowledge-sharing";
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(path));
        var form = new Dictionary<string, string>
        {
            ["Revision"] = (await RowOf(site, id)).DraftRevision.ToString(), ["Input.Name"] = "knowledge-sharing", ["Input.TitleDa"] = "Videndeling",
            ["Input.VisibleIf"] = "", ["BuildQuestion"] = "changed_sector", ["BuildOperator"] = "=", ["BuildValue"] = "true", ["Action"] = "build",
        };
        var built = WebUtility.HtmlDecode(await (await BackOfficeSite.PostFormAsync(client, path, form, path)).Content.ReadAsStringAsync());
        form["Input.VisibleIf"] = "{changed_sector} = true";
        form["Action"] = "save";
        var saved = await BackOfficeSite.PostFormAsync(client, path, form, path);
        var draft = SurveyDefinition.Parse((await RowOf(site, id)).DraftDefinition);
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("Vis kun siden, når").And.Contain("<option value=\"true\">Ja (true)</option>"));
            Assert.That(page, Does.Contain("data-question=\"current_sector\"").And.Not.Contain("data-question=\"knowledge_sharing\""), "questions of earlier pages only");
            Assert.That(built, Does.Contain("value=\"{changed_sector} = true\""));
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(draft.Pages.Single(p => p.Name == "knowledge-sharing").VisibleIf, Is.EqualTo("{changed_sector} = true"));
        });
    }

    [Test]
    public async Task The_draft_keeps_its_last_twenty_versions_and_one_restored_is_the_draft_again_with_the_replaced_one_kept()
    {
        var (site, id, client) = await DemoDraftAsync();
        await using var _ = site;
        var lifecycle = new QuestionnaireLifecycle(site.Db.Database);
        for (var i = 0; i < 24; i++)
        {
            var row = await RowOf(site, id);
            var changed = DefinitionEditor.AddPage(SurveyDefinition.Parse(row.DraftDefinition));
            Assert.That((await lifecycle.UpdateDraftAsync(id, changed.ToJsonString(), "test", row.DraftRevision)).IsOk, Is.True);
        }
        var versions = await lifecycle.VersionsAsync(id);
        var current = await RowOf(site, id);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Questionnaires/History/{id}"));
        var oldest = versions.Last();
        var stale = await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/History/{id}?restore={oldest.Revision}", new() { ["Revision"] = (current.DraftRevision - 1).ToString() },
            $"/Questionnaires/History/{id}");
        var restored = await BackOfficeSite.PostFormAsync(client, $"/Questionnaires/History/{id}?restore={oldest.Revision}", new() { ["Revision"] = current.DraftRevision.ToString() },
            $"/Questionnaires/History/{id}");
        var after = await RowOf(site, id);
        var afterVersions = await lifecycle.VersionsAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(versions, Has.Count.EqualTo(QuestionnaireLifecycle.KeptVersions));
            Assert.That(versions.Select(v => v.Revision), Is.Ordered.Descending);
            Assert.That(versions[0].Revision, Is.EqualTo(current.DraftRevision - 1), "the newest kept is the one just replaced");
            Assert.That(SurveyDefinition.Parse(versions[0].Definition).Pages, Has.Count.EqualTo(SurveyDefinition.Parse(current.DraftDefinition).Pages.Count - 1));
            Assert.That(page, Does.Contain("mangler «Nyt spørgsmål»"), "the history says what a version lacks that the draft has");
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a restore from an old view of the draft is refused");
            Assert.That(restored.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(after.DraftDefinition), JsonNode.Parse(oldest.Definition)), Is.True, "the restored version is the draft");
            Assert.That(after.DraftRevision, Is.EqualTo(current.DraftRevision + 1));
            Assert.That(afterVersions[0].Revision, Is.EqualTo(current.DraftRevision), "the replaced draft is kept in its turn");
        });
    }
}

/// <summary>Ready scales fill a list of options or a matrix's columns in both languages; a list made can be kept as a scale of one's own.</summary>
public class ScalePresetTests
{
    [Test]
    public async Task A_ready_scale_fills_the_columns_and_a_list_saved_as_a_scale_is_offered_everywhere_after()
    {
        var site = new BackOfficeSite();
        await using var _ = site;
        var id = (await new QuestionnaireLifecycle(site.Db.Database).CreateAsync(Survey.Web.Demo.DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test")).Value;
        var client = await site.SignedInAsync(Roles.Secretariat);
        var revision = (await new QuestionnaireLifecycle(site.Db.Database).GetAsync(id))!.DraftRevision.ToString();
        var matrix = $"/Questionnaires/EditQuestion/{id}?question=knowledge_sharing";
        var offered = WebUtility.HtmlDecode(await client.GetStringAsync(matrix));
        var form = new Dictionary<string, string>
        {
            ["Revision"] = revision, ["Input.Type"] = "matrix", ["Input.Name"] = "knowledge_sharing", ["Input.TitleDa"] = "Hvor ofte?",
            ["Input.Rows[0].Value"] = "state", ["Input.Rows[0].Da"] = "Stat", ["Input.Columns[0].Value"] = "x", ["Input.Columns[0].Da"] = "X",
            ["PresetKey"] = "agree5", ["Action"] = "preset:Columns",
        };
        var filled = WebUtility.HtmlDecode(await (await BackOfficeSite.PostFormAsync(client, matrix, form, matrix)).Content.ReadAsStringAsync());
        // Save the filled columns, as the form now holds them.
        var save = new Dictionary<string, string>(form) { ["Action"] = "save" };
        save.Remove("Input.Columns[0].Value"); save.Remove("Input.Columns[0].Da");
        foreach (var (item, i) in Survey.Web.Questionnaires.ScalePresets.BuiltIn[0].Items.Select((item, i) => (item, i)))
        {
            save[$"Input.Columns[{i}].Value"] = item.Value!; save[$"Input.Columns[{i}].Da"] = item.Da!; save[$"Input.Columns[{i}].En"] = item.En!;
        }
        var saved = await BackOfficeSite.PostFormAsync(client, matrix, save, matrix);
        var stored = SurveyDefinition.Parse((await new QuestionnaireLifecycle(site.Db.Database).GetAsync(id))!.DraftDefinition).FindQuestion("knowledge_sharing")!;

        var choice = $"/Questionnaires/EditQuestion/{id}?question=hardest";
        var own = new Dictionary<string, string>
        {
            ["Revision"] = (await new QuestionnaireLifecycle(site.Db.Database).GetAsync(id))!.DraftRevision.ToString(), ["Input.Type"] = "radiogroup", ["Input.Name"] = "hardest",
            ["Input.TitleDa"] = "Sværest?", ["Input.Choices[0].Value"] = "lav", ["Input.Choices[0].Da"] = "Lav", ["Input.Choices[0].En"] = "Low",
            ["Input.Choices[1].Value"] = "høj", ["Input.Choices[1].Da"] = "Høj", ["Input.Choices[1].En"] = "High",
            ["PresetName"] = "Lav eller høj", ["Action"] = "save-preset:Choices",
        };
        var keptPage = WebUtility.HtmlDecode(await (await BackOfficeSite.PostFormAsync(client, choice, own, choice)).Content.ReadAsStringAsync());
        var taken = WebUtility.HtmlDecode(await (await BackOfficeSite.PostFormAsync(client, choice, own, choice)).Content.ReadAsStringAsync());
        var elsewhere = WebUtility.HtmlDecode(await client.GetStringAsync($"/Questionnaires/EditQuestion/{id}?question=current_sector"));
        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "Enighed (1–5)", "Hyppighed", "Tilfredshed (1–5)", "Skala 0–10", "Ja / nej / ved ikke" })
                Assert.That(offered, Does.Contain(name), name);
            Assert.That(filled, Does.Contain("name=\"Input.Columns[4].Value\" value=\"5\"").And.Contain("value=\"Helt enig\"").And.Contain("value=\"Strongly agree\""));
            Assert.That(filled, Does.Not.Contain("name=\"Input.Columns[5]"), "the scale replaces the columns");
            Assert.That(filled, Does.Contain("name=\"Input.Rows[0].Value\" value=\"state\""), "the rows stay");
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(stored.Columns!.Select(c => c.Label("en")), Is.EqualTo(new[] { "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree" }));
            Assert.That(keptPage, Does.Contain("Listen er gemt som skalaen \"Lav eller høj\""));
            Assert.That(taken, Does.Contain("Der findes allerede en skala med navnet \"Lav eller høj\""));
            Assert.That(elsewhere, Does.Contain(">Lav eller høj (Lav, Høj)</option>"), "one's own scale is offered on another question");
        });
    }
}
