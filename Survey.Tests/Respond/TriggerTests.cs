using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Tests.Sites;

namespace Survey.Tests.Respond;

/// <summary>SurveyJS's triggers on the leaders' pages: set, copy and compute a value, skip ahead, end early (a screen-out).</summary>
public class TriggerTests
{
    private const string Json = """
        { "triggers": [
            { "type": "setvalue", "expression": "{sector} = 'private'", "setToName": "track", "setValue": "business" },
            { "type": "copyvalue", "expression": "{sector} notempty", "fromName": "sector", "setToName": "first" },
            { "type": "runexpression", "expression": "{years} notempty", "setToName": "months", "runExpression": "{years} * 12" },
            { "type": "skip", "expression": "{sector} = 'state'", "gotoName": "final" },
            { "type": "complete", "expression": "{leader} = false" }
          ],
          "pages": [
            { "name": "p1", "elements": [
              { "type": "boolean", "name": "leader", "isRequired": true },
              { "type": "radiogroup", "name": "sector", "choices": ["state", "private"] },
              { "type": "text", "name": "years", "inputType": "number" } ] },
            { "name": "p2", "elements": [
              { "type": "text", "name": "track" }, { "type": "text", "name": "first" }, { "type": "text", "name": "months", "inputType": "number" },
              { "type": "comment", "name": "middle", "isRequired": true } ] },
            { "name": "p3", "elements": [ { "type": "comment", "name": "final" } ] }
          ] }
        """;

    private PublicSite _site = null!;
    private long _id;

    [OneTimeSetUp]
    public async Task Start()
    {
        _site = await PublicSite.StartAsync();
        _id = await _site.PublishAsync(Json);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _site.DisposeAsync();

    private Task<string> TokenAsync() => _site.InviteToAsync(_id);

    private async Task<HttpResponseMessage> PostAsync(HttpClient http, string token, string page, params (string, string)[] fields) =>
        await http.PostAsync($"/s/{token}/p/{page}", new FormUrlEncodedContent(fields.Append(("__action", "next")).Select(f => KeyValuePair.Create(f.Item1, f.Item2))));

    private Task<JsonObject> DraftAsync(string token) => _site.DraftAnswersAsync(token);

    [Test]
    public async Task Value_triggers_act_when_the_answers_they_name_change()
    {
        var token = await TokenAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _site.BaseAddress };
        var moved = await PostAsync(http, token, "p1", ("leader", "true"), ("sector", "private"), ("years", "2,5"));
        Assert.That(moved.Headers.Location?.ToString(), Does.EndWith("/p/p2"));
        var draft = await DraftAsync(token);
        Assert.Multiple(() =>
        {
            Assert.That(draft["track"]!.GetValue<string>(), Is.EqualTo("business"), "setvalue");
            Assert.That(draft["first"]!.GetValue<string>(), Is.EqualTo("private"), "copyvalue");
            Assert.That(draft["months"]!.GetValue<double>(), Is.EqualTo(30), "runexpression");
        });
        // The leader overrides the set value on page 2; it stays, as nothing the trigger names changed.
        await PostAsync(http, token, "p2", ("track", "own"), ("first", "private"), ("months", "30"), ("middle", "x"));
        Assert.That((await DraftAsync(token))["track"]!.GetValue<string>(), Is.EqualTo("own"));
    }

    [Test]
    public async Task A_skip_trigger_goes_to_the_page_of_its_question()
    {
        var token = await TokenAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _site.BaseAddress };
        var moved = await PostAsync(http, token, "p1", ("leader", "true"), ("sector", "state"));
        Assert.That(moved.Headers.Location?.ToString(), Does.EndWith("/p/p3"), "past the required question on page 2");
    }

    [Test]
    public async Task A_complete_trigger_ends_the_questionnaire_on_that_page_without_asking_for_later_pages()
    {
        var token = await TokenAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _site.BaseAddress };
        var done = await PostAsync(http, token, "p1", ("leader", "false"));
        var body = WebUtility.HtmlDecode(await done.Content.ReadAsStringAsync());
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(body, Does.Contain("receipt-reference"), "the receipt, though page 2's required question was never asked");
        await using var c = await _site.Db.Database.OpenAsync();
        var stored = await c.ExecuteScalarAsync<string>("""
            SELECT r.answers FROM responses r JOIN invitation_tokens t ON t.invitation_id = r.invitation_id WHERE t.token_hash = @hash
            """, new { hash = Tokens.Hash(token) });
        Assert.That(JsonNode.Parse(stored!)!["leader"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public void A_trigger_that_cannot_work_is_refused_at_its_path()
    {
        var import = DefinitionImport.Import("""
            { "triggers": [ { "type": "setvalue", "expression": "{a} = 1", "setToName": "nobody", "setValue": 1 }, { "type": "visible", "expression": "{a} = 1" } ],
              "pages": [ { "name": "p", "elements": [ { "type": "text", "name": "a" } ] } ] }
            """);
        Assert.That(import.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "$.triggers[0].setToName", "$.triggers[1].type" }));
        var ok = DefinitionImport.Import(Json);
        Assert.That(ok.IsValid, Is.True, string.Join("; ", ok.Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage)));
        Assert.That(JsonNode.DeepEquals(ok.Definition!.ToJson()["triggers"], JsonNode.Parse(Json)!["triggers"]), Is.True, "written back");
    }
}
