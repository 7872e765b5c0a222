using netDumbster.smtp;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Tests.Sites;
using Survey.Web.Demo;

namespace Survey.Tests.BackOffice.Participants;

/// <summary>
/// What the mailing tests share: a store with the demo questionnaire published, three leaders
/// invited to it, an in-process SMTP server on a free port, and the settings that point at it.
/// </summary>
public abstract class MailingTestBase
{
    protected TestDatabase _db = null!;
    protected SimpleSmtpServer _smtp = null!;
    protected long _questionnaireId;
    protected IReadOnlyList<CreatedInvitation> _invited = [];

    [SetUp]
    public async Task SetUpMailing()
    {
        _db = new TestDatabase();
        _smtp = SimpleSmtpServer.Start(SiteProcess.FreePort());
        var lifecycle = new QuestionnaireLifecycle(_db.Database);
        _questionnaireId = (await lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test")).Value;
        await lifecycle.PublishAsync(_questionnaireId, "test");
        var ids = await new Contacts(_db.Database).AddAsync(
        [
            new ContactInput("Anne Holm", "anne@test.example", "Aarhus Kommune", Sectors.Municipality, "Direktør"),
            new ContactInput("Bo Lund", "bo@test.example", "Skatteministeriet", Sectors.State, "Kontorchef"),
            new ContactInput("Carl Berg", "carl@test.example", "Nordlys A/S", Sectors.Private, "CEO"),
        ], "test");
        _invited = (await new Invitations(_db.Database).CreateAsync(_questionnaireId, ids, "test")).Value!;
    }

    [TearDown]
    public void TearDownMailing()
    {
        _smtp.Stop();
        _smtp.Dispose();
        _db.Dispose();
    }

    /// <summary>The SMTP settings of a site mailing through the test's server (or another port, to see a refusal).</summary>
    protected Dictionary<string, string?> SmtpSettings(int? port = null) => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = (port ?? _smtp.Configuration.Port).ToString(),
        ["Smtp:Security"] = "None",
        ["Smtp:Sender"] = "Sekretariatet <sekretariat@test.example>",
        ["Smtp:TimeoutSeconds"] = "5",
        ["Survey:PublicBaseUrl"] = "https://svar.example.dk",
    };
}
