using System.Diagnostics;
using System.Text.Json;
using Bogus;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Reports;
using Survey.Core.Reports.Pdf;
using Survey.Core.Responses;
using Survey.Web.Demo;

// Benchmarks for bench/README.md. Each measurement runs in its own process, so that the peak
// memory reported is that of the work measured and not of setting the data up.
//   seed    --db FILE --responses N   the demo questionnaire with N simulated responses
//   summary --db FILE [--repeat K] [--by B] [--sector S] [--days D]   summary and PDF of the demo, timed, with peak memory; B as
//           summary.json's by (sector, none, background:landsdel, question:changed_sector), filtered to a sector and to the period from D days after the first response
//   submit  --db FILE [--per-level N] [--levels 1,16,64,256] [--apis N]   submits through the sites at 1/16/64/256 connections
//           (spread over N Survey.Api instances), complete responses through the pages (--flows N, default a quarter of
//           --per-level), page views, drafts, and in the same run the limits beside them: the writer's grouped ceiling,
//           the store committing the same rows 64 to a transaction, the disk's fsync rate (--fsync-dir D, default the store's folder)
//   page-weight [--repeat K] [--screenshot FILE]   what a leader's browser transfers for the first question page, cold and warm, from the release (./publish.sh first)
// Each takes --store postgresql with --db "Host=...;Database=...;Username=..." for a PostgreSQL database
// (bench/postgres.sh starts one); seed and submit empty the store they are given first.
var options = args.Skip(1).Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
var storeName = options.GetValueOrDefault("store", SqliteDatabase.Name);
var connectionString = options.GetValueOrDefault("db", "bench.db");
using SurveyDatabase db = storeName == PostgresDatabase.Name ? new PostgresDatabase(connectionString) : new SqliteDatabase(connectionString);
string[] storeArgs = [$"--Survey:Database={storeName}", $"--ConnectionStrings:Survey={(db.FilePath ?? connectionString)}"];
switch (args.FirstOrDefault())
{
    case "seed":
        await SeedAsync(db, int.Parse(options.GetValueOrDefault("responses", "100000")));
        break;
    case "summary":
        await SummaryAsync(db, int.Parse(options.GetValueOrDefault("repeat", "3")), options.GetValueOrDefault("by", ResponsesBy.Sector),
            options.GetValueOrDefault("sector"), options.TryGetValue("days", out var days) ? int.Parse(days) : null);
        break;
    case "submit":
        return await SubmitBench.RunAsync(db, storeArgs, int.Parse(options.GetValueOrDefault("per-level", "4000")), Directory.GetCurrentDirectory(),
            options.TryGetValue("levels", out var levels) ? levels.Split(',').Select(int.Parse).ToArray() : null,
            int.Parse(options.GetValueOrDefault("apis", "1")), options.TryGetValue("flows", out var flows) ? int.Parse(flows) : null,
            options.GetValueOrDefault("fsync-dir"));
    case "page-weight":
        return await PageWeightBench.RunAsync(Directory.GetCurrentDirectory(), int.Parse(options.GetValueOrDefault("repeat", "3")), options.GetValueOrDefault("screenshot"));
    default:
        Console.Error.WriteLine("usage: seed --db FILE --responses N | summary --db FILE [--repeat K] | submit --db FILE [--per-level N] (from the repository root)");
        return 2;
}
return 0;

static async Task SeedAsync(SurveyDatabase db, int responses)
{
    Store.Empty(db);
    Migrator.Apply(db);
    var lifecycle = new QuestionnaireLifecycle(db);
    var id = (await lifecycle.CreateAsync(DemoSeeder.ReadDefinition("leader-mobility.json"), new QuestionnaireSettings(), "bench")).Value;
    await lifecycle.PublishAsync(id, "bench");
    var definition = SurveyDefinition.Parse(DemoSeeder.ReadDefinition("leader-mobility.json"));
    var faker = new Faker { Random = new Randomizer(2026) };
    var watch = Stopwatch.StartNew();
    await using var connection = await db.OpenAsync();
    const int batch = 5000;
    using var rows = new SummaryRowWriter(connection);
    for (var start = 0; start < responses; start += batch)
    {
        await using var tx = connection.BeginWrite();
        for (var i = start; i < Math.Min(responses, start + batch); i++)
        {
            // The same rows a submission writes, straight into the tables: the benchmark is about reading them.
            var sector = Sectors.All[faker.Random.WeightedRandom([0, 1, 2, 3, 4], [0.2f, 0.15f, 0.3f, 0.25f, 0.1f])];
            var answers = DemoSeeder.SimulateAnswers(faker, sector);
            var check = AnswerValidator.Validate(definition, answers, AnswerScope.Submit);
            var now = DateTime.UtcNow.AddMinutes(-i);
            var responseId = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO responses (questionnaire_id, version, invitation_id, reference, mode, sector, background, answers, submitted_at)
                VALUES (@id, 1, NULL, @reference, 'web', @sector, '{}', @answers, @now) RETURNING id
                """, new { id, reference = $"B-{i:D8}", sector, answers = RespondentSessions.ToStorage(check.Answers), now }, tx);
            var background = new Dictionary<string, string> { ["landsdel"] = faker.PickRandom("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland") };
            rows.Add(responseId, id, definition, ResponseValues.Explode(definition, check.Answers), ResponseValues.BackgroundRows(sector, background), sector, "web", now);
        }
        rows.Flush(tx);
        tx.Commit();
        rows.Committed();
    }
    Console.WriteLine($"seeded {responses} responses in {watch.Elapsed.TotalSeconds:0.0} s into {db.Describe()}");
}

static async Task SummaryAsync(SurveyDatabase db, int repeat, string by, string? sector, int? days)
{
    // Filters as the taskforce sets them: one sector, the last N days of the period.
    var from = days is { } d ? DateTime.UtcNow.AddMinutes(-(await db.Open().ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses"))).AddDays(d) : (DateTime?)null;
    var filters = (sector is null ? "" : $", sector {sector}") + (from is null ? "" : $", from {from:yyyy-MM-dd}");
    var builder = new SummaryBuilder(db, new DefinitionCache(db));
    var responses = 0L;
    await using (var connection = await db.OpenAsync()) responses = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses");
    for (var run = 1; run <= repeat; run++)
    {
        var watch = Stopwatch.StartNew();
        var request = new SummaryRequest(1, by, Sector: sector, FromUtc: from);
        var summary = (await builder.BuildAsync(request))!;
        var sqlTime = watch.Elapsed;
        // The report as the site makes it: with the method page's counts, the charts and the outline.
        var pdf = SummaryPdf.Render(summary, "da", DateTime.UtcNow, new SummaryPdfOptions(Method: await builder.MethodAsync(request)));
        var total = watch.Elapsed;
        Console.WriteLine($"run {run}: {responses} responses by {by}{filters}, {summary.Completed} in scope, summary {sqlTime.TotalMilliseconds:0} ms, summary + PDF {total.TotalMilliseconds:0} ms ({pdf.Length / 1024} KiB PDF)");
    }
    using var process = Process.GetCurrentProcess();
    Console.WriteLine($"peak working set {process.PeakWorkingSet64 / 1024 / 1024} MiB");
}
