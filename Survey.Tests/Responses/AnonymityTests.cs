using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Tests.Respond;
using Survey.Web.Demo;

namespace Survey.Tests.Responses;

public class AnonymityTests
{
    private const int People = 12;

    /// <summary>
    /// A dozen anonymous responses, a second apart in a random order, each after its leader opened
    /// the link and saved a draft as on the real pages. Knowing who gave which answer (each answer
    /// carries a code only the test knows), no value of any table on the response side may point to
    /// the right contact: no shared time to the minute, no shared order, no rare value.
    /// </summary>
    [Test]
    public async Task No_column_of_any_table_links_an_anonymous_response_to_its_contact()
    {
        using var db = new TestDatabase();
        var lifecycle = new QuestionnaireLifecycle(db.Database);
        var id = (await lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"),
            new QuestionnaireSettings(Modes.Survey, Anonymity.Anonymous, MinGroupSize: 5), "test")).Value;
        await lifecycle.PublishAsync(id, "test");
        var contacts = new Contacts(db.Database);
        // Sector: eight in the state (shared), four in regions (fewer than five: not copied).
        // landsdel: shared by six each; hobby: one person alone plays the zither.
        var inputs = Enumerable.Range(0, People).Select(i => new ContactInput($"Person {i}", $"p{i}@test.example", $"Org {i}",
            i < 8 ? Sectors.State : Sectors.Region, "Chef", new Dictionary<string, string>
            {
                ["landsdel"] = i % 2 == 0 ? "Hovedstaden" : "Jylland",
                ["hobby"] = i == 3 ? "Zitherspil" : "Løb",
            })).ToList();
        var contactIds = await contacts.AddAsync(inputs, "test");
        var invited = (await new Invitations(db.Database).CreateAsync(id, contactIds, "test")).Value!;
        await using (var c0 = await db.Database.OpenAsync())
        {
            await c0.ExecuteAsync("DELETE FROM audit_log");
        }

        var definitions = new DefinitionCache(db.Database);
        var submissions = new Submissions(db.Database, definitions);
        var sessions = new RespondentSessions(db.Database);
        var order = Enumerable.Range(0, People).OrderBy(_ => Random.Shared.Next()).ToList();
        var codeOf = new Dictionary<int, string>();
        foreach (var person in order)
        {
            var invitation = invited[person];
            var session = (await sessions.FindAsync(invitation.Token))!;
            await submissions.MarkOpenedAsync(session);
            var answers = DemoAnswers.Complete(person);
            codeOf[person] = $"kode-{Guid.NewGuid():N}";
            answers["recommendation"] = codeOf[person];
            Assert.That(await submissions.SaveDraftAsync(invitation.InvitationId, 1, answers, null), Is.True);
            var outcome = await submissions.SubmitAsync(invitation.InvitationId, answers);
            Assert.That(outcome.Kind, Is.EqualTo(Survey.Core.OutcomeKind.Ok));
            await Task.Delay(1000);
        }
        await ResponseValues.CatchUpAsync(db.Database, definitions, id);

        await using var c = await db.Database.OpenAsync();
        // The response side: each response with its own rows, keyed by the person who gave it.
        // SQLite's row ids are columns a reader of the file sees; PostgreSQL's system columns are the server's (README: anonymity on PostgreSQL).
        var all = TestDatabase.OnPostgres ? "*" : "rowid AS row_id, *";
        var responses = c.Query($"SELECT {all} FROM responses").Cast<IDictionary<string, object?>>().ToList();
        int PersonOf(IDictionary<string, object?> r) => codeOf.Single(p => ((string)r["answers"]!).Contains(p.Value)).Key;
        var responseSide = new Dictionary<int, Dictionary<string, object?>>();
        foreach (var r in responses)
        {
            var person = PersonOf(r);
            var cells = r.Where(p => p.Key != "answers").ToDictionary(p => "responses." + p.Key, p => p.Value);
            var rid = (long)r["id"]!;
            // The summary row is keyed by the response's own (random) id and has no row id of its own (WITHOUT ROWID).
            var summaryRow = (IDictionary<string, object?>)c.QuerySingle("SELECT * FROM response_summaries WHERE response_id = @rid", new { rid });
            foreach (var (k, v) in summaryRow.Where(p => p.Key != "codes")) cells["response_summaries." + k] = v;
            responseSide[person] = cells;
        }
        // The person's side: their contact, invitation, tokens and anything the audit log holds.
        var personSide = new Dictionary<int, Dictionary<string, object?>>();
        for (var person = 0; person < People; person++)
        {
            var cells = new Dictionary<string, object?>();
            var contact = (IDictionary<string, object?>)c.QuerySingle($"SELECT {all} FROM contacts WHERE id = @id", new { id = contactIds[person] });
            foreach (var (k, v) in contact) cells["contacts." + k] = v;
            var invitation = (IDictionary<string, object?>)c.QuerySingle($"SELECT {all} FROM invitations WHERE id = @id", new { id = invited[person].InvitationId });
            foreach (var (k, v) in invitation) cells["invitations." + k] = v;
            var token = (IDictionary<string, object?>)c.QuerySingle($"SELECT {all} FROM invitation_tokens WHERE invitation_id = @id", new { id = invited[person].InvitationId });
            foreach (var (k, v) in token) cells["invitation_tokens." + k] = v;
            personSide[person] = cells;
        }
        var audit = c.Query<DateTime>("SELECT at FROM audit_log").ToList();

