using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Tests.Respond;
using Survey.Web.Demo;
using Survey.Web.Users;

namespace Survey.Tests.Sites;

/// <summary>
/// Two Survey.Api and two Survey.Web processes on one store behave as one site: they migrate it once
/// starting together, a leader's link submitted to both at once gives one response, the summary rows
/// both write are written once, and a sign-in on one back office is good on the other. On the
/// PostgreSQL run this is the deployment behind a load balancer; on SQLite, processes sharing the file.
/// </summary>
public class SeveralInstancesTests
{
    [Test]
    public async Task Two_public_and_two_back_office_instances_on_one_store_behave_as_one_site()
    {
        using var db = new TestDatabase(migrate: false);
        var apiPorts = new[] { SiteProcess.FreePort(), SiteProcess.FreePort() };
        var webPorts = new[] { SiteProcess.FreePort(), SiteProcess.FreePort() };
        var processes = apiPorts.Select(p => SiteProcess.Start("Survey.Api.dll", db, p))
            .Concat(webPorts.Select(p => SiteProcess.Start("Survey.Web.dll", db, p))).ToList();
        try
        {
            using var http = new HttpClient();
            foreach (var port in apiPorts.Concat(webPorts)) Assert.That(await SiteProcess.WaitForHealthAsync(http, port), Is.EqualTo(HttpStatusCode.OK));
            await using (var c = await db.Database.OpenAsync())
                Assert.That(c.Query<long>("SELECT COUNT(*) FROM schema_migrations GROUP BY name"), Is.All.EqualTo(1), "four processes starting together migrated once");

            var lifecycle = new QuestionnaireLifecycle(db.Database);
            var id = (await lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test")).Value;
            await lifecycle.PublishAsync(id, "test");
            const int Leaders = 40;
            var contacts = await new Contacts(db.Database).AddAsync(Enumerable.Range(0, Leaders)
                .Select(i => new ContactInput($"Leder {i}", $"leder.{i}@test.example", "", Sectors.Municipality, "")).ToList(), "test");
            var tokens = (await new Invitations(db.Database).CreateAsync(id, contacts, "test")).Value!.Select(t => t.Token).ToList();

            // Each leader's submit reaches both public instances at the same moment (a retry through the other one).
            var statuses = new ConcurrentBag<(int Leader, HttpStatusCode Status)>();
            await Parallel.ForEachAsync(Enumerable.Range(0, Leaders), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var body = new JsonObject { ["answers"] = DemoAnswers.Complete(i) };
                var both = apiPorts.Select(port => http.PostAsJsonAsync($"http://127.0.0.1:{port}/api/v1/respond/{tokens[i]}/submit", body.DeepClone()));
                foreach (var response in await Task.WhenAll(both)) statuses.Add((i, response.StatusCode));
            });

            // Both instances write summary rows for what they stored; a summary through the second back office counts every response once.
            var admin = $"admin.{Guid.NewGuid():N}@test.example";
            var users = new UserAccounts(db.Database);
            var password = (await users.CreateAsync(admin, Roles.Admin, "test")).Value!;
            var key = (await users.CreateApiKeyAsync(admin, "test")).Value!;
            using var second = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPorts[1]}") };
            second.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            var summary = JsonNode.Parse(await second.GetStringAsync($"/api/v1/admin/questionnaires/{id}/summary.json"))!;
            await using var check = await db.Database.OpenAsync();
            await WaitAsync(async () => await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses WHERE values_pending") == 0);
            var definition = SurveyDefinition.Parse(DemoSeeder.ReadDefinition("leader-mobility.json"));
            var expectedRows = Enumerable.Range(0, Leaders).Sum(i => ResponseValues.Explode(definition,
                AnswerValidator.Validate(definition, DemoAnswers.Complete(i), AnswerScope.Submit).Answers).Count());
            var storedRows = 0;
            var sectorValues = 0;
            foreach (var responseId in await check.QueryAsync<long>("SELECT id FROM responses"))
            {
                var values = (await SummaryRowWriter.ReadAsync(check, responseId))!;
                storedRows += values.Values.Count;
                sectorValues += values.Sector.Length > 0 ? 1 : 0;
            }

            // A sign-in on the first back office is good on the second (the key ring is in the store).
            using var first = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{webPorts[0]}") };
            var cookie = await BackOffice.BackOfficeSite.SignInCookieAsync(first, admin, password);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{webPorts[1]}/Questionnaires");
            request.Headers.Add("Cookie", cookie);
            using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
            var onSecond = await noRedirect.SendAsync(request);

            Assert.Multiple(async () =>
            {
                foreach (var leader in statuses.GroupBy(s => s.Leader))
                    Assert.That(leader.Select(s => s.Status).Order(), Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }),
                        $"leader {leader.Key}: one response, the other instance says it is already in");
                Assert.That(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses"), Is.EqualTo(Leaders));
                Assert.That(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM response_summaries"), Is.EqualTo(Leaders),
                    "each response's summary row written once, though both instances write them");
                Assert.That(storedRows, Is.EqualTo(expectedRows), "every value in its row once");
                Assert.That(sectorValues, Is.EqualTo(Leaders), "one sector value each");
                Assert.That(summary["completed"]!.GetValue<long>(), Is.EqualTo(Leaders));
                Assert.That(onSecond.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the second back office accepts the first one's cookie");
            });
        }
        finally
        {
            foreach (var p in processes) SiteProcess.Stop(p);
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the summary rows were not written within 30 s");
            await Task.Delay(50);
        }
    }
}
