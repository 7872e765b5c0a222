using System.Net;
using System.Text.Json.Nodes;
using Survey.Api;
using Survey.Web;

namespace Survey.Tests.Sites;

public class SiteStartupTests
{
    [Test]
    public async Task The_public_site_answers_health_and_serves_its_openapi_document()
    {
        using var db = new TestDatabase(migrate: false);
        await using var site = new SiteFactory<ApiMarker>(db);
        using var client = site.CreateClient();
        var health = await client.GetAsync("/healthz");
        var openapi = await client.GetAsync("/openapi/v1.json");
        Assert.Multiple(async () =>
        {
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(openapi.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(JsonNode.Parse(await openapi.Content.ReadAsStringAsync())!["openapi"], Is.Not.Null);
            await using var c = await db.Database.OpenAsync();
            Assert.That(await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT COUNT(*) FROM schema_migrations"),
                Is.EqualTo(Core.Data.Migrator.Scripts(db.Database).Count), "the site creates and migrates its database at start");
        });
    }

    [Test]
    public async Task The_back_office_answers_health_and_serves_its_openapi_document()
    {
        using var db = new TestDatabase(migrate: false);
        await using var site = new SiteFactory<WebMarker>(db);
        using var client = site.CreateClient();
        Assert.Multiple(async () =>
        {
            Assert.That((await client.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await client.GetAsync("/openapi/v1.json")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task An_unknown_address_gets_a_problem_details_404()
    {
        using var db = new TestDatabase(migrate: false);
        await using var site = new SiteFactory<ApiMarker>(db);
        using var client = site.CreateClient();
        var response = await client.GetAsync("/no/such/page");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
    }
}