        var links = new List<string>();
        static string? Minute(object? v) => v switch
        {
            string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var t) && s.Contains('T') => At(t),
            // An anonymous response keeps only its day: a time at midnight is that day, not a moment.
            DateTime t when t.TimeOfDay != TimeSpan.Zero => At(t),
            _ => null,
        };
        static string At(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var responseColumns = responseSide.Values.First().Keys.ToList();
        var personColumns = personSide.Values.First().Keys.ToList();
        foreach (var rc in responseColumns)
        {
            var values = Enumerable.Range(0, People).Select(p => responseSide[p][rc]).ToList();
            // A time shared to the minute with anything on the person's side, or with the audit log.
            foreach (var p in Enumerable.Range(0, People))
            {
                if (Minute(values[p]) is not { } m) continue;
                foreach (var pc in personColumns)
                    if (Minute(personSide[p][pc]) == m) links.Add($"{rc} shares the minute {m} with {pc}");
                if (audit.Any(a => Minute(a) == m)) links.Add($"{rc} shares the minute {m} with audit_log.at");
            }
            // An order shared with a column on the person's side (rank correlation near one).
            if (values.All(v => v is long or int or double or string or DateTime) && values.Distinct().Count() > 1)
            {
                foreach (var pc in personColumns)
                {
                    var theirs = Enumerable.Range(0, People).Select(p => personSide[p][pc]).ToList();
                    if (theirs.Distinct().Count() < People) continue;
                    var rho = Spearman(values, theirs);
                    if (Math.Abs(rho) > 0.95) links.Add($"{rc} is in the order of {pc} (rho {rho:0.00})");
                }
            }
        }
        // A value carried over that only one invited person has.
        var backgrounds = Enumerable.Range(0, People)
            .Select(p => JsonSerializer.Deserialize<Dictionary<string, string>>((string)responseSide[p]["responses.background"]!)!).ToList();
        var storedBackground = c.Query<string>("SELECT background FROM response_summaries")
            .SelectMany(b => JsonSerializer.Deserialize<Dictionary<string, string>>(b)!.Values)
            .Concat(c.Query<string>("SELECT value FROM summary_keys")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(links, Is.Empty);
            Assert.That(responses, Has.Count.EqualTo(People));
            Assert.That(responses.Select(r => r["invitation_id"]), Is.All.Null);
            Assert.That(c.Query<string?>("SELECT completed_at FROM invitations"), Is.All.Null, "completion is recorded without a time");
            Assert.That(c.Query<string>("SELECT status FROM invitations"), Is.All.EqualTo(InvitationStatus.Completed));
            Assert.That(c.Query<string?>("SELECT draft_answers FROM invitations"), Is.All.Null);
            Assert.That(audit, Is.Empty, "submitting writes nothing to the audit log");
            Assert.That(backgrounds.Select(b => b.GetValueOrDefault("hobby")), Has.None.EqualTo("Zitherspil"), "one person's value is not copied");
            Assert.That(storedBackground, Has.None.EqualTo("Zitherspil"));
            Assert.That(backgrounds.Count(b => b.GetValueOrDefault("hobby") == "Løb"), Is.EqualTo(People - 1), "a value eleven share is copied");
            Assert.That(backgrounds.Count(b => b.ContainsKey("landsdel")), Is.EqualTo(People), "values six share are copied");
            Assert.That(responseSide.Values.Select(r => r["responses.sector"]), Has.None.EqualTo(Sectors.Region), "four in a sector are fewer than five");
            Assert.That(responseSide.Values.Count(r => (string?)r["responses.sector"] == Sectors.State), Is.EqualTo(8));
        });
    }

    private static double Spearman(IReadOnlyList<object?> a, IReadOnlyList<object?> b)
    {
        // Tied values share their average rank, so that ties carry no order of their own.
        static double[] Ranks(IReadOnlyList<object?> v)
        {
            var keyed = v.Select((x, i) => (Key: Convert.ToString(x, CultureInfo.InvariantCulture) ?? "",
                Number: x is DateTime t ? t.Ticks : x is long or int or double ? Convert.ToDouble(x, CultureInfo.InvariantCulture) : 0, i)).ToList();
            var sorted = keyed.OrderBy(x => x.Number).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
            var ranks = new double[v.Count];
            for (var start = 0; start < sorted.Count;)
            {
                var end = start;
                while (end + 1 < sorted.Count && sorted[end + 1].Number == sorted[start].Number && sorted[end + 1].Key == sorted[start].Key) end++;
                for (var k = start; k <= end; k++) ranks[sorted[k].i] = (start + end) / 2.0;
                start = end + 1;
            }
            return ranks;
        }
        var ra = Ranks(a);
        var rb = Ranks(b);
        double ma = ra.Average(), mb = rb.Average();
        var cov = ra.Zip(rb).Sum(p => (p.First - ma) * (p.Second - mb));
        var sa = Math.Sqrt(ra.Sum(x => (x - ma) * (x - ma)));
        var sb = Math.Sqrt(rb.Sum(x => (x - mb) * (x - mb)));
        return sa == 0 || sb == 0 ? 0 : cov / (sa * sb);
    }
}
