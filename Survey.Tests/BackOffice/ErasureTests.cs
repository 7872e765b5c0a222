using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Tests.Respond;
using Survey.Web.Demo;
using Survey.Web.Users;

namespace Survey.Tests.BackOffice;

public class ErasureTests
{
    [Test]
    public async Task Erasing_a_person_leaves_no_row_and_no_byte_anywhere_that_names_them()
    {
        await using var site = new BackOfficeSite();
        var db = site.Db.Database;
        var lifecycle = new QuestionnaireLifecycle(db);
        var id = (await lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "test")).Value;
        await lifecycle.PublishAsync(id, "test");
        var contacts = new Contacts(db);
        var ids = await contacts.AddAsync(
        [
            new ContactInput("Zelda Unika", "zelda.unika@test.example", "Unikahuset", Sectors.Region, "Direktør", new Dictionary<string, string> { ["note"] = "Zelda-notat" }),
            new ContactInput("Other Person", "other@test.example", "Andetsteds", Sectors.Region, "Chef"),
        ], "test");
        var invited = (await new Invitations(db).CreateAsync(id, ids, "test")).Value!;
        var answers = DemoAnswers.Complete();
        answers["recommendation"] = "Et svar fra Zelda";
        await new Submissions(db, new DefinitionCache(db)).SubmitAsync(invited[0].InvitationId, answers);
        await new Submissions(db, new DefinitionCache(db)).SubmitAsync(invited[1].InvitationId, DemoAnswers.Complete(2));
        await contacts.UpdateAsync(ids[0], new ContactInput("Zelda Unika", "zelda.unika@test.example", "Unikahuset II", Sectors.Region, "Direktør"), "test");

        using var client = await site.SignedInAsync(Roles.Secretariat);
        var unconfirmed = await BackOfficeSite.PostFormAsync(client, $"/Contacts/Erase/{ids[0]}", []);
        var confirmed = await BackOfficeSite.PostFormAsync(client, $"/Contacts/Erase/{ids[0]}", new() { ["Confirm"] = "true" });

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = new List<string>();
        // The bytes of the file are SQLite's to promise (secure_delete); PostgreSQL's files are the server's (README: erasure).
        foreach (var file in db.FilePath is { } path ? new[] { path, path + "-wal" }.Where(File.Exists) : [])
        {
            var content = System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
            foreach (var s in new[] { "Zelda", "zelda.unika", "Unikahuset", "Zelda-notat" })
                if (content.Contains(s, StringComparison.Ordinal)) bytes.Add($"{Path.GetFileName(file)} holds '{s}'");
        }
        await using var c = await db.OpenAsync();
        var leftovers = new List<string>();
        foreach (var table in c.Query<string>(TestDatabase.OnPostgres
                     ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                     : "SELECT name FROM sqlite_master WHERE type = 'table'"))
        {
            foreach (IDictionary<string, object?> row in c.Query($"SELECT * FROM \"{table}\""))
            {
                foreach (var (column, value) in row)
                {
                    if (value is string s && (s.Contains("Zelda", StringComparison.OrdinalIgnoreCase) || s.Contains("Unika", StringComparison.OrdinalIgnoreCase)))
                        leftovers.Add($"{table}.{column}: {s}");
                }
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(unconfirmed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "nothing is erased without the confirmation");
            Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(leftovers, Is.Empty);
            Assert.That(bytes, Is.Empty, "none of the person's bytes remain in the database file or its log");
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses"), Is.EqualTo(1), "the other person's answer stays");
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'erase' AND entity = 'contact'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Editing_a_contact_checks_the_fields_and_keeps_emails_unique()
    {
        await using var site = new BackOfficeSite();
        var contacts = new Contacts(site.Db.Database);
        var ids = await contacts.AddAsync(
        [
            new ContactInput("Anne", "anne@test.example", "", Sectors.State, ""),
            new ContactInput("Bo", "bo@test.example", "", Sectors.State, ""),
        ], "test");
        using var client = await site.SignedInAsync(Roles.Secretariat);
        var clash = await BackOfficeSite.PostFormAsync(client, $"/Contacts/Edit/{ids[1]}", new()
        {
            ["Input.Name"] = "Bo", ["Input.Email"] = "ANNE@test.example", ["Input.Sector"] = Sectors.State, ["Input.Organisation"] = "", ["Input.Title"] = "", ["Input.Background"] = "",
        });
        var ok = await BackOfficeSite.PostFormAsync(client, $"/Contacts/Edit/{ids[1]}", new()
        {
            ["Input.Name"] = "Bo Lund", ["Input.Email"] = "bo@test.example", ["Input.Sector"] = Sectors.Region, ["Input.Organisation"] = "Region Syd",
            ["Input.Title"] = "Chef", ["Input.Background"] = "landsdel = Syddanmark\nugyldig linje",
        });
        var bo = await contacts.GetAsync(ids[1]);
        Assert.Multiple(async () =>
        {
            Assert.That(clash.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(WebUtility.HtmlDecode(await clash.Content.ReadAsStringAsync()), Does.Contain("allerede en kontakt med e-mailen ANNE@test.example"));
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(bo!.Sector, Is.EqualTo(Sectors.Region));
            Assert.That(bo.BackgroundValues, Is.EquivalentTo(new Dictionary<string, string> { ["landsdel"] = "Syddanmark" }));
        });
    }

    [Test]
    public async Task A_single_contact_is_added_with_the_same_checks_as_an_import()
    {
        await using var site = new BackOfficeSite();
        using var client = await site.SignedInAsync(Roles.Secretariat);
        var bad = await BackOfficeSite.PostFormAsync(client, "/Contacts/Edit", new()
        {
            ["Input.Name"] = "", ["Input.Email"] = "nope", ["Input.Sector"] = Sectors.State, ["Input.Organisation"] = "", ["Input.Title"] = "", ["Input.Background"] = "",
        });
        var good = await BackOfficeSite.PostFormAsync(client, "/Contacts/Edit", new()
        {
            ["Input.Name"] = "Dorte Dam", ["Input.Email"] = "dorte@test.example", ["Input.Sector"] = Sectors.CivilSociety,
            ["Input.Organisation"] = "Foreningen", ["Input.Title"] = "Formand", ["Input.Background"] = "landsdel = Fyn",
        });
        var all = await new Contacts(site.Db.Database).ListAsync();
        var badPage = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(badPage, Does.Contain("Navn skal udfyldes.").And.Contain("Skriv en gyldig e-mailadresse."));
            Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(all.Single().Name, Is.EqualTo("Dorte Dam"));
            Assert.That(all.Single().BackgroundValues["landsdel"], Is.EqualTo("Fyn"));
        });
    }
}
