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
    public async Task With_a_certificate_configured_the_keys_are_stored_encrypted_and_another_instance_with_it_reads_them()
    {
        var folder = Directory.CreateTempSubdirectory("survey-cert-").FullName;
        var pfx = Path.Combine(folder, "keys.pfx");
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=survey keys", rsa,
                System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(pfx, made.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pw"));
        }
        var settings = new Dictionary<string, string?> { ["Survey:DataProtection:Certificate"] = pfx, ["Survey:DataProtection:CertificatePassword"] = "pw" };
        try
        {
            using var db = new TestDatabase();
            await using var first = new SiteFactory<WebMarker>(db, settings);
            await using var second = new SiteFactory<WebMarker>(db, settings);
            var email = $"admin.{Guid.NewGuid():N}@test.example";
            var password = (await new UserAccounts(db.Database).CreateAsync(email, Roles.Admin, "test")).Value!;
            using var login = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var cookie = await BackOfficeSite.SignInCookieAsync(login, email, password);
            using var other = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/Questionnaires");
            request.Headers.Add("Cookie", cookie);
            var response = await other.SendAsync(request);
            await using var c = await db.Database.OpenAsync();
            var stored = (await c.QueryAsync<string>("SELECT xml FROM data_protection_keys")).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(stored, Has.Count.EqualTo(1));
                Assert.That(stored[0], Does.Contain("EncryptedData").And.Not.Contain("<value>"), "the master key is encrypted with the certificate, not stored as it is");
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another instance with the certificate decrypts it");
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
