using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bogus;
using Dapper;
using Survey.Core.Data;
using Survey.Core.Participants;
using Survey.Core.Questionnaires;
using Survey.Core.Responses;
using Survey.Core.Responses.Forms;
using Survey.Web.Demo;

/// <summary>
/// Submits under load through the real sites: Survey.Web and one or more Survey.Api instances run as
/// their own Release processes on one store (a SQLite file, or a PostgreSQL database); the
/// questionnaire and invitations are made through the admin API; complete answers are submitted at
/// 1, 16, 64 and 256 concurrent connections, spread over the Survey.Api instances; then the same
/// response rows are committed straight into the store (no HTTP) to measure the storage limit.
/// </summary>
public static class SubmitBench
{
    private static readonly int[] DefaultLevels = [1, 16, 64, 256];

    public static async Task<int> RunAsync(SurveyDatabase database, string[] store, int perLevel, string root, int[]? levels = null, int apis = 1,
        int? flows = null, string? fsyncIn = null)
    {
        levels ??= DefaultLevels;
        Store.Empty(database);
        var webDll = Path.Combine(root, "Survey.Web/bin/Release/net10.0/Survey.Web.dll");
        var apiDll = Path.Combine(root, "Survey.Api/bin/Release/net10.0/Survey.Api.dll");
        Cli(webDll, root, ["create-user", "--email", "bench@bench.example", "--role", "admin", .. store]);
        var key = Cli(webDll, root, ["create-api-key", "--email", "bench@bench.example", .. store]).Last();
        // Ports the system picks, so that two runs on one machine do not collide.
        var webUrl = $"http://127.0.0.1:{FreePort()}";
        var apiUrls = Enumerable.Range(0, apis).Select(_ => $"http://127.0.0.1:{FreePort()}").ToList();
        using var web = Start(webDll, Path.Combine(root, "Survey.Web"), webUrl, store);
        var apiProcesses = apiUrls.Select(url => Start(apiDll, Path.Combine(root, "Survey.Api"), url, [.. store, "--Survey:FailedTokenLookupsPerMinute=100000"])).ToList();
        Console.WriteLine($"store: {database.Store} ({database.Describe()}), {apis} Survey.Api instance(s)");
        try
        {
            using var admin = new HttpClient { BaseAddress = new Uri(webUrl), Timeout = TimeSpan.FromMinutes(5) };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            await WaitAsync(admin, "/healthz");
            // The load generator spreads its requests over the instances in turn, as a load balancer would.
            var clients = apiUrls.Select(url => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = new Uri(url) }).ToList();
            foreach (var c in clients) await WaitAsync(c, "/healthz");
            HttpClient Http(int i) => clients[i % clients.Count];

            var flowCount = flows ?? Math.Max(100, perLevel / 4);
            const int warmRound = 2000, warmFlows = 100, warmRounds = 8;
            var total = perLevel * levels.Length + perLevel * 3 + flowCount + (warmRound + warmFlows) * warmRounds + 1000;
            var setup = Stopwatch.StartNew();
            var created = await admin.PostAsJsonAsync("/api/v1/admin/questionnaires", new JsonObject
            {
                ["definition"] = JsonNode.Parse(DemoSeeder.ReadDefinition("leader-mobility.json")), ["mode"] = "survey",
            });
            var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
            (await admin.PostAsync($"/api/v1/admin/questionnaires/{id}/publish", null)).EnsureSuccessStatusCode();
            var faker = new Faker { Random = new Randomizer(7) };
            var contacts = new JsonArray(Enumerable.Range(0, total).Select(i => (JsonNode)new JsonObject
            {
                ["name"] = $"Leder {i}", ["email"] = $"leder{i}@bench.example", ["organisation"] = "Bench",
                ["sector"] = Sectors.All[i % Sectors.All.Length],
            }).ToArray());
            (await admin.PostAsJsonAsync("/api/v1/admin/contacts", contacts)).EnsureSuccessStatusCode();
            var invited = await admin.PostAsJsonAsync($"/api/v1/admin/questionnaires/{id}/invitations", new JsonObject { ["all"] = true });
            var tokens = (await invited.Content.ReadFromJsonAsync<JsonArray>())!.Select(t => t!["token"]!.GetValue<string>()).ToList();
            Console.WriteLine($"setup through the admin API: questionnaire {id}, {tokens.Count} invitations in {setup.Elapsed.TotalSeconds:0.0} s");
            var fsyncDir = fsyncIn ?? Path.GetDirectoryName(Path.GetFullPath(database.FilePath ?? Path.GetTempPath()))!;
            var fsyncBefore = Fsync.Rate(fsyncDir);
            Console.WriteLine($"disk: {fsyncBefore:0} fsyncs/s in {fsyncDir} (4 KiB appended and flushed to disk, for 2 s)");

            var definition = SurveyDefinition.Parse(DemoSeeder.ReadDefinition("leader-mobility.json"));
            var simulated = Enumerable.Range(0, 200).Select(i => DemoSeeder.SimulateAnswers(faker, Sectors.All[i % 5])).ToList();
            var answers = simulated.Select(a => new JsonObject { ["answers"] = a.DeepClone() }.ToJsonString()).ToList();
            var next = 0;
            List<string> Take(int n)
            {
                var taken = tokens.Skip(next).Take(n).ToList();
                next += n;
                return taken;
            }
            var pagesHttp = apiUrls.Select(url => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, AllowAutoRedirect = false, UseCookies = false })
            {
                BaseAddress = new Uri(url),
            }).ToList();
            // Warm-up, not counted: the sites compile their busy code on its first uses (tiered compilation).
            var requests = 0L;
            Task<int> Flow(string token, int i) => PageFlowAsync(pagesHttp[i % pagesHttp.Count], token, definition, simulated[i % simulated.Count])
                .ContinueWith(t => { Interlocked.Add(ref requests, t.Result.Requests); return t.Result.Status; });
            // It goes on in the background for a while after; rounds of submits and page flows until the processor time per submit settles (within 10 %).
            var warmed = Stopwatch.StartNew();
            var (rounds, lastCpu) = (0, double.MaxValue);
            while (rounds < warmRounds)
            {
                rounds++;
                var before = ProcessCpu(apiProcesses);
                await LoadAsync(Take(warmRound), 64, (token, i) =>
                    Http(i).PostAsync($"/api/v1/respond/{token}/submit", new StringContent(answers[i % answers.Count], System.Text.Encoding.UTF8, "application/json")));
                await RowsWrittenAsync(database);
                var cpuEach = (ProcessCpu(apiProcesses) - before).TotalMilliseconds / warmRound;
                await LoadAsync(Take(warmFlows), 16, Flow);
                if (Math.Abs(cpuEach - lastCpu) < 0.1 * lastCpu) break;
                lastCpu = cpuEach;
            }
            requests = 0;
            Console.WriteLine($"warm-up, not counted: {rounds} rounds of {warmRound} submits and {warmFlows} responses through the pages in {warmed.Elapsed.TotalSeconds:0} s, until the processor time per submit settled ({lastCpu:0.000} ms in the last but one)");

            var results = new List<LevelResult>();
            foreach (var level in levels)
            {
                var slice = Take(perLevel);
                var cpu = CpuTimes.Now();
                var processCpu = ProcessCpu(apiProcesses);
                var (rate, p50, p99, codes) = await LoadAsync(slice, level, (token, i) =>
                    Http(i).PostAsync($"/api/v1/respond/{token}/submit", new StringContent(answers[i % answers.Count], System.Text.Encoding.UTF8, "application/json")));
                var machine = CpuTimes.Now().Since(cpu);
                // The summary rows are part of a submit's work, wherever they are written: counted until all are in.
                var (left, took) = await RowsWrittenAsync(database);
                var perSubmit = (ProcessCpu(apiProcesses) - processCpu).TotalMilliseconds / slice.Count;
                results.Add(new LevelResult(level, rate, p99, perSubmit));
                Console.WriteLine($"submit  {level,3} connections{(level == 1 ? " (latency: one leader at a time)" : "")}: {slice.Count} submits, {rate,7:0} /s, p50 {p50,6:0.0} ms, p99 {p99,6:0.0} ms, statuses {codes}");
                Console.WriteLine($"          Survey.Api processor time per submit, summary rows included: {perSubmit:0.000} ms; processors meanwhile: {machine}");
                Console.WriteLine($"          summary rows: {left} responses pending at the end of the burst, all written {took.TotalSeconds:0.00} s later");
            }

            // Complete responses through the pages, as a leader's browser without the page script sends them.
            var flowTokens = Take(flowCount);
            var flowCpu = ProcessCpu(apiProcesses);
            var flowMachine = CpuTimes.Now();
            var flow = await LoadAsync(flowTokens, 16, Flow);
            var perFlow = (ProcessCpu(apiProcesses) - flowCpu).TotalMilliseconds / flowTokens.Count;
            Console.WriteLine($"pages   16 connections: {flowTokens.Count} complete responses of {requests / (double)flowTokens.Count:0.0} requests each, {flow.Rate,7:0} /s, p50 {flow.P50,6:0.0} ms, p99 {flow.P99,6:0.0} ms per response, last statuses {flow.Codes}");
            Console.WriteLine($"          Survey.Api processor time per complete response: {perFlow:0.00} ms; processors meanwhile: {CpuTimes.Now().Since(flowMachine)}");

            var views = Take(perLevel);
            var view = await LoadAsync(views, 64, (token, i) => Http(i).GetAsync($"/s/{token}"));
            Console.WriteLine($"GET /s/{{token}} 64 connections: {views.Count} views, {view.Rate,7:0} /s, p50 {view.P50,6:0.0} ms, p99 {view.P99,6:0.0} ms, statuses {view.Codes}");
            // The same leaders' drafts, as the page script saves them while they type.
            var draft = await LoadAsync(views, 64, (token, i) =>
                Http(i).PutAsync($"/api/v1/respond/{token}/answers", new StringContent(answers[i % answers.Count], System.Text.Encoding.UTF8, "application/json")));
            Console.WriteLine($"PUT answers    64 connections: {views.Count} drafts, {draft.Rate,7:0} /s, p50 {draft.P50,6:0.0} ms, p99 {draft.P99,6:0.0} ms, statuses {draft.Codes}");

            // The limits, measured now on the same machine and disk.
            await using var connection = await database.OpenAsync();
            var parsed = answers.Select(a => JsonNode.Parse(a)!["answers"]!.AsObject()).ToList();

            // 1. The writer's own ceiling: 64 callers at once through Submissions (validation, the same rows, no HTTP).
            var submissions = new Submissions(database, new DefinitionCache(database));
            // Its code compiled first, as the site's was in the warm-up.
            var warmCeiling = await InvitationIdsAsync(connection, Take(1000));
            for (var i = 0; i < warmCeiling.Count; i++) await submissions.SubmitAsync(warmCeiling[i], (JsonObject)parsed[i % parsed.Count].DeepClone());
            await RowsWrittenAsync(database);
            var grouped = await InvitationIdsAsync(connection, Take(perLevel));
            var nextGrouped = -1;
            var ownCpu = ProcessCpu([Process.GetCurrentProcess()]);
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref nextGrouped); i < grouped.Count; i = Interlocked.Increment(ref nextGrouped))
                {
                    var done = await submissions.SubmitAsync(grouped[i], (JsonObject)parsed[i % parsed.Count].DeepClone());
                    if (!done.IsOk) throw new InvalidOperationException("direct commit refused: " + done.Kind);
                }
            })));
            var ceiling = grouped.Count / watch.Elapsed.TotalSeconds;
            await RowsWrittenAsync(database);
            var ceilingCpu = (ProcessCpu([Process.GetCurrentProcess()]) - ownCpu).TotalMilliseconds / grouped.Count;
            Console.WriteLine($"limit 1, the writer's grouped ceiling: 64 callers through Submissions, no HTTP: {grouped.Count} in {watch.Elapsed.TotalSeconds:0.0} s, {ceiling:0} /s, {ceilingCpu:0.000} ms processor time each with its summary rows");

            // 2. The store's physical limit: the same rows (the claim, the response, its summary row)
            // committed 64 to a transaction on one writer connection with the project's settings, with
            // nothing else: no validation, no queue, no HTTP.
            var raw = await InvitationIdsAsync(connection, Take(perLevel));
            var sample = await connection.QueryFirstAsync<(string Sector, string Background, byte[] Codes)>(
                "SELECT sector, background, codes FROM response_summaries WHERE questionnaire_id = @id LIMIT 1", new { id });
            var stored = parsed.Select(RespondentSessions.ToStorage).ToList();
            watch.Restart();
            await RawStore.CommitGroupsAsync(database, id, raw, stored, sample, group: 64);
            var physical = raw.Count / watch.Elapsed.TotalSeconds;
            Console.WriteLine($"limit 2, the store itself: the same rows committed 64 to a transaction: {raw.Count} in {watch.Elapsed.TotalSeconds:0.0} s, {physical:0} /s");
            var fsyncAfter = Fsync.Rate(fsyncDir);
            Console.WriteLine($"disk: {fsyncAfter:0} fsyncs/s (before the levels: {fsyncBefore:0} /s)");

            Console.WriteLine();
            Console.WriteLine($"summary ({database.Store}, {apis} Survey.Api instance(s); fsync {fsyncBefore:0} /s before, {fsyncAfter:0} /s after):");
            foreach (var r in results)
                Console.WriteLine($"  {r.Connections,3} connections: {r.Rate,7:0} /s, p99 {r.P99,6:0.0} ms = {r.Rate / ceiling:0.00} of the writer's ceiling ({ceiling:0} /s), {r.Rate / physical:0.00} of the store's ({physical:0} /s); {r.CpuPerSubmit:0.000} ms processor time per submit{(r.Connections == 1 ? " (one at a time: latency, not throughput)" : "")}");
            Console.WriteLine($"  pages: {perFlow:0.00} ms processor time per complete response ({requests / (double)flowTokens.Count:0.0} requests)");
            Console.WriteLine($"responses stored: {await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses")}");
            return 0;
        }
        finally
        {
            foreach (var api in apiProcesses) Stop(api);
            Stop(web);
        }
    }

    private sealed record LevelResult(int Connections, double Rate, double P99, double CpuPerSubmit);

    /// <summary>The processor time the processes have used so far, from their own counters (/proc/PID/stat).</summary>
    private static TimeSpan ProcessCpu(IEnumerable<Process> processes) => processes.Aggregate(TimeSpan.Zero, (sum, p) =>
    {
        p.Refresh();
        return sum + p.TotalProcessorTime;
    });

    /// <summary>The invitations behind the links, by their tokens' hashes.</summary>
    private static async Task<List<long>> InvitationIdsAsync(System.Data.Common.DbConnection connection, IEnumerable<string> tokens)
    {
        var hashes = tokens.Select(Tokens.Hash).ToList();
        var ids = new List<long>();
        foreach (var chunk in hashes.Chunk(500))
            ids.AddRange(await connection.QueryAsync<long>($"SELECT invitation_id FROM invitation_tokens WHERE token_hash {connection.Sql().In("@chunk")}", new { chunk }));
        return ids;
    }

    /// <summary>
    /// One leader's complete response through the pages, as a browser without the page script sends
    /// it: the welcome, each page shown and posted (its own fields only), the review, the submit.
    /// Redirects are followed by hand, each a request of its own. Returns the last status and the number of requests.
    /// </summary>
    private static async Task<(int Status, int Requests)> PageFlowAsync(HttpClient http, string token, SurveyDefinition definition, JsonObject answers)
    {
        var form = FormAnswers.ToForm(definition, answers);
        var requests = 1;
        using (var welcome = await http.GetAsync($"/s/{token}"))
            if (welcome.StatusCode != System.Net.HttpStatusCode.OK) return ((int)welcome.StatusCode, requests);
        var at = $"/s/{token}/p/{definition.Pages[0].Name}";
        while (requests < 40)
        {
            requests++;
            using (var shown = await http.GetAsync(at))
            {
                await shown.Content.ReadAsByteArrayAsync();
                if (shown.StatusCode != System.Net.HttpStatusCode.OK) return ((int)shown.StatusCode, requests);
            }
            if (at.EndsWith("/review", StringComparison.Ordinal)) break;
            var page = definition.Pages.First(p => at.EndsWith("/p/" + p.Name, StringComparison.Ordinal));
            var names = page.AllElements.Where(e => e.IsQuestion).Select(e => e.Name!).ToList();
            var fields = form.Where(f => names.Any(n => f.Key == n || f.Key.StartsWith(n + ".", StringComparison.Ordinal) || f.Key.StartsWith(n + "-", StringComparison.Ordinal) || f.Key.StartsWith(n + "[", StringComparison.Ordinal)))
                .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")));
            requests++;
            using var posted = await http.PostAsync(at, new FormUrlEncodedContent(fields));
            if ((int)posted.StatusCode is < 300 or >= 400 || posted.Headers.Location is not { } location)
            {
                if (Environment.GetEnvironmentVariable("BENCH_DEBUG") is not null)
                    Console.Error.WriteLine($"{at}: {(int)posted.StatusCode} " + string.Join(" | ", System.Text.RegularExpressions.Regex.Matches(await posted.Content.ReadAsStringAsync(), "(?s)<li><a class=\"function-link\" href=[^>]*>(.*?)</a>").Select(m => m.Groups[1].Value.Trim())) + " FORM " + string.Join("&", fields.Select(f => f.Key + "=" + f.Value)));
                return ((int)posted.StatusCode, requests);
            }
            at = location.OriginalString;
        }
        requests++;
        using var receipt = await http.PostAsync($"/s/{token}/submit", new FormUrlEncodedContent([]));
        await receipt.Content.ReadAsByteArrayAsync();
        return ((int)receipt.StatusCode, requests);
    }

    private static Task<(double Rate, double P50, double P99, string Codes)> LoadAsync(
        IReadOnlyList<string> tokens, int connections, Func<string, int, Task<HttpResponseMessage>> call) =>
        LoadAsync(tokens, connections, async (token, i) =>
        {
            using var response = await call(token, i);
            await response.Content.ReadAsByteArrayAsync();
            return (int)response.StatusCode;
        });

    private static async Task<(double Rate, double P50, double P99, string Codes)> LoadAsync(
        IReadOnlyList<string> tokens, int connections, Func<string, int, Task<int>> call)
    {
        var queue = new ConcurrentQueue<(string Token, int Index)>(tokens.Select((t, i) => (t, i)));
        var latencies = new ConcurrentBag<double>();
        var codes = new ConcurrentDictionary<int, int>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var item))
            {
                var started = Stopwatch.GetTimestamp();
                var status = await call(item.Token, item.Index);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                codes.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
        })));
        var elapsed = watch.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        var rate = tokens.Count / elapsed;
        return (rate, sorted[(int)(sorted.Length * 0.50)], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))],
            string.Join(" ", codes.OrderBy(c => c.Key).Select(c => $"{c.Key}×{c.Value}")));
    }

    private static async Task<(long Left, TimeSpan Took)> RowsWrittenAsync(SurveyDatabase database)
    {
        await using var connection = await database.OpenAsync();
        const string pending = "SELECT COUNT(*) FROM responses WHERE values_pending";
        var left = await connection.ExecuteScalarAsync<long>(pending);
        var watch = Stopwatch.StartNew();
        while (await connection.ExecuteScalarAsync<long>(pending) > 0) await Task.Delay(10);
        return (left, watch.Elapsed);
    }

    internal static string[] Cli(string dll, string root, string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, WorkingDirectory = root };
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} failed");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A site as its own process; with no <paramref name="contentRoot"/> it finds its files itself (a release).</summary>
    internal static Process Start(string dll, string? contentRoot, string url, string[] settings)
    {
        string[] root = contentRoot is null ? [] : ["--contentRoot", contentRoot];
        var info = new ProcessStartInfo("dotnet", [dll, .. root, "--urls", url, "--Logging:LogLevel:Default=Warning", .. settings])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var p = Process.Start(info)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    internal static async Task WaitAsync(HttpClient client, string path)
    {
        for (var i = 0; i < 120; i++)
        {
            try
            {
                if ((await client.GetAsync(path)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(500);
        }
        throw new TimeoutException(path + " did not answer");
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static void Stop(Process p)
    {
        if (!p.HasExited) p.Kill(entireProcessTree: true);
        p.WaitForExit();
    }
}
