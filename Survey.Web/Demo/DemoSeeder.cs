using System.Reflection;
using System.Text.Json.Nodes;
using Bogus;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Interviews;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Web.Users;

namespace Survey.Web.Demo;

public sealed record DemoResult(long QuestionnaireId, long InterviewGuideId, int ContactsAdded, int ResponsesAdded, int InterviewsAdded = 0);

/// <summary>
/// The leader-mobility demo: the questionnaire and interview guide (published), about 200 fictional
/// leaders spread over the sectors, and simulated responses whose answers depend on the sector and
/// on whether the leader has worked in more than one sector, so that summaries have something to show.
/// Running it again adds more responses and reuses what is there. Names are fictional; e-mail
/// addresses use the reserved .example domain so that no invitation can reach a real person.
/// </summary>
public sealed class DemoSeeder(SurveyDatabase database, QuestionnaireLifecycle lifecycle, Contacts contacts,
    Invitations invitations, Submissions submissions, Interviews interviews, UserAccounts users)
{
    public const string Actor = "seed-demo";
    public const int DemoContacts = 200;

    /// <summary>The demo's interviews are recorded by this fictional interviewer; an admin can give it a password on the Users page.</summary>
    public const string DemoInterviewer = "interviewer@demo.example";

    /// <summary>Five interviews in each of these sectors: the guide's minimum group, so that their numbers and quotes may be shown.</summary>
    private static readonly string[] InterviewSectors = [Sectors.State, Sectors.Municipality, Sectors.Private];

    private const int InterviewsPerSector = QuestionnaireSettings.DefaultMinGroupSize;

    private static readonly (string Question, string Theme, string Text)[] DemoQuotes =
    [
        ("motivation", "løn", "Lønnen var ikke det afgørende, men den gjorde det muligt at sige ja."),
        ("motivation", "rekruttering", "Det var en headhunter, der fik mig til at overveje det. Jeg havde aldrig selv søgt."),
        ("surprises", "kultur", "Beslutningerne tager længere tid, men når de er truffet, står de fast."),
        ("surprises", "kultur", "Jeg blev overrasket over, hvor meget faglighed der ligger i forvaltningen."),
        ("knowledge_sharing", "videndeling", "Jeg ringer stadig til mine gamle kolleger, når vi sidder fast i et projekt."),
        ("knowledge_sharing", "videndeling", "Netværket fra min tid i kommunen er det mest værdifulde, jeg tog med."),
        ("barriers", "barrierer", "Stillingsopslagene beder om erfaring fra sektoren, og så er man ude i første runde."),
        ("barriers", "løn", "Pensionen og lønnen i det offentlige gør det svært at tiltrække fra det private."),
        ("recommendations", "rekruttering", "Lav et program, hvor ledere kan prøve en anden sektor i et år og komme tilbage."),
        ("recommendations", "barrierer", "Anerkend ledererfaring som ledererfaring, uanset hvor den er fået."),
    ];

    private static readonly (string Sector, double Weight, string[] Organisations)[] SectorMix =
    [
        (Sectors.State, 0.20, ["Finansministeriet", "Skatteministeriet", "Beskæftigelsesministeriet", "Styrelsen for Arbejdsmarked og Rekruttering", "Digitaliseringsstyrelsen", "Energistyrelsen", "Erhvervsstyrelsen"]),
        (Sectors.Region, 0.15, ["Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland", "Region Nordjylland"]),
        (Sectors.Municipality, 0.30, ["Aarhus Kommune", "Odense Kommune", "Aalborg Kommune", "Esbjerg Kommune", "Vejle Kommune", "Roskilde Kommune", "Holbæk Kommune", "Viborg Kommune", "Svendborg Kommune", "Hjørring Kommune"]),
        (Sectors.Private, 0.25, ["Nordlys Energi A/S", "Havnens Logistik ApS", "Dansk Procesteknik A/S", "Fjordbyg A/S", "Kystdata ApS", "Lindholm Fødevarer A/S", "Agerbæk Rådgivning"]),
        (Sectors.CivilSociety, 0.10, ["Frivilligcentret Midt", "Foreningen for Ældre", "Ungdommens Idrætsforbund", "Netværk for Socialt Arbejde"]),
    ];

    private static readonly string[] FirstNames =
    [
        "Anne", "Mette", "Kirsten", "Hanne", "Helle", "Susanne", "Lene", "Camilla", "Louise", "Marianne", "Pia", "Charlotte",
        "Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Jan", "Niels", "Morten", "Rasmus", "Martin", "Mads", "Anders",
    ];

    private static readonly string[] LastNames =
    [
        "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen",
        "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen",
    ];

    private static readonly string[] DemoThemes = ["barrierer", "videndeling", "kultur", "løn", "rekruttering"];

    private static readonly string[] Titles = ["Direktør", "Vicedirektør", "Kontorchef", "Afdelingschef", "Centerchef", "Områdeleder", "Teamleder"];

    private static readonly string[] Regions = ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"];

    private static readonly string[] BroughtWith =
    [
        "Et skarpt blik for økonomi og drift.", "Erfaring med at lede store forandringer.", "Forståelse for borgernes perspektiv.",
        "Vane med hurtige beslutninger og klare mål.", "Et bredt netværk i min tidligere sektor.", "Viden om digitalisering og data.",
        "Evnen til at navigere i politiske processer.", "Respekt for faglighed og dokumentation.",
    ];

    private static readonly string[] Recommendations =
    [
        "Lav et fælles ledertalentprogram på tværs af stat, regioner og kommuner.",
        "Anerkend erfaring fra andre sektorer ved ansættelse og løn.",
        "Gør det lettere at lave udstationeringer og jobbytte i 1-2 år.",
        "Skab netværk hvor offentlige og private ledere mødes om konkrete opgaver.",
        "Giv nye ledere fra andre sektorer en mentor i det første år.",
        "Beskriv lederstillinger, så kompetencer vægtes over sektorerfaring.",
    ];

    /// <summary>A seeder over the database with the services it needs made here, for tests and tools outside the site.</summary>
    public static DemoSeeder Over(SurveyDatabase database)
    {
        var definitions = new DefinitionCache(database);
        return new DemoSeeder(database, new QuestionnaireLifecycle(database), new Contacts(database), new Invitations(database),
            new Submissions(database, definitions), new Interviews(database, definitions), new UserAccounts(database));
    }

    public static string ReadDefinition(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("demo/" + file)
            ?? throw new InvalidOperationException($"Demo file {file} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task<DemoResult> SeedAsync(int responses, int seed = 2026)
    {
        var questionnaireJson = ReadDefinition("leader-mobility.json");
        var guideJson = ReadDefinition("leader-mobility-interview.json");
        var questionnaireId = await FindOrCreateAsync(questionnaireJson, new QuestionnaireSettings(Modes.Survey, Anonymity.Confidential));
        var guideId = await FindOrCreateAsync(guideJson, new QuestionnaireSettings(Modes.Interview, Anonymity.Confidential));
        await WriteDemoTextsAsync(questionnaireId);

        // The themes the secretariat tags interview quotes with, to begin from.
        var themes = new Survey.Core.Interviews.Themes(database);
        if ((await themes.ListAsync()).Count == 0)
            foreach (var theme in DemoThemes) await themes.AddAsync(theme, Actor);

        var faker = new Faker { Random = new Randomizer(seed) };
        var contactsAdded = 0;
        var existing = await contacts.ListAsync();
        if (existing.Count == 0)
        {
            await contacts.AddAsync(MakeContacts(faker, DemoContacts, 0), Actor);
            contactsAdded = DemoContacts;
        }

        // Each simulated response comes through an invitation, as a real one would; more contacts are
        // made when the demo is asked for more responses than there are leaders not yet answered.
        var open = await UninvitedContactsAsync(questionnaireId);
        if (open.Count < responses)
        {
            var total = (await contacts.ListAsync()).Count;
            await contacts.AddAsync(MakeContacts(faker, responses - open.Count, total), Actor);
            contactsAdded += responses - open.Count;
            open = await UninvitedContactsAsync(questionnaireId);
        }
        var chosen = open.Take(responses).ToList();
        var created = await invitations.CreateAsync(questionnaireId, chosen.Select(c => c.Id).ToList(), Actor);
        await MarkSentAsync(questionnaireId, (created.Value ?? []).Select(i => i.InvitationId).ToList());
        var bySector = chosen.ToDictionary(c => c.Id, c => c.Sector);
        var added = 0;
        foreach (var invitation in created.Value ?? [])
        {
            var answers = SimulateAnswers(faker, bySector[invitation.ContactId]);
            var result = await submissions.SubmitAsync(invitation.InvitationId, answers);
            if (!result.IsOk)
                throw new InvalidOperationException("A simulated response was refused: " + string.Join("; ", result.Errors?.Select(e => e.Key + ": " + string.Join(", ", e.Value)) ?? [result.Reason ?? ""]));
            added++;
        }
        return new DemoResult(questionnaireId, guideId, contactsAdded, added, await SeedInterviewsAsync(guideId, faker));
    }

    /// <summary>
    /// Completed interviews with demo leaders, with notes and quotes tagged with the themes, so the
    /// guide's summary and its quotes have something to show. Done once: a guide with interviews is left as it is.
    /// </summary>
    private async Task<int> SeedInterviewsAsync(long guideId, Faker faker)
    {
        var user = await users.FindAsync(DemoInterviewer);
        if (user is null)
        {
            await users.CreateAsync(DemoInterviewer, Roles.Interviewer, Actor);
            user = await users.FindAsync(DemoInterviewer);
        }
        var actor = new InterviewActor(user!.Id, DemoInterviewer, SeesAll: false);
        if ((await interviews.ListAsync(new InterviewFilter(guideId), actor with { SeesAll = true })).Count > 0) return 0;
        var themeIds = (await new Themes(database).ListAsync()).ToDictionary(t => t.Name, t => t.Id);
        var all = await contacts.ListAsync();
        var added = 0;
        foreach (var sector in InterviewSectors)
        {
            foreach (var contact in all.Where(c => c.Sector == sector).Take(InterviewsPerSector))
            {
                var heldOn = new DateTime(2026, 10, 1).AddDays(added * 2).ToString("yyyy-MM-dd");
                var consent = added % 4 != 3;
                var id = (await interviews.StartAsync(new InterviewStart(guideId, contact.Id, null, null, null, heldOn, "Teams", consent), actor)).Value;
                var previous = faker.PickRandom(Sectors.All.Where(x => x != sector).ToArray());
                var answers = new JsonObject
                {
                    ["current_sector"] = sector,
                    ["sectors_led"] = new JsonArray(previous, sector),
                    ["career_path"] = $"Startede som fagperson i {Sectors.Label(previous, "da").ToLowerInvariant()}, blev leder efter seks år og skiftede sektor for {faker.Random.Int(2, 9)} år siden.",
                    ["motivation"] = faker.PickRandom(BroughtWith),
                    ["knowledge_sharing"] = faker.PickRandom(BroughtWith),
                    ["sharing_extent"] = faker.Random.Int(2, 5),
                    ["recommendations"] = faker.PickRandom(Recommendations),
                };
                var notes = new Dictionary<string, string> { ["motivation"] = "Talte længe om skub og træk; nævnte sin tidligere chef som afgørende." };
                var saved = await interviews.SaveAsync(id, new InterviewEdit(answers, notes, heldOn, "Teams", consent), actor);
                if (!saved.IsOk) throw new InvalidOperationException("A demo interview was refused: " + saved.Kind);
                // Two quotes each, taken in turn, so no sector repeats one.
                foreach (var (question, theme, text) in new[] { DemoQuotes[2 * added % DemoQuotes.Length], DemoQuotes[(2 * added + 1) % DemoQuotes.Length] })
                    if (themeIds.TryGetValue(theme, out var themeId)) await interviews.AddQuoteAsync(id, new QuoteInput(question, text, [themeId]), actor);
                var completed = await interviews.CompleteAsync(id, actor);
                if (!completed.IsOk) throw new InvalidOperationException("A demo interview could not be completed: " + completed.Kind);
                added++;
            }
        }
        return added;
    }

    /// <summary>
    /// The demo's own invitation and reminder texts, which tell what the taskforce studies; every
    /// other questionnaire starts from the general defaults. Texts the secretariat has saved stay.
    /// </summary>
    private async Task WriteDemoTextsAsync(long questionnaireId)
    {
        var templates = new Participants.MessageTemplates(database);
        await using (var connection = await database.OpenAsync())
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM message_templates WHERE questionnaire_id = @questionnaireId", new { questionnaireId }) > 0)
                return;
        foreach (var kind in Participants.MessageKinds.All)
            foreach (var language in new[] { "da", "en" })
            {
                using var culture = new Participants.CultureScope(language);
                var prefix = kind == Participants.MessageKinds.Reminder ? "DemoTplReminder" : "DemoTplInvitation";
                await templates.SaveAsync(questionnaireId, new Participants.MessageTemplate(kind, language,
                    WebText.Format(prefix + "Subject"), WebText.Format(prefix + "Body")), Actor);
            }
    }

    private async Task<long> FindOrCreateAsync(string json, QuestionnaireSettings settings)
    {
        var title = SurveyDefinition.Parse(json).Title!.Get("da");
        await using (var connection = await database.OpenAsync())
        {
            foreach (var (id, definition) in await connection.QueryAsync<(long, string)>("SELECT id, draft_definition FROM questionnaires"))
            {
                if (SurveyDefinition.Parse(definition).Title?.Get("da") == title) return id;
            }
        }
        var created = await lifecycle.CreateAsync(json, settings, Actor);
        if (!created.IsOk) throw new InvalidOperationException("The demo definition is invalid: " + string.Join("; ", created.Errors!.Select(e => e.Key)));
        await lifecycle.PublishAsync(created.Value, Actor);
        return created.Value;
    }

    /// <summary>The demo's invitations as a mailing leaves them: sent, and the mailing in the audit log, so the report's method page has a mailing to tell.</summary>
    private async Task MarkSentAsync(long questionnaireId, IReadOnlyList<long> invitationIds)
    {
        if (invitationIds.Count == 0) return;
        await using var connection = await database.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var chunk in invitationIds.Chunk(500))
            await connection.ExecuteAsync($"UPDATE invitations SET status = 'sent', sent_at = @now WHERE id {connection.Sql().In("@ids")}",
                new { now = DateTime.UtcNow, ids = chunk.ToList() }, tx);
        await AuditLog.WriteAsync(connection, tx, Actor, "send-invitations", "questionnaire", questionnaireId, after: new { sent = invitationIds.Count, failed = 0 });
        await tx.CommitAsync();
    }

    private async Task<List<Contact>> UninvitedContactsAsync(long questionnaireId)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<Contact>($"""
            SELECT {Contacts.Columns} FROM contacts
            WHERE id NOT IN (SELECT contact_id FROM invitations WHERE questionnaire_id = @questionnaireId AND contact_id IS NOT NULL)
            ORDER BY id
            """, new { questionnaireId })).ToList();
    }

    private static List<ContactInput> MakeContacts(Faker faker, int count, int offset)
    {
        var list = new List<ContactInput>(count);
        for (var i = 0; i < count; i++)
        {
            var (sector, _, organisations) = PickSector(faker);
            var first = faker.PickRandom(FirstNames);
            var last = faker.PickRandom(LastNames);
            var organisation = faker.PickRandom(organisations);
            var domain = new string(organisation.ToLowerInvariant()
                .Replace("æ", "ae").Replace("ø", "oe").Replace("å", "aa").Replace("/", "")
                .Where(c => char.IsAsciiLetterOrDigit(c) || c == ' ').ToArray()).Trim().Replace(' ', '-');
            var number = offset + i + 1;
            list.Add(new ContactInput(
                $"{first} {last}",
                $"{Slug(first)}.{Slug(last)}.{number}@{domain}.example",
                organisation,
                sector,
                faker.PickRandom(Titles),
                new Dictionary<string, string> { ["landsdel"] = faker.PickRandom(Regions) }));
        }
        return list;
    }

    private static string Slug(string s) => s.ToLowerInvariant().Replace("ø", "oe").Replace("æ", "ae").Replace("å", "aa");

    private static (string Sector, double Weight, string[] Organisations) PickSector(Faker faker)
    {
        var x = faker.Random.Double();
        foreach (var entry in SectorMix)
        {
            if (x < entry.Weight) return entry;
            x -= entry.Weight;
        }
        return SectorMix[^1];
    }

    /// <summary>
    /// Plausible answers: leaders with experience from several sectors share knowledge more often
    /// and are more open to another change; pay weighs heavier as a barrier for private leaders.
    /// </summary>
    /// <summary>
    /// A career history for a leader who changed sector: a post per sector led, the current one last.
    /// Drawn from its own generator, seeded by the answers already drawn, so that the demo's other
    /// answers stay as they were before the history was added.
    /// </summary>
    private static JsonArray CareerRows(string sector, IReadOnlyList<string> led, int years)
    {
        var random = new Random(years * 31 + led.Count * 7 + sector.Length);
        var order = led.Where(s => s != sector).Append(sector).ToList();
        var left = years;
        return new JsonArray(order.Select((s, i) =>
        {
            var inPost = i == order.Count - 1 ? Math.Max(1, left) : Math.Max(1, Math.Min(left - 1, random.Next(1, 9)));
            left -= inPost;
            return (JsonNode)new JsonObject { ["sector"] = s, ["years"] = inPost, ["leader_of_leaders"] = random.Next(3) == 0 };
        }).ToArray());
    }

    public static JsonObject SimulateAnswers(Faker f, string sector)
    {
        var answers = new JsonObject
        {
            ["current_sector"] = sector,
            ["management_level"] = f.Random.WeightedRandom(["top", "senior", "middle", "first-line"], [0.15f, 0.25f, 0.4f, 0.2f]),
            ["years_as_leader"] = Math.Clamp((int)Math.Round(f.Random.Double() * 10 + f.Random.Double() * 12 + 1), 1, 45),
        };
        var multi = f.Random.Double() < (sector == Sectors.Private ? 0.25 : 0.4);
        var led = new List<string> { sector };
        if (multi) led.AddRange(f.PickRandom(Sectors.All.Where(s => s != sector), f.Random.Int(1, 2)));
        answers["sectors_led"] = new JsonArray(Sectors.All.Where(led.Contains).Select(s => (JsonNode)s).ToArray());
        var changed = multi && f.Random.Double() < 0.75;
        answers["changed_sector"] = changed;
        if (changed)
        {
            answers["brought_with"] = f.PickRandom(BroughtWith);
            var hardest = f.Random.WeightedRandom(
                ["culture", "politics", "pace", "networks", "pay", "other"],
                sector == Sectors.Private ? [0.25f, 0.1f, 0.3f, 0.15f, 0.15f, 0.05f] : [0.25f, 0.3f, 0.1f, 0.2f, 0.1f, 0.05f]);
            answers["hardest"] = hardest;
            if (hardest == "other") answers["hardest-Comment"] = "Forventningerne fra bestyrelsen";
            answers["success_factors"] = new JsonArray(f.Random.Shuffle(new[] { "network", "mentor", "onboarding", "mandate", "politics" })
                .Select(s => (JsonNode)s).ToArray());
            answers["career"] = CareerRows(sector, led, answers["years_as_leader"]!.GetValue<int>());
        }
        var frequencies = new[] { "never", "yearly", "quarterly", "monthly", "weekly" };
        var sharing = new JsonObject();
        foreach (var row in Sectors.All)
        {
            var level = (row == sector ? 3 : 1) + (multi ? 1 : 0) + f.Random.Int(-1, 1);
            sharing[row] = frequencies[Math.Clamp(level, 0, 4)];
        }
        answers["knowledge_sharing"] = sharing;
        var channels = new[] { "networks", "partnerships", "boards", "secondments", "informal" }
            .Where(_ => f.Random.Double() < (multi ? 0.5 : 0.3)).Select(c => (JsonNode)c).ToArray();
        answers["sharing_channels"] = channels.Length > 0 ? new JsonArray(channels) : new JsonArray("none");
        var barriers = new JsonObject();
        foreach (var row in new[] { "pay", "culture", "recognition", "governance", "recruitment", "network" })
        {
            var bias = row switch
            {
                "pay" => sector == Sectors.Private ? 1 : 0,
                "recognition" => multi ? 1 : 0,
                "governance" => sector == Sectors.Private ? 1 : -1,
                _ => 0,
            };
            barriers[row] = Math.Clamp(3 + bias + f.Random.Int(-2, 1), 1, 5);
        }
        answers["barriers"] = barriers;
        var interest = Math.Clamp((multi ? 6 : 3) + f.Random.Int(-3, 3), 0, 10);
        answers["future_interest"] = interest;
        if (interest >= 6)
            answers["future_sectors"] = new JsonArray(f.PickRandom(Sectors.All.Where(s => s != sector), f.Random.Int(1, 2))
                .Select(s => (JsonNode)s).ToArray());
        if (f.Random.Double() < 0.4) answers["recommendation"] = f.PickRandom(Recommendations);
        answers["interview_ok"] = f.Random.Bool();
        return answers;
    }
}
