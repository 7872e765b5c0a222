using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Survey.Api;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Web.Demo;

namespace Survey.Tests.Sites;

/// <summary>
/// Survey.Api on a real port (Kestrel) against its own SQLite file, with the demo questionnaire
/// published, so that browsers and HTTP clients can reach it like a leader would.
/// </summary>
public sealed class PublicSite : IAsyncDisposable
{
    private readonly TestDatabase _db = new();
    private readonly WebApplicationFactory<ApiMarker> _factory;

    public long QuestionnaireId { get; private set; }
    public Uri BaseAddress { get; }
    public TestDatabase Db => _db;
    public QuestionnaireLifecycle Lifecycle => new(_db.Database);

    private PublicSite(Dictionary<string, string?> settings)
    {
        _factory = new SiteFactory<ApiMarker>(_db, settings);
        _factory.UseKestrelOnFreePort();
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;
    }

    public static async Task<PublicSite> StartAsync(Dictionary<string, string?>? settings = null, string anonymity = Anonymity.Confidential)
    {
        var site = new PublicSite(settings ?? []);
        var created = await site.Lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"),
            new QuestionnaireSettings(Anonymity: anonymity), "test");
        site.QuestionnaireId = created.Value;
        await site.Lifecycle.PublishAsync(site.QuestionnaireId, "test");
        return site;
    }

    /// <summary>Publishes a questionnaire of the given definition beside the demo; returns its id.</summary>
    public async Task<long> PublishAsync(string definition)
    {
        var id = (await Lifecycle.CreateAsync(definition, new QuestionnaireSettings(), "test")).Value;
        await Lifecycle.PublishAsync(id, "test");
        return id;
    }

    /// <summary>A fresh contact invited to the given questionnaire; returns the personal token.</summary>
    public async Task<string> InviteToAsync(long questionnaireId)
    {
        var contact = await new Contacts(_db.Database).AddAsync(
            [new ContactInput("Test Leder", $"leder-{Guid.NewGuid():N}@test.example", "", Sectors.State, "")], "test");
        return (await new Invitations(_db.Database).CreateAsync(questionnaireId, contact, "test")).Value![0].Token;
    }

    /// <summary>The draft answers saved for a token ({} when there are none).</summary>
    public async Task<System.Text.Json.Nodes.JsonObject> DraftAnswersAsync(string token)
    {
        await using var c = await _db.Database.OpenAsync();
        var json = await Dapper.SqlMapper.ExecuteScalarAsync<string>(c, """
            SELECT i.draft_answers FROM invitations i JOIN invitation_tokens t ON t.invitation_id = i.id WHERE t.token_hash = @hash
            """, new { hash = Tokens.Hash(token) });
        return System.Text.Json.Nodes.JsonNode.Parse(json ?? "{}")!.AsObject();
    }

    /// <summary>A fresh contact in the given sector with an invitation; returns the personal token.</summary>
    public async Task<string> InviteAsync(string sector = Sectors.Municipality) => (await InviteManyAsync(1, sector))[0];

    public async Task<IReadOnlyList<string>> InviteManyAsync(int count, string sector = Sectors.Municipality)
    {
        var contacts = new Contacts(_db.Database);
        var stamp = Guid.NewGuid().ToString("N")[..8];
        var ids = await contacts.AddAsync(Enumerable.Range(0, count)
            .Select(i => new ContactInput($"Leder {stamp} {i}", $"leder.{stamp}.{i}@test.example", "Testkommune", sector, "Direktør")).ToList(), "test");
        var created = await new Invitations(_db.Database).CreateAsync(QuestionnaireId, ids, "test");
        return created.Value!.Select(c => c.Token).ToList();
    }

    public Submissions Submissions => new(_db.Database, new DefinitionCache(_db.Database));

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _db.Dispose();
    }

}
