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

    public static async Task<int> RunAsync(SurveyDatabase database, string[] store, int perLevel, string root, int[]? levels = null, int apis = 1)
    {
        levels ??= DefaultLevels;
        Store.Empty(database);
        var webDll = Path.Combine(root, "Survey.Web/bin/Release/net10.0/Survey.Web.dll");
        var apiDll = Path.Combine(root, "Survey.Api/bin/Release/net10.0/Survey.Api.dll");
        Cli(webDll, root, ["create-user", "--email", "bench@bench.example", "--role", "admin", .. store]);
        var key = Cli(webDll, root, ["create-api-key", "--email", "bench@bench.example", .. store]).Last();
        const string webUrl = "http://127.0.0.1:5290";
        var apiUrls = Enumerable.Range(0, apis).Select(i => $"http://127.0.0.1:{5280 + i}").ToList();
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

            var total = perLevel * levels.Length + perLevel * 4;
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

            var answers = Enumerable.Range(0, 200).Select(i => new JsonObject { ["answers"] = DemoSeeder.SimulateAnswers(faker, Sectors.All[i % 5]) }.ToJsonString()).ToList();
            var next = 0;
            var at64 = 0.0;
            foreach (var level in levels)
            {
                var slice = tokens.Skip(next).Take(perLevel).ToList();
                next += perLevel;
                var cpu = CpuTimes.Now();
                var (rate, p50, p99, codes) = await LoadAsync(slice, level, (token, i) =>
                    Http(i).PostAsync($"/api/v1/respond/{token}/submit", new StringContent(answers[i % answers.Count], System.Text.Encoding.UTF8, "application/json")));
                if (level == 64) at64 = rate;
                Console.WriteLine($"submit  {level,3} connections: {slice.Count} submits, {rate,7:0} /s, p50 {p50,6:0.0} ms, p99 {p99,6:0.0} ms, statuses {codes}");
                Console.WriteLine($"          processors meanwhile: {CpuTimes.Now().Since(cpu)}");
                // The summary rows are written once the burst is over (Submissions): how many were left, and how long they took.
                var (left, took) = await RowsWrittenAsync(database);
                Console.WriteLine($"          summary rows: {left} responses pending at the end of the burst, all written {took.TotalSeconds:0.00} s later");
            }
            var views = tokens.Skip(next).Take(perLevel).ToList();
            next += perLevel;
            var view = await LoadAsync(views, 64, (token, i) => Http(i).GetAsync($"/s/{token}"));
            Console.WriteLine($"GET /s/{{token}} 64 connections: {views.Count} views, {view.Rate,7:0} /s, p50 {view.P50,6:0.0} ms, p99 {view.P99,6:0.0} ms, statuses {view.Codes}");
            // The same leaders' drafts, as the page script saves them while they type.
            var draft = await LoadAsync(views, 64, (token, i) =>
                Http(i).PutAsync($"/api/v1/respond/{token}/answers", new StringContent(answers[i % answers.Count], System.Text.Encoding.UTF8, "application/json")));
            Console.WriteLine($"PUT answers    64 connections: {views.Count} drafts, {draft.Rate,7:0} /s, p50 {draft.P50,6:0.0} ms, p99 {draft.P99,6:0.0} ms, statuses {draft.Codes}");

            // The storage limit: the same rows committed straight into the store, one transaction per response as a submit does.
            await using var connection = await database.OpenAsync();
            var invitationIds = (await connection.QueryAsync<long>(
                "SELECT id FROM invitations WHERE questionnaire_id = @id AND status <> 'completed' ORDER BY id LIMIT @perLevel", new { id, perLevel })).ToList();
            var submissions = new Submissions(database, new DefinitionCache(database));
            var parsed = answers.Select(a => JsonNode.Parse(a)!["answers"]!.AsObject()).ToList();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < invitationIds.Count; i++)
            {
                var done = await submissions.SubmitAsync(invitationIds[i], (JsonObject)parsed[i % parsed.Count].DeepClone());
                if (!done.IsOk) throw new InvalidOperationException("direct commit refused: " + done.Kind);
            }
            var direct = invitationIds.Count / watch.Elapsed.TotalSeconds;
            Console.WriteLine($"direct commits (same rows, same settings, no HTTP): {invitationIds.Count} in {watch.Elapsed.TotalSeconds:0.0} s, {direct:0} /s");

            // The writer's own ceiling: 64 callers at once through Submissions, so submits share commits as under HTTP load.
            var grouped = (await connection.QueryAsync<long>(
                "SELECT id FROM invitations WHERE questionnaire_id = @id AND status <> 'completed' ORDER BY id LIMIT @perLevel", new { id, perLevel })).ToList();
            var nextGrouped = -1;
            watch.Restart();
            await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref nextGrouped); i < grouped.Count; i = Interlocked.Increment(ref nextGrouped))
                {
                    var done = await submissions.SubmitAsync(grouped[i], (JsonObject)parsed[i % parsed.Count].DeepClone());
                    if (!done.IsOk) throw new InvalidOperationException("direct commit refused: " + done.Kind);
                }
            })));
            Console.WriteLine($"direct commits, 64 callers sharing commits (no HTTP): {grouped.Count} in {watch.Elapsed.TotalSeconds:0.0} s, {grouped.Count / watch.Elapsed.TotalSeconds:0} /s");
            Console.WriteLine($"ratio at 64 connections: {at64 / direct:0.00} (HTTP submits per second / direct commits per second)");

            // The store's own commit rate for the same rows: each response's claim and insert in a transaction
            // of its own, from 64 connections at once, with no validation, no writer and no HTTP.
            var own = (await connection.QueryAsync<long>(
                "SELECT id FROM invitations WHERE questionnaire_id = @id AND status <> 'completed' ORDER BY id LIMIT @perLevel", new { id, perLevel })).ToList();
            var stored = parsed.Select(RespondentSessions.ToStorage).ToList();
            var nextOwn = -1;
            var ownCpu = CpuTimes.Now();
            watch.Restart();
            await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            {
                await using var c = await database.OpenAsync();
                for (var i = Interlocked.Increment(ref nextOwn); i < own.Count; i = Interlocked.Increment(ref nextOwn))
                {
                    await using var tx = c.BeginRowLockedWrite();
                    var now = DateTime.UtcNow;
                    await c.ExecuteAsync("UPDATE invitations SET status = 'completed', completed_at = @now WHERE id = @invitation AND status <> 'completed'",
                        new { now, invitation = own[i] }, tx);
                    await c.ExecuteAsync("""
                        INSERT INTO responses (questionnaire_id, version, invitation_id, reference, mode, sector, background, answers, submitted_at)
                        VALUES (@id, 1, @invitation, @reference, 'web', 'state', '{}', @answers, @now)
                        """, new { id, invitation = own[i], reference = $"OWN-{i:D8}", answers = stored[i % stored.Count], now }, tx);
                    await tx.CommitAsync();
                }
            })));
            var ownRate = own.Count / watch.Elapsed.TotalSeconds;
            Console.WriteLine($"the store's own commits of the same rows, 64 connections, one transaction each: {own.Count} in {watch.Elapsed.TotalSeconds:0.0} s, {ownRate:0} /s");
            Console.WriteLine($"          processors meanwhile: {CpuTimes.Now().Since(ownCpu)}");
            Console.WriteLine($"ratio at 64 connections: {at64 / ownRate:0.00} (HTTP submits per second / the store's own commits per second)");
            Console.WriteLine($"responses stored: {await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM responses")}");
            return 0;
        }
        finally
        {
            foreach (var api in apiProcesses) Stop(api);
            Stop(web);
        }
    }

    private static async Task<(double Rate, double P50, double P99, string Codes)> LoadAsync(
        IReadOnlyList<string> tokens, int connections, Func<string, int, Task<HttpResponseMessage>> call)
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
                using var response = await call(item.Token, item.Index);
                await response.Content.ReadAsByteArrayAsync();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                codes.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
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
