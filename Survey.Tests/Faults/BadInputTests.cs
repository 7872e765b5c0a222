using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Survey.Tests.BackOffice;
using Survey.Tests.Sites;
using Survey.Web.Demo;
using Survey.Web.Users;

namespace Survey.Tests.Faults;

/// <summary>
/// Every JSON endpoint, public and admin, fed every kind of broken body: each answer is a 4xx with
/// problem details, never a 500 and never a half-written row.
/// </summary>
public class BadInputTests
{
    /// <summary>Bodies that are broken in a way no endpoint can accept, whatever it expects.</summary>
    private static IEnumerable<(string Name, HttpContent Body)> BrokenBodies()
    {
        static HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");
        yield return ("malformed JSON", Json("{\"answers\": {"));
        yield return ("trailing garbage", Json("{} }"));
        yield return ("an array", Json("[1, 2, 3]"));
        yield return ("a string", Json("\"hello\""));
        yield return ("null", Json("null"));
        yield return ("deeply nested", Json(new string('[', 5000) + new string(']', 5000)));
        yield return ("deeply nested object", Json(string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000)));
        var invalidUtf8 = new ByteArrayContent([(byte)'{', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        invalidUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        yield return ("invalid UTF-8", invalidUtf8);
        yield return ("wrong content type", new StringContent("answers=1", Encoding.UTF8, "application/x-www-form-urlencoded"));
        yield return ("empty", Json(""));
    }

    /// <summary>Well-formed JSON of the wrong types and shapes for the respondent API.</summary>
    private static IEnumerable<(string Name, JsonNode Body)> WrongAnswers()
    {
        yield return ("answers as a string", new JsonObject { ["answers"] = "all of them" });
        yield return ("answers as an array", new JsonObject { ["answers"] = new JsonArray(1, 2) });
        yield return ("unknown question", new JsonObject { ["answers"] = new JsonObject { ["no_such_question"] = "x" } });
        yield return ("object for a single choice", new JsonObject { ["answers"] = new JsonObject { ["current_sector"] = new JsonObject { ["a"] = 1 } } });
        yield return ("number for a multiple choice", new JsonObject { ["answers"] = new JsonObject { ["sectors_led"] = 7 } });
        yield return ("text for a rating", new JsonObject { ["answers"] = new JsonObject { ["future_interest"] = "ten" } });
        yield return ("array for a matrix", new JsonObject { ["answers"] = new JsonObject { ["knowledge_sharing"] = new JsonArray("x") } });
        yield return ("a choice not offered", new JsonObject { ["answers"] = new JsonObject { ["current_sector"] = "moon" } });
        yield return ("10,000 characters where the limit is lower", new JsonObject { ["answers"] = new JsonObject { ["recommendation"] = new string('x', 10_000) } });
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.InRange(400, 499), $"{what}: {(int)response.StatusCode} {body}");
        if (response.StatusCode != HttpStatusCode.RequestEntityTooLarge)
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), $"{what}: {body}");
    }

    [Test]
    public async Task The_respondent_api_answers_every_broken_body_with_problem_details_and_stores_nothing()
    {
        await using var site = await PublicSite.StartAsync();
        var token = await site.InviteAsync();
        using var http = site.CreateClient();
        Assert.Multiple(async () =>
        {
            foreach (var (name, body) in BrokenBodies())
            {
                await AssertProblemAsync(await http.PutAsync($"/api/v1/respond/{token}/answers", body), "PUT answers, " + name);
            }
            foreach (var (name, body) in BrokenBodies())
            {
                await AssertProblemAsync(await http.PostAsync($"/api/v1/respond/{token}/submit", body), "POST submit, " + name);
            }
            foreach (var (name, body) in WrongAnswers())
            {
                await AssertProblemAsync(await http.PutAsync($"/api/v1/respond/{token}/answers", JsonContent(body)), "PUT answers, " + name);
                await AssertProblemAsync(await http.PostAsync($"/api/v1/respond/{token}/submit", JsonContent(body)), "POST submit, " + name);
            }
            var huge = new JsonObject { ["answers"] = new JsonObject { ["recommendation"] = new string('x', 3_000_000) } };
            // Expect: 100-continue, as a careful client sends a large body: the server refuses it before a byte of it is sent
            // (without it the server's early 413 can meet a client still writing, which then sees a broken pipe instead).
            using var oversized = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/respond/{token}/answers") { Content = JsonContent(huge) };
            oversized.Headers.ExpectContinue = true;
            await AssertProblemAsync(await http.SendAsync(oversized), "oversized body");
        });
        await using var c = await site.Db.Database.OpenAsync();
        Assert.That(Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT COUNT(*) FROM responses"), Is.Zero);
    }

    [Test]
    public async Task The_admin_api_answers_every_broken_body_with_problem_details_and_writes_nothing()
    {
        await using var site = new BackOfficeSite();
        using var api = site.Api(await site.ApiKeyAsync(Roles.Secretariat));
        var created = await api.PostAsync("/api/v1/admin/questionnaires", JsonContent(new JsonObject
        {
            ["definition"] = JsonNode.Parse(DemoSeeder.ReadDefinition("leader-mobility.json")), ["mode"] = "survey",
        }));
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
        var endpoints = new[] { "/api/v1/admin/questionnaires", "/api/v1/admin/contacts", $"/api/v1/admin/questionnaires/{id}/invitations" };
        var wrongTypes = new (string Path, JsonNode Body)[]
        {
            ("/api/v1/admin/questionnaires", new JsonObject { ["definition"] = "not a definition" }),
            ("/api/v1/admin/questionnaires", new JsonObject { ["definition"] = new JsonObject { ["pages"] = 5 }, ["mode"] = "survey" }),
            ("/api/v1/admin/questionnaires", new JsonObject { ["definition"] = JsonNode.Parse(DemoSeeder.ReadDefinition("leader-mobility.json")), ["minGroupSize"] = "five" }),
            ("/api/v1/admin/contacts", new JsonArray(new JsonObject { ["name"] = 5, ["email"] = true })),
            ("/api/v1/admin/contacts", new JsonArray("just a string")),
            ($"/api/v1/admin/questionnaires/{id}/invitations", new JsonObject { ["contactIds"] = "all" }),
            ($"/api/v1/admin/questionnaires/{id}/invitations", new JsonObject { ["contactIds"] = new JsonArray(999_999) }),
        };
        Assert.Multiple(async () =>
        {
            foreach (var path in endpoints)
                foreach (var (name, body) in BrokenBodies())
                    await AssertProblemAsync(await api.PostAsync(path, body), $"POST {path}, {name}");
            foreach (var (path, body) in wrongTypes)
                await AssertProblemAsync(await api.PostAsync(path, JsonContent(body)), $"POST {path}, {body.ToJsonString()[..Math.Min(60, body.ToJsonString().Length)]}");
            var formula = "name,email,organisation,sector\n=HYPERLINK(\"http://evil\"),x@test.example,Org,moon\n";
            await AssertProblemAsync(await api.PostAsync("/api/v1/admin/contacts", new StringContent(formula, Encoding.UTF8, "text/csv")), "CSV with a bad sector");
        });
        await using var c = await site.Db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT COUNT(*) FROM contacts"), Is.Zero);
            Assert.That(Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT COUNT(*) FROM questionnaires"), Is.EqualTo(1));
            Assert.That(Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT COUNT(*) FROM invitations"), Is.Zero);
        });
    }

    [Test]
    public async Task The_admin_site_refuses_a_body_above_its_limit_with_413_and_writes_nothing()
    {
        await using var site = new BackOfficeSite();
        site.Factory.UseKestrelOnFreePort();
        site.Factory.StartServer();
        using var api = site.Api(await site.ApiKeyAsync(Roles.Secretariat));
        api.BaseAddress = site.Factory.ClientOptions.BaseAddress;
        // Contacts a little over the site's limit (21 MiB), sent without a length (chunked), so only the server's own limit
        // can stop them; only a little over, so the whole body is on its way before the server answers and closes.
        var row = new JsonObject { ["name"] = "Leder", ["email"] = "x@test.example", ["sector"] = "state" }.ToJsonString();
        var body = "[" + string.Join(",", Enumerable.Repeat(row, (21 * 1024 * 1024 + 4096) / (row.Length + 1))) + "]";
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/contacts") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await api.SendAsync(request);
        await using var c = await site.Db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT COUNT(*) FROM contacts"), Is.Zero);
        });
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
