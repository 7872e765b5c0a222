using System.Text.Json.Nodes;
using Survey.Core.Participants;
using Survey.Tests.BackOffice;
using Survey.Web.Users;
using UglyToad.PdfPig;

namespace Survey.Tests.Reports;

/// <summary>The organisation and logo configured for the back office reach the report's cover and metadata, from the API and from the page.</summary>
public class ReportBrandingTests
{
    [Test]
    public async Task The_configured_organisation_and_logo_are_on_the_cover_and_the_organisation_is_the_author()
    {
        var logo = Path.Combine(Path.GetTempPath(), $"logo-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(logo, SummaryPdfTests.Logo());
        try
        {
            await using var site = new BackOfficeSite(new() { ["Reports:Organisation"] = "Styrelsen for Tværgående Ledelse", ["Reports:LogoPath"] = logo });
            var (id, _) = await KnownAnswers.SeedAsync(site.Db, ReportPdfTests.Definition, [(Sectors.State, 6), (Sectors.Municipality, 6)],
                _ => new JsonObject { ["path"] = "a", ["moved"] = true, ["share"] = 3, ["years"] = 4 });
            using var api = site.Api(await site.ApiKeyAsync(Roles.Taskforce));
            using var taskforce = await site.SignedInAsync(Roles.Taskforce);
            foreach (var pdf in new[]
            {
                await api.GetByteArrayAsync($"/api/v1/admin/questionnaires/{id}/summary.pdf"),
                await taskforce.GetByteArrayAsync($"/Reports/Summary/{id}?handler=Pdf"),
            })
            {
                using var document = PdfDocument.Open(pdf);
                Assert.Multiple(() =>
                {
                    Assert.That(document.Information.Author, Is.EqualTo("Styrelsen for Tværgående Ledelse"));
                    Assert.That(document.GetPage(1).GetImages().Count(), Is.EqualTo(1));
                    Assert.That(string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text)), Does.Contain("Styrelsen for Tværgående Ledelse"));
                    Assert.That(document.TryGetBookmarks(out _), Is.True);
                });
            }
        }
        finally
        {
            File.Delete(logo);
        }
    }
}
