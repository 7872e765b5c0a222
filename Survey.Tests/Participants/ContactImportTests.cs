using System.Text.Json.Nodes;
using Dapper;
using Survey.Core;
using Survey.Core.Participants;

namespace Survey.Tests.Participants;

public class ContactImportTests
{
    [Test]
    public void A_danish_spreadsheet_with_semicolons_bom_and_extra_columns_is_read()
    {
        var csv = "\uFEFFNavn;E-mail;Organisation;Sektor;Stilling;Landsdel;Køn\n" +
                  "Anne Hansen;anne@aarhus.example;Aarhus Kommune;Kommune;Direktør;Midtjylland;K\n" +
                  "Peter Jensen;peter@fm.example;Finansministeriet;stat;Kontorchef;Hovedstaden;M\n";
        var result = ContactImport.FromCsv(csv);
        Assert.Multiple(() =>
        {
            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.Contacts.Select(c => c.Contact.Sector), Is.EqualTo(new[] { Sectors.Municipality, Sectors.State }));
            Assert.That(result.Contacts[0].Contact.Title, Is.EqualTo("Direktør"));
            Assert.That(result.Contacts[0].Contact.Background, Is.EquivalentTo(new Dictionary<string, string> { ["Landsdel"] = "Midtjylland", ["Køn"] = "K" }));
            Assert.That(result.BackgroundColumns, Is.EqualTo(new[] { "Landsdel", "Køn" }));
        });
    }

    [Test]
    public void English_headers_with_commas_and_quoted_fields_are_read()
    {
        var csv = "name,email,organisation,sector,title\n\"Hansen, Anne\",anne@x.example,\"Region \"\"Nord\"\"\",region,Director\n";
        var result = ContactImport.FromCsv(csv);
        Assert.Multiple(() =>
        {
            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.Contacts.Single().Contact.Name, Is.EqualTo("Hansen, Anne"));
            Assert.That(result.Contacts.Single().Contact.Organisation, Is.EqualTo("Region \"Nord\""));
        });
    }

    [Test]
    public void Every_bad_line_is_reported_with_its_line_number()
    {
        var csv = "navn;e-mail;sektor\n" +
                  "Anne;anne@x.example;kommune\n" +
                  "Bo;not-an-email;kommune\n" +
                  ";carl@x.example;region\n" +
                  "Dorte;dorte@x.example;månen\n";
        var result = ContactImport.FromCsv(csv);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Errors.Select(e => (e.Line, e.Field)), Is.EqualTo(new[] { (3, "email"), (4, "name"), (5, "sector") }));
        });
        using var english = Culture.Use("en");
        var messages = ContactImport.FromCsv(csv).Errors.Select(e => e.Message);
        Assert.That(messages, Is.EqualTo(new[] { "Enter a valid e-mail address.", "Name is required.", "Sector must be one of: State, Region, Municipality, Private company, Civil society." }));
    }

    [Test]
    public void Line_numbers_count_the_lines_inside_a_quoted_field()
    {
        var csv = "navn;e-mail;sektor;note\nAnne;anne@x.example;kommune;\"to\nlinjer\"\nBo;bad;kommune;x\n";
        var result = ContactImport.FromCsv(csv);
        Assert.That(result.Errors.Single().Line, Is.EqualTo(4));
    }

    [Test]
    public void The_same_email_twice_in_the_file_is_an_error_on_the_second_line()
    {
        var result = ContactImport.FromCsv("navn;e-mail;sektor\nA;a@x.example;stat\nB;A@X.example;stat\n");
        Assert.That(result.Errors.Single(), Has.Property("Line").EqualTo(3).And.Property("Field").EqualTo("email"));
    }

    [Test]
    public void A_file_without_a_name_or_email_column_is_refused_at_line_one()
    {
        var result = ContactImport.FromCsv("fornavn;sektor\nAnne;stat\n");
        Assert.That(result.Errors.Select(e => (e.Line, e.Field)), Is.EquivalentTo(new[] { (1, "name"), (1, "email") }));
    }

    [Test]
    public void A_line_with_more_fields_than_the_header_is_refused()
    {
        var result = ContactImport.FromCsv("navn;e-mail;sektor\nAnne;a@x.example;stat;ekstra\n");
        Assert.That(result.Errors.Single().Line, Is.EqualTo(2));
    }

    [Test]
    public void An_empty_file_is_refused()
    {
        Assert.That(ContactImport.FromCsv("").IsValid, Is.False);
        Assert.That(ContactImport.FromCsv("navn;e-mail;sektor\n").IsValid, Is.False);
    }

    [Test]
    public void Json_items_are_read_like_rows_and_numbered_from_one()
    {
        var items = JsonNode.Parse("""
            [ { "name": "Anne", "email": "anne@x.example", "organisation": "Aarhus Kommune", "sector": "municipality", "title": "Direktør", "landsdel": "Midt" },
              { "name": "Bo", "email": "bo", "sector": "state" } ]
            """)!.AsArray();
        var result = ContactImport.FromJson(items);
        Assert.Multiple(() =>
        {
            Assert.That(result.Contacts.Single().Contact.Background!["landsdel"], Is.EqualTo("Midt"));
            Assert.That(result.Errors.Single(), Has.Property("Line").EqualTo(2).And.Property("Field").EqualTo("email"));
        });
    }

    [Test]
    public async Task Storing_is_all_or_nothing_when_an_email_is_already_known()
    {
        using var db = new TestDatabase();
        await new Contacts(db.Database).AddAsync([new ContactInput("Anne", "anne@x.example", "", Sectors.State, "")], "test");
        var import = ContactImport.FromCsv("navn;e-mail;sektor\nBo;bo@x.example;stat\nAnne igen;ANNE@x.example;stat\n");
        var stored = await ContactImport.StoreAsync(db.Database, import, "test");
        await using var c = await db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(stored.Kind, Is.EqualTo(OutcomeKind.Invalid));
            Assert.That(stored.Errors!.Keys, Is.EqualTo(new[] { "line 3: email" }));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM contacts"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Known_contacts_are_refused_skipped_or_updated_as_asked_and_their_other_background_values_kept()
    {
        using var db = new TestDatabase();
        var contacts = new Contacts(db.Database);
        await contacts.AddAsync([new ContactInput("Anne", "anne@x.example", "Gammel", Sectors.State, "Chef", new Dictionary<string, string> { ["landsdel"] = "Nord", ["hobby"] = "løb" })], "test");
        var file = "navn;e-mail;organisation;sektor;landsdel\nBo;bo@x.example;;stat;Syd\nAnne Ny;ANNE@x.example;Ny;region;Syd\n";
        var refused = await ContactImport.StoreAsync(db.Database, ContactImport.FromCsv(file), "test");
        var skipped = await ContactImport.StoreAsync(db.Database, ContactImport.FromCsv(file), "test", ExistingContacts.Skip);
        var anneAfterSkip = (await contacts.ListAsync()).Single(c => c.Email == "anne@x.example");
        var updated = await ContactImport.StoreAsync(db.Database, ContactImport.FromCsv(file.Replace("bo@", "cy@")), "test", ExistingContacts.Update);
        var anne = (await contacts.ListAsync()).Single(c => c.Email == "anne@x.example");
        Assert.Multiple(() =>
        {
            Assert.That(refused.Errors!.Keys, Is.EqualTo(new[] { "line 3: email" }));
            Assert.That((skipped.Value!.Added.Count, skipped.Value.Updated, skipped.Value.Skipped), Is.EqualTo((1, 0, 1)));
            Assert.That(anneAfterSkip.Name, Is.EqualTo("Anne"), "skipped: left as stored");
            Assert.That((updated.Value!.Added.Count, updated.Value.Updated, updated.Value.Skipped), Is.EqualTo((1, 1, 0)));
            Assert.That((anne.Name, anne.Organisation, anne.Sector, anne.Email), Is.EqualTo(("Anne Ny", "Ny", Sectors.Region, "anne@x.example")), "the stored address keeps its spelling");
            Assert.That(anne.BackgroundValues, Is.EquivalentTo(new Dictionary<string, string> { ["landsdel"] = "Syd", ["hobby"] = "løb" }));
        });
    }

    [Test]
    public async Task An_import_larger_than_sqlites_parameter_limit_is_stored_and_its_clashes_found()
    {
        using var db = new TestDatabase();
        await new Contacts(db.Database).AddAsync([new ContactInput("Anne", "leder39999@x.example", "", Sectors.State, "")], "test");
        var csv = "navn;e-mail;sektor\n" + string.Concat(Enumerable.Range(0, 40_000).Select(i => $"Leder {i};leder{i}@x.example;stat\n"));
        var clash = await ContactImport.StoreAsync(db.Database, ContactImport.FromCsv(csv), "test");
        var withoutClash = await ContactImport.StoreAsync(db.Database, ContactImport.FromCsv(csv.Replace("leder39999@", "ny@")), "test");
        await using var c = await db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            // Line 40,001 is the last contact (the header is line 1); it is past the first slice of e-mails asked about.
            Assert.That(clash.Errors!.Keys, Is.EqualTo(new[] { "line 40001: email" }));
            Assert.That(withoutClash.Kind, Is.EqualTo(OutcomeKind.Ok));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM contacts"), Is.EqualTo(40_001));
        });
    }
}
