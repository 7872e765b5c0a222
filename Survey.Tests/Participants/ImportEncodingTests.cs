using System.Net;
using System.Text;
using Dapper;
using Survey.Core.Participants;
using Survey.Core.Reports;
using Survey.Tests.BackOffice;
using Survey.Web.Users;

namespace Survey.Tests.Participants;

/// <summary>Contact files as spreadsheets write them: CSV in UTF-8 (with or without BOM), UTF-16 and Windows-1252, and Excel workbooks.</summary>
public class ImportEncodingTests
{
    private const string Csv = "Navn;E-mail;Organisation;Sektor;Landsdel\r\nSøren Ærø;soren@kbh.example;Københavns Kommune;kommune;Hovedstaden\r\nÅse Øster;aase@fm.example;Finansministeriet;stat;Sjælland\r\n";

    static ImportEncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static IEnumerable<TestCaseData> Files()
    {
        yield return new TestCaseData(new UTF8Encoding(false).GetBytes(Csv), "UTF-8").SetName("UTF-8 without a BOM");
        yield return new TestCaseData(new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv)).ToArray(), "UTF-8 med BOM").SetName("UTF-8 with a BOM");
        yield return new TestCaseData(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Csv)).ToArray(), "UTF-16").SetName("UTF-16 with a BOM (Excel's Unicode text)");
        yield return new TestCaseData(Encoding.Unicode.GetBytes(Csv), "UTF-16").SetName("UTF-16 without a BOM");
        yield return new TestCaseData(Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(Csv)).ToArray(), "UTF-16").SetName("UTF-16 big-endian");
        yield return new TestCaseData(Encoding.GetEncoding(1252).GetBytes(Csv), "Windows-1252").SetName("Windows-1252 (Danish Excel's CSV)");
    }

    [TestCaseSource(nameof(Files))]
    public void Each_encoding_is_read_to_the_same_letters_and_named(byte[] bytes, string encoding)
    {
        var result = ContactImport.FromFile(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.ReadAs, Is.EqualTo(encoding));
            Assert.That(result.Contacts.Select(c => c.Contact.Name), Is.EqualTo(new[] { "Søren Ærø", "Åse Øster" }));
            Assert.That(result.Contacts[1].Contact.Background!["Landsdel"], Is.EqualTo("Sjælland"));
        });
    }

    private static byte[] Workbook() => XlsxFile.Write([new XlsxSheet("Ledere", new List<IReadOnlyList<XlsxCell>>
    {
        new XlsxCell[] { "Navn", "E-mail", "Sektor", "Antal ansatte" },
        new XlsxCell[] { "Søren Ærø", "soren@kbh.example", "kommune", XlsxCell.Of(120L) },
        new XlsxCell[] { "", "", "", "" },
        new XlsxCell[] { "Åse Øster", "not-an-address", "stat", XlsxCell.Of(45L) },
        new XlsxCell[] { "Bo Ravn", "bo@region.example", "region" },
    })]);

    [Test]
    public void A_workbooks_first_sheet_is_read_with_excels_row_numbers_and_numbers_as_text()
    {
        var result = ContactImport.FromFile(Workbook());
        Assert.Multiple(() =>
        {
            Assert.That(result.ReadAs, Is.EqualTo("Excel (.xlsx)"));
            Assert.That(result.Errors.Select(e => (e.Line, e.Field)), Is.EqualTo(new[] { (4, "email") }), "the bad address on Excel's row 4");
            Assert.That(result.Contacts.Select(c => (c.Line, c.Contact.Name)), Is.EqualTo(new[] { (2, "Søren Ærø"), (5, "Bo Ravn") }));
            Assert.That(result.Contacts[0].Contact.Background!["Antal ansatte"], Is.EqualTo("120"));
            Assert.That(result.Contacts[0].Contact.Sector, Is.EqualTo(Sectors.Municipality));
            Assert.That(ContactImport.FromCsv(result.Text).Contacts.Select(c => (c.Line, c.Contact.Name)), Is.EqualTo(result.Contacts.Select(c => (c.Line, c.Contact.Name))),
                "the CSV the confirmation reads again keeps the rows and their numbers");
        });
    }

    [Test]
    public void A_file_that_looks_like_a_workbook_but_is_not_one_gets_a_clear_error()
    {
        var result = ContactImport.FromFile([.. "PK\u0003\u0004 not really a zip"u8.ToArray()]);
        Assert.That(result.Errors.Select(e => (e.Line, e.Message)).Single().Message, Does.Contain("Excel"));
    }

    [Test]
    public async Task The_secretariat_uploads_danish_excels_csv_and_a_workbook_and_sees_how_each_was_read()
    {
        await using var site = new BackOfficeSite();
        using var secretariat = await site.SignedInAsync(Roles.Secretariat);
        var preview = await BackOfficeSite.PostFileAsync(secretariat, "/Contacts/Import?handler=Preview", "Upload", "ledere.csv",
            Encoding.GetEncoding(1252).GetBytes(Csv), "/Contacts/Import");
        var html = await preview.Content.ReadAsStringAsync();
        var confirm = await BackOfficeSite.PostFormAsync(secretariat, "/Contacts/Import?handler=Confirm", new() { ["Csv"] = Csv }, "/Contacts/Import");
        var workbook = await (await BackOfficeSite.PostFileAsync(secretariat, "/Contacts/Import?handler=Preview", "Upload", "ledere.xlsx", Workbook(), "/Contacts/Import"))
            .Content.ReadAsStringAsync();
        await using var connection = await site.Db.Database.OpenAsync();
        var names = (await connection.QueryAsync<string>("SELECT name FROM contacts ORDER BY name")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(WebUtility.HtmlDecode(html), Does.Contain("Filen er læst som Windows-1252.").And.Contain("Søren Ærø").And.Not.Contain("S�ren"));
            Assert.That(confirm.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(names, Is.SupersetOf(new[] { "Søren Ærø", "Åse Øster" }));
            Assert.That(WebUtility.HtmlDecode(workbook), Does.Contain("Filen er læst som Excel (.xlsx).").And.Contain("Linje 4"));
        });
    }

    [Test]
    public async Task The_preview_marks_known_contacts_and_the_confirmation_asks_whether_to_skip_or_update_them()
    {
        await using var site = new BackOfficeSite();
        await new Contacts(site.Db.Database).AddAsync([new ContactInput("Søren", "soren@kbh.example", "", Sectors.State, "")], "test");
        using var secretariat = await site.SignedInAsync(Roles.Secretariat);
        var preview = WebUtility.HtmlDecode(await (await BackOfficeSite.PostFormAsync(secretariat, "/Contacts/Import?handler=Preview", new() { ["Csv"] = Csv }, "/Contacts/Import"))
            .Content.ReadAsStringAsync());
        var unanswered = await BackOfficeSite.PostFormAsync(secretariat, "/Contacts/Import?handler=Confirm", new() { ["Csv"] = Csv }, "/Contacts/Import");
        var unansweredHtml = WebUtility.HtmlDecode(await unanswered.Content.ReadAsStringAsync());
        var update = await BackOfficeSite.PostFormAsync(secretariat, "/Contacts/Import?handler=Confirm", new() { ["Csv"] = Csv, ["Existing"] = "update" }, "/Contacts/Import");
        var soren = (await new Contacts(site.Db.Database).ListAsync()).Single(c => c.Email == "soren@kbh.example");
        Assert.Multiple(() =>
        {
            Assert.That(preview, Does.Contain("findes allerede").And.Contain("1 af lederne findes allerede"));
            Assert.That(unanswered.StatusCode, Is.EqualTo(HttpStatusCode.OK), "not stored without a choice");
            Assert.That(unansweredHtml, Does.Contain("id=\"Existing-error\"").And.Contain("Vælg, om de 1 ledere"));
            Assert.That(update.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((soren.Name, soren.Sector), Is.EqualTo(("Søren Ærø", Sectors.Municipality)));
        });
    }

    [Test]
    public async Task The_api_reads_windows_1252_csv_by_itself_a_named_charset_and_a_workbook()
    {
        await using var site = new BackOfficeSite();
        using var api = site.Api(await site.ApiKeyAsync(Roles.Secretariat));
        var found = await api.PostAsync("/api/v1/admin/contacts", new ByteArrayContent(Encoding.GetEncoding(1252).GetBytes(Csv))
        { Headers = { ContentType = new("text/csv") } });
        var named = await api.PostAsync("/api/v1/admin/contacts", new ByteArrayContent(Encoding.GetEncoding(1252).GetBytes("navn;e-mail;sektor\r\nÆbelø Ørsted;aebeloe@x.example;stat\r\n"))
        { Headers = { ContentType = new("text/csv") { CharSet = "windows-1252" } } });
        var workbook = await api.PostAsync("/api/v1/admin/contacts", new ByteArrayContent(Workbook())
        { Headers = { ContentType = new(Survey.Web.Reports.ReportsApi.Xlsx) } });
        var again = await api.PostAsync("/api/v1/admin/contacts?existing=skip", new ByteArrayContent(Encoding.UTF8.GetBytes(Csv)) { Headers = { ContentType = new("text/csv") } });
        var bogus = await api.PostAsync("/api/v1/admin/contacts?existing=maybe", new ByteArrayContent(Encoding.UTF8.GetBytes(Csv)) { Headers = { ContentType = new("text/csv") } });
        await using var connection = await site.Db.Database.OpenAsync();
        var names = (await connection.QueryAsync<string>("SELECT name FROM contacts")).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(found.StatusCode, Is.EqualTo(HttpStatusCode.OK), await found.Content.ReadAsStringAsync());
            Assert.That(named.StatusCode, Is.EqualTo(HttpStatusCode.OK), await named.Content.ReadAsStringAsync());
            Assert.That(names, Is.SupersetOf(new[] { "Søren Ærø", "Åse Øster", "Æbelø Ørsted" }));
            Assert.That((int)workbook.StatusCode, Is.EqualTo(422), "the workbook's bad address refuses it all");
            Assert.That(await workbook.Content.ReadAsStringAsync(), Does.Contain("line 4"));
            Assert.That(await again.Content.ReadAsStringAsync(), Is.EqualTo("""{"imported":0,"added":0,"updated":0,"skipped":2}"""));
            Assert.That((int)bogus.StatusCode, Is.EqualTo(422));
        });
    }
}
