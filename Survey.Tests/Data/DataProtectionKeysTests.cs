using System.Net;
using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using Survey.Core.Data;
using Survey.Tests.BackOffice;
using Survey.Tests.Sites;
using Survey.Web;
using Survey.Web.Users;

namespace Survey.Tests.Data;

/// <summary>The Data Protection keys in the database: a second instance of the back office accepts the first one's sign-in.</summary>
public class DataProtectionKeysTests
{
    [Test]
    public async Task A_second_back_office_instance_on_the_same_database_accepts_the_cookie_the_first_issued()
    {
        await using var first = new BackOfficeSite();
        await using var second = new SiteFactory<WebMarker>(first.Db);
        var email = $"admin.{Guid.NewGuid():N}@test.example";
        var password = (await first.Users.CreateAsync(email, Roles.Admin, "test")).Value!;
        using var login = first.Anonymous();
        var cookie = await BackOfficeSite.SignInCookieAsync(login, email, password);

        using var other = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Questionnaires");
        request.Headers.Add("Cookie", cookie);
        var response = await other.SendAsync(request);
        await using var c = await first.Db.Database.OpenAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the second instance reads the first one's key from the database");
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_protection_keys"), Is.EqualTo(1), "one key ring for both");
            Assert.That(Directory.Exists(Path.Combine(Path.GetDirectoryName(first.Db.FilePath)!, "keys")), Is.False, "no key folder beside the database");
        });
    }

    [Test]
    public void Keys_an_earlier_version_kept_in_a_folder_are_taken_over_once()
    {
        using var db = new TestDatabase();
        var folder = Path.Combine(Path.GetTempPath(), "keys-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            new XElement("key", new XAttribute("id", "k1"), "secret").Save(Path.Combine(folder, "key-k1.xml"));
            var keys = new DataProtectionKeys(db.Database, folder);
            var first = keys.GetAllElements();
            File.Delete(Path.Combine(folder, "key-k1.xml"));
            var again = new DataProtectionKeys(db.Database, folder).GetAllElements();
            Assert.Multiple(() =>
            {
                Assert.That(first.Select(k => k.Attribute("id")!.Value), Is.EqualTo(new[] { "k1" }));
                Assert.That(again.Select(k => k.Attribute("id")!.Value), Is.EqualTo(new[] { "k1" }), "kept in the database, the folder no longer needed");
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
