using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Survey.Core.Interviews;
using Survey.Core.Questionnaires;

namespace Survey.Tests.BackOffice.Interviews;

public partial class InterviewPagesTests
{
    private const string Guide = """
        {
          "title": { "da": "Interviewguide", "en": "Interview guide" },
          "pages": [
            {
              "name": "p1",
              "elements": [
                { "type": "radiogroup", "name": "changed", "title": "Skiftet sektor?", "isRequired": true, "choices": ["yes", "no"] },
                { "type": "comment", "name": "brought", "title": "Hvad tog du med?", "visibleIf": "{changed} = 'yes'",
                  "description": { "da": "Spørg efter konkrete eksempler.", "en": "Ask for concrete examples." } }
              ]
            }
          ]
        }
        """;

    private static async Task<long> PublishGuideAsync(BackOfficeSite site)
    {
        var lifecycle = new QuestionnaireLifecycle(site.Db.Database);
        var id = (await lifecycle.CreateAsync(Guide, new QuestionnaireSettings(Mode: Modes.Interview), "test")).Value;
        await lifecycle.PublishAsync(id, "test");
        return id;
    }

    private static async Task<long> StartAsync(HttpClient client, long guide, string name)
    {
        var response = await BackOfficeSite.PostFormAsync(client, "/Interviews/Start", new()
        {
            ["Input.QuestionnaireId"] = guide.ToString(), ["Input.ContactId"] = "", ["Input.Name"] = name,
            ["Input.Organisation"] = "Region Syd", ["Input.Sector"] = "region", ["Input.HeldOn"] = "2026-11-20",
            ["Input.Channel"] = "Teams", ["Input.QuoteConsent"] = "true",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return long.Parse(RecordId().Match(response.Headers.Location!.ToString()).Groups[1].Value);
    }

    [GeneratedRegex(@"/Interviews/Record/(\d+)")]
    private static partial Regex RecordId();

    [Test]
    public async Task Adding_or_removing_a_quote_keeps_everything_typed_in_the_record_since_the_last_save()
    {
        await using var site = new BackOfficeSite();
        var guide = await PublishGuideAsync(site);
        var interviewer = await site.SignedInAsync("interviewer");
        var theme = await new Themes(site.Db.Database).AddAsync("tillid", "test");
        var id = await StartAsync(interviewer, guide, "Nora Noter");
        var page = await interviewer.GetStringAsync($"/Interviews/Record/{id}");
        // The add-quote button sends the record form (the page's own markup), with the quote's fields in it.
        Assert.That(page, Does.Contain($"formaction=\"/Interviews/Record/{id}?handler=Quote\""));
        Assert.That(page, Does.Contain("form=\"record-form\""));
        var quote = await BackOfficeSite.PostFormAsync(interviewer, $"/Interviews/Record/{id}?handler=Quote", new()
        {
            ["record"] = "1", ["Input.HeldOn"] = "2026-11-21", ["Input.Channel"] = "Telefon", ["Input.QuoteConsent"] = "true",
            ["changed"] = "yes", ["brought"] = "Tillid", ["note[brought]"] = "Skrevet lige før citatet.",
            ["NewQuote.Question"] = "brought", ["NewQuote.Text"] = "Tillid er alt.", ["NewQuote.Themes"] = theme.Value.ToString(),
        }, $"/Interviews/Record/{id}");
        await using var c = await site.Db.Database.OpenAsync();
        var quoteId = c.ExecuteScalar<long>("SELECT id FROM interview_quotes");
        string? Stored(string column) => System.Text.Json.Nodes.JsonNode.Parse(c.ExecuteScalar<string>($"SELECT {column} FROM interviews")!)!["brought"]?.GetValue<string>();
        var afterQuote = (Stored("notes"), Stored("answers"), c.ExecuteScalar<string>("SELECT channel FROM interviews"));
        var remove = await BackOfficeSite.PostFormAsync(interviewer, $"/Interviews/Record/{id}?handler=RemoveQuote&quoteId={quoteId}", new()
        {
            ["record"] = "1", ["Input.HeldOn"] = "2026-11-21", ["Input.Channel"] = "Telefon", ["Input.QuoteConsent"] = "true",
            ["changed"] = "yes", ["brought"] = "Tillid og tålmodighed", ["note[brought]"] = "Rettet før citatet blev fjernet.",
        }, $"/Interviews/Record/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(quote.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(afterQuote.Item1, Is.EqualTo("Skrevet lige før citatet."));
            Assert.That(afterQuote.Item2, Is.EqualTo("Tillid"));
            Assert.That(afterQuote.Item3, Is.EqualTo("Telefon"));
            Assert.That(remove.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM interview_quotes"), Is.Zero);
            Assert.That(Stored("notes"), Is.EqualTo("Rettet før citatet blev fjernet."));
            Assert.That(Stored("answers"), Is.EqualTo("Tillid og tålmodighed"));
        });
    }

    [Test]
    public async Task The_record_takes_a_note_for_a_question_in_a_panel_and_adds_and_removes_rows_of_a_repeating_group()
    {
        await using var site = new BackOfficeSite();
        var lifecycle = new QuestionnaireLifecycle(site.Db.Database);
        var guide = (await lifecycle.CreateAsync("""
            { "pages": [ { "name": "p1", "elements": [
              { "type": "panel", "name": "move", "title": "Skiftet", "elements": [ { "type": "comment", "name": "why", "title": "Hvorfor?" } ] },
              { "type": "paneldynamic", "name": "career", "title": "Karriere", "panelCount": 1, "templateElements": [
                { "type": "dropdown", "name": "sector", "title": "Sektor", "isRequired": true, "choices": ["state", "private"] } ] }
            ] } ] }
            """, new QuestionnaireSettings(Mode: Modes.Interview), "test")).Value;
        await lifecycle.PublishAsync(guide, "test");
        var interviewer = await site.SignedInAsync("interviewer");
        var id = await StartAsync(interviewer, guide, "Lise Leder");
        var page = await interviewer.GetStringAsync($"/Interviews/Record/{id}");
        Assert.That(page, Does.Contain("name=\"note[why]\""), "a note for the question inside the panel");
        Assert.That(page, Does.Contain("name=\"career[0].sector\""));

        var added = await BackOfficeSite.PostFormAsync(interviewer, $"/Interviews/Record/{id}?handler=Save", new()
        {
            ["Input.HeldOn"] = "2026-11-20", ["Input.Channel"] = "Teams", ["why"] = "Nysgerrighed", ["note[why]"] = "Tøvede.",
            ["career.rows"] = "1", ["career[0].sector"] = "state", ["__action"] = "add:career",
        }, $"/Interviews/Record/{id}");
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(added.Headers.Location!.ToString(), Does.EndWith("#q3-p1"));
        var two = await interviewer.GetStringAsync($"/Interviews/Record/{id}");
        Assert.That(two, Does.Contain("name=\"career[1].sector\""));
        Assert.That(two, Does.Contain("Tøvede."), "the panel question's note is saved with the record");

        var incomplete = await BackOfficeSite.PostFormAsync(interviewer, $"/Interviews/Record/{id}?handler=Save", new()
        {
            ["Input.HeldOn"] = "2026-11-20", ["Input.Channel"] = "Teams", ["career.rows"] = "2", ["career[0].sector"] = "state", ["complete"] = "1",
        }, $"/Interviews/Record/{id}");
        var html = System.Net.WebUtility.HtmlDecode(await incomplete.Content.ReadAsStringAsync());
        Assert.That(html, Does.Contain("Karriere, nr. 2: Sektor"), "the second row's missing sector in the error summary");

        await BackOfficeSite.PostFormAsync(interviewer, $"/Interviews/Record/{id}?handler=Save", new()
        {
            ["Input.HeldOn"] = "2026-11-20", ["Input.Channel"] = "Teams", ["career.rows"] = "2", ["career[0].sector"] = "state", ["__action"] = "remove:career:1",
        }, $"/Interviews/Record/{id}");
        await using var c = await site.Db.Database.OpenAsync();
        Assert.That(c.ExecuteScalar<string>("SELECT answers FROM interviews"), Does.Contain("\"career\":[{\"sector\":\"state\"}]"));
    }

    [Test]
    public async Task An_interviewer_records_completes_and_the_secretariat_reviews_through_the_pages()
    {
        await using var site = new BackOfficeSite();
        var guide = await PublishGuideAsync(site);
        var secretariat = await site.SignedInAsync("secretariat");
        var interviewer = await site.SignedInAsync("interviewer");
        await BackOfficeSite.PostFormAsync(secretariat, "/Interviews/Themes", new() { ["Input.Name"] = "videndeling" });
        var theme = (await new Themes(site.Db.Database).ListAsync()).Single();

        var details = await secretariat.GetStringAsync($"/Questionnaires/Details/{guide}");
        Assert.That(details, Does.Contain($"href=\"/Interviews/Start?guide={guide}\""), "a guide's page leads to its interviews");
        Assert.That(details, Does.Not.Contain($"/Questionnaires/Invitations/{guide}"), "a guide is never sent by invitation");
        var id = await StartAsync(interviewer, guide, "Lise Leder");
        var page = await interviewer.GetStringAsync($"/Interviews/Record/{id}");
        Assert.That(page, Does.Contain("Spørg efter konkrete eksempler."), "the interviewer's prompt is shown");

        var incomplete = await BackOfficeSite.PostFormAsync(interviewer, $"/Interviews/Record/{id}?handler=Save",
            new() { ["Input.HeldOn"] = "2026-11-20", ["Input.Channel"] = "Teams", ["Input.QuoteConsent"] = "true", ["complete"] = "1" },
            $"/Interviews/Record/{id}");
        var incompleteHtml = await incomplete.Content.ReadAsStringAsync();
        Assert.That(incomplete.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(incompleteHtml, Does.Contain("error-summary"), "completing without the required answer is refused on the page");

        var saved = await BackOfficeSite.PostFormAsync(interviewer, $"/Interviews/Record/{id}?handler=Save", new()
        {
            ["Input.HeldOn"] = "2026-11-20", ["Input.Channel"] = "Teams", ["Input.QuoteConsent"] = "true",
            ["changed"] = "yes", ["brought"] = "Netværk og sprog", ["note[brought]"] = "Smilede meget.", ["complete"] = "1",
        }, $"/Interviews/Record/{id}");
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var quote = await BackOfficeSite.PostFormAsync(interviewer, $"/Interviews/Record/{id}?handler=Quote", new()
        {
            ["NewQuote.Question"] = "brought", ["NewQuote.Text"] = "Jeg tog sproget med.", ["NewQuote.Themes"] = theme.Id.ToString(),
        }, $"/Interviews/Record/{id}");
        Assert.That(quote.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var review = await BackOfficeSite.PostFormAsync(secretariat, $"/Interviews/Record/{id}?handler=Review",
            new() { ["decision"] = "approve", ["comment"] = "" }, $"/Interviews/Record/{id}");
        Assert.That(review.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var record = await secretariat.GetStringAsync($"/Interviews/Record/{id}");
        await using var c = await site.Db.Database.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(c.ExecuteScalar<string>("SELECT status FROM interviews"), Is.EqualTo("reviewed"));
            Assert.That(c.ExecuteScalar<string>("SELECT notes FROM interviews"), Does.Contain("Smilede meget."));
            Assert.That(record, Does.Contain("Jeg tog sproget med."));
            Assert.That(record, Does.Contain("videndeling"));
            Assert.That(record, Does.Contain("Smilede meget."));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses WHERE mode = 'interview'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_interviewer_cannot_open_or_list_another_interviewers_record_or_keep_themes()
    {
        await using var site = new BackOfficeSite();
        var guide = await PublishGuideAsync(site);
        var anna = await site.SignedInAsync("interviewer");
        var bo = await site.SignedInAsync("interviewer");
        var annas = await StartAsync(anna, guide, "Annas interviewperson");
        var taskforce = await site.SignedInAsync("taskforce");
        Assert.Multiple(async () =>
        {
            Assert.That((await bo.GetAsync($"/Interviews/Record/{annas}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await bo.GetStringAsync("/Interviews"), Does.Not.Contain("Annas interviewperson"));
            Assert.That(await anna.GetStringAsync("/Interviews"), Does.Contain("Annas interviewperson"));
            Assert.That((await bo.GetAsync("/Interviews/Themes")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "themes are the secretariat's");
            Assert.That((await taskforce.GetAsync("/Interviews")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the taskforce reads summaries, not records");
        });
    }

    [Test]
    public async Task Starting_without_a_name_or_sector_shows_the_messages_next_to_the_fields()
    {
        await using var site = new BackOfficeSite();
        var guide = await PublishGuideAsync(site);
        var anna = await site.SignedInAsync("interviewer");
        var response = await BackOfficeSite.PostFormAsync(anna, "/Interviews/Start", new()
        {
            ["Input.QuestionnaireId"] = guide.ToString(), ["Input.ContactId"] = "", ["Input.Name"] = "",
            ["Input.Sector"] = "", ["Input.HeldOn"] = "2026-11-20",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("href=\"#Input_Name\""));
            Assert.That(html, Does.Contain("href=\"#Input_Sector\""));
        });
    }

    [Test]
    public async Task The_secretariat_erases_an_interview_with_someone_who_is_not_a_contact_after_confirming()
    {
        await using var site = new BackOfficeSite();
        var guide = await PublishGuideAsync(site);
        var anna = await site.SignedInAsync("interviewer");
        var secretariat = await site.SignedInAsync("secretariat");
        var id = await StartAsync(anna, guide, "Glem Mig");
        await BackOfficeSite.PostFormAsync(anna, $"/Interviews/Record/{id}?handler=Save", new()
        {
            ["Input.HeldOn"] = "2026-11-20", ["Input.QuoteConsent"] = "true", ["changed"] = "no", ["complete"] = "1",
        }, $"/Interviews/Record/{id}");
        var byInterviewer = await BackOfficeSite.PostFormAsync(anna, $"/Interviews/Record/{id}?handler=Erase", new() { ["confirm"] = "yes" }, $"/Interviews/Record/{id}");
        var unconfirmed = await BackOfficeSite.PostFormAsync(secretariat, $"/Interviews/Record/{id}?handler=Erase", new(), $"/Interviews/Record/{id}");
        await using var c = await site.Db.Database.OpenAsync();
        var before = c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses");
        var erased = await BackOfficeSite.PostFormAsync(secretariat, $"/Interviews/Record/{id}?handler=Erase", new() { ["confirm"] = "yes" }, $"/Interviews/Record/{id}");
        Assert.Multiple(async () =>
        {
            Assert.That(byInterviewer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an interviewer cannot erase");
            Assert.That(await unconfirmed.Content.ReadAsStringAsync(), Does.Contain("href=\"#erase-confirm\""));
            Assert.That(before, Is.EqualTo(1));
            Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM interviews"), Is.Zero);
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses"), Is.Zero);
            Assert.That(c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'interview' AND action = 'erase'"), Is.EqualTo(1));
        });
    }

    /// <summary>Five completed interviews in the region (the guide's minimum group, so their quotes may be shown), one quote each.</summary>
    private static async Task CompleteInterviewsAsync(BackOfficeSite site, long guide, params string[] quotes)
    {
        var theme = (await new Core.Interviews.Themes(site.Db.Database).AddAsync("kultur", "test")).Value;
        var interviews = new Core.Interviews.Interviews(site.Db.Database, new DefinitionCache(site.Db.Database));
        await using var c = await site.Db.Database.OpenAsync();
        var user = await c.ExecuteScalarAsync<long>("INSERT INTO users (email, role, password_hash, created_at) VALUES ('i@test.example', 'interviewer', 'x', '2026-01-01') RETURNING id");
        var actor = new InterviewActor(user, "i@test.example", false);
        foreach (var (quote, n) in quotes.Select((q, i) => (q, i + 1)))
        {
            var id = (await interviews.StartAsync(new InterviewStart(guide, null, $"Leder {n}", "", "region", "2026-11-20", "", true), actor)).Value;
            await interviews.SaveAsync(id, new InterviewEdit(new System.Text.Json.Nodes.JsonObject { ["changed"] = "no" }, new Dictionary<string, string>(), "2026-11-20", "", true), actor);
            await interviews.AddQuoteAsync(id, new QuoteInput("changed", quote, [theme]), actor);
            Assert.That((await interviews.CompleteAsync(id, actor)).IsOk, Is.True);
        }
    }

    private static async Task<(string Page, string PdfText)> SummaryPageAndPdfAsync(HttpClient client, long id)
    {
        var page = await client.GetStringAsync($"/Reports/Summary/{id}");
        var pdf = await client.GetByteArrayAsync($"/Reports/Summary/{id}?handler=pdf");
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return (page, string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)));
    }

    [Test]
    public async Task Script_and_formulas_in_a_quote_are_shown_as_text_on_the_summary_page_in_the_pdf_and_in_the_csv()
    {
        await using var site = new BackOfficeSite();
        var guide = await PublishGuideAsync(site);
        await CompleteInterviewsAsync(site, guide, "<script>alert('x')</script>", "=HYPERLINK(\"http://evil.example\";\"klik\")", "<b>fed</b>", "Fire.", "Fem.");
        var taskforce = await site.SignedInAsync("taskforce");
        var (page, pdfText) = await SummaryPageAndPdfAsync(taskforce, guide);
        var csv = await taskforce.GetStringAsync($"/Reports/Summary/{guide}?handler=quotes");
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Not.Contain("<script>alert"));
            Assert.That(page, Does.Contain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"));
            Assert.That(page, Does.Contain("&lt;b&gt;fed&lt;/b&gt;"));
            Assert.That(pdfText, Does.Contain("<script>alert('x')</script>"), "the PDF shows the text as typed");
            Assert.That(csv, Does.Contain("'=HYPERLINK"), "a formula becomes text in the spreadsheet");
        });
    }

    [Test]
    public async Task A_guides_summary_counts_its_interviews_without_an_invited_count_or_response_rate()
    {
        await using var site = new BackOfficeSite();
        var guide = await PublishGuideAsync(site);
        await CompleteInterviewsAsync(site, guide, "En.", "To.", "Tre.", "Fire.", "Fem.");
        var (page, pdfText) = await SummaryPageAndPdfAsync(await site.SignedInAsync("taskforce"), guide);
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("<p>5 besvarelser"));
            Assert.That(page, Does.Not.Contain("inviterede").IgnoreCase, "a guide has no invitations to count");
            Assert.That(page, Does.Not.Contain("Svarprocent"));
            Assert.That(pdfText, Does.Not.Contain("Inviterede"));
            Assert.That(pdfText, Does.Not.Contain("Svarprocent"));
        });
    }
}

public class InterviewContactSearchTests
{
    [Test]
    public async Task An_interviewer_finds_a_contact_by_searching_and_never_sees_the_whole_list()
    {
        await using var site = new BackOfficeSite();
        var lifecycle = new Survey.Core.Questionnaires.QuestionnaireLifecycle(site.Db.Database);
        var guide = (await lifecycle.CreateAsync(Survey.Web.Demo.DemoSeeder.ReadDefinition("leader-mobility-interview.json"),
            new Survey.Core.Questionnaires.QuestionnaireSettings(Mode: Survey.Core.Questionnaires.Modes.Interview), "test")).Value;
        await lifecycle.PublishAsync(guide, "test");
        var contacts = new Survey.Core.Participants.Contacts(site.Db.Database);
        await contacts.AddAsync(Enumerable.Range(0, 60).Select(i => new Survey.Core.Participants.ContactInput(
            i == 7 ? "Søren Særlig" : $"Leder Nummer{i:00}", $"c{i}@test.example", i == 7 ? "Særlighuset" : "Kommunen", "municipality", "Chef")).ToList(), "test");
        using var interviewer = await site.SignedInAsync(Survey.Web.Users.Roles.Interviewer);
        string Page(string html) => System.Net.WebUtility.HtmlDecode(html);
        var plain = Page(await interviewer.GetStringAsync("/Interviews/Start"));
        var tooShort = Page(await interviewer.GetStringAsync("/Interviews/Start?search=Le"));
        var many = Page(await interviewer.GetStringAsync("/Interviews/Start?search=nummer"));
        var one = Page(await interviewer.GetStringAsync("/Interviews/Start?search=lighus"));
        var none = Page(await interviewer.GetStringAsync("/Interviews/Start?search=zzzz"));
        int Radios(string html) => System.Text.RegularExpressions.Regex.Matches(html, "name=\"Input.ContactId\" value=\"\\d+\"").Count;
        Assert.Multiple(() =>
        {
            Assert.That(Radios(plain), Is.Zero, "no contact is listed before a search");
            Assert.That(plain, Does.Not.Contain("Søren Særlig"));
            Assert.That(tooShort, Does.Contain("Skriv mindst 3 bogstaver"));
            Assert.That(Radios(tooShort), Is.Zero);
            Assert.That(Radios(many), Is.EqualTo(20), "at most twenty results");
            Assert.That(Radios(one), Is.EqualTo(1));
            Assert.That(one, Does.Contain("Søren Særlig (Særlighuset)"));
            Assert.That(none, Does.Contain("Ingen kontakter passer på \"zzzz\""));
        });
    }
}

public class InterviewHistoryAndListTests
{
    [Test]
    public async Task The_history_names_fields_by_their_labels_and_shows_values_as_written_and_the_empty_list_says_none_yet()
    {
        await using var site = new BackOfficeSite();
        var lifecycle = new QuestionnaireLifecycle(site.Db.Database);
        var guide = (await lifecycle.CreateAsync("""
            { "title": "Guide", "pages": [ { "name": "p1", "elements": [
              { "type": "radiogroup", "name": "changed", "title": "Skiftet sektor?", "isRequired": true,
                "choices": [ { "value": "yes", "text": "Ja, inden for ti år" }, { "value": "no", "text": "Nej" } ] },
              { "type": "comment", "name": "brought", "title": "Hvad tog du med?" } ] } ] }
            """, new QuestionnaireSettings(Mode: Modes.Interview), "test")).Value;
        await lifecycle.PublishAsync(guide, "test");
        var interviewer = await site.SignedInAsync("interviewer");
        var emptyList = System.Net.WebUtility.HtmlDecode(await interviewer.GetStringAsync("/Interviews"));
        var emptyFiltered = System.Net.WebUtility.HtmlDecode(await interviewer.GetStringAsync("/Interviews?status=completed"));

        var start = await BackOfficeSite.PostFormAsync(interviewer, "/Interviews/Start", new()
        {
            ["Input.QuestionnaireId"] = guide.ToString(), ["Input.ContactId"] = "", ["Input.Name"] = "Åse Ærø",
            ["Input.Organisation"] = "Region Syd", ["Input.Sector"] = "region", ["Input.HeldOn"] = "2026-11-20", ["Input.Channel"] = "Teams",
        });
        var id = start.Headers.Location!.ToString().Split('/').Last();
        Dictionary<string, string> Form(string changed, string brought, string note) => new()
        {
            ["Input.HeldOn"] = "2026-11-20", ["Input.Channel"] = "Teams", ["changed"] = changed, ["brought"] = brought, ["note[brought]"] = note,
        };
        var complete = Form("no", "Et æble", "Første note");
        complete["complete"] = "1";
        await BackOfficeSite.PostFormAsync(interviewer, $"/Interviews/Record/{id}?handler=Save", complete, $"/Interviews/Record/{id}");
        await BackOfficeSite.PostFormAsync(interviewer, $"/Interviews/Record/{id}?handler=Save", Form("yes", "Blik for økonomi", "Anden note"), $"/Interviews/Record/{id}");
        var page = System.Net.WebUtility.HtmlDecode(await interviewer.GetStringAsync($"/Interviews/Record/{id}"));
        var history = System.Text.RegularExpressions.Regex.Match(page, "<table class=\"table table--compact bo-history\">.*?</table>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        string Row(string field) => System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Match(history, $"<tr>(?:(?!</tr>).)*<td>{System.Text.RegularExpressions.Regex.Escape(field)}</td>.*?</tr>",
                System.Text.RegularExpressions.RegexOptions.Singleline).Value, @"(\s*<[^>]+>\s*)+", "|");
        Assert.Multiple(() =>
        {
            Assert.That(emptyList, Does.Contain("Der er ingen interview endnu.").And.Not.Contain("passer til filteret"));
            Assert.That(emptyFiltered, Does.Contain("Ingen interview passer til filteret."));
            Assert.That(history, Is.Not.Empty);
            Assert.That(history, Does.Not.Contain("answer:").And.Not.Contain("note:").And.Not.Contain("\\u00").And.Not.Contain("\"yes\""));
            Assert.That(Row("Skiftet sektor?"), Does.Contain("|Nej|Ja, inden for ti år|"));
            Assert.That(Row("Hvad tog du med?"), Does.Contain("|Et æble|Blik for økonomi|"));
            Assert.That(Row("Note til: Hvad tog du med?"), Does.Contain("|Første note|Anden note|"));
        });
    }
}
