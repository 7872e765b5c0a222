using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Survey.Web.Demo;

/// <summary>
/// What a leader's browser transfers for the first question page, measured by headless Chromium
/// (its own byte counts, compressed as sent, headers included) against the release that publish.sh
/// made (dist/survey-*/), as a server runs it: cold (empty cache), split into the fonts and the rest,
/// and warm (the same page again with the cache the first visit left).
/// </summary>
public static class PageWeightBench
{
    public static async Task<int> RunAsync(string root, int repeat, string? screenshot = null)
    {
        var release = Directory.GetDirectories(Path.Combine(root, "dist"), "survey-*").OrderByDescending(Directory.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new InvalidOperationException("no release in dist/: run ./publish.sh first");
        var data = Directory.CreateTempSubdirectory("survey-pageweight-").FullName;
        string[] store = [$"--ConnectionStrings:Survey={Path.Combine(data, "survey.db")}"];
        var web = Path.Combine(release, "web/Survey.Web.dll");
        SubmitBench.Cli(web, data, ["create-user", "--email", "bench@bench.example", "--role", "admin", .. store]);
        var key = SubmitBench.Cli(web, data, ["create-api-key", "--email", "bench@bench.example", .. store]).Last();
        var (apiUrl, webUrl) = ($"http://127.0.0.1:{SubmitBench.FreePort()}", $"http://127.0.0.1:{SubmitBench.FreePort()}");
        using var webSite = SubmitBench.Start(web, null, webUrl, store);
        using var apiSite = SubmitBench.Start(Path.Combine(release, "api/Survey.Api.dll"), null, apiUrl, store);
        try
        {
            using var admin = new HttpClient { BaseAddress = new Uri(webUrl) };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            await SubmitBench.WaitAsync(admin, "/healthz");
            using var api = new HttpClient { BaseAddress = new Uri(apiUrl) };
            await SubmitBench.WaitAsync(api, "/healthz");
            var created = await admin.PostAsJsonAsync("/api/v1/admin/questionnaires", new JsonObject
            {
                ["definition"] = JsonNode.Parse(DemoSeeder.ReadDefinition("leader-mobility.json")), ["mode"] = "survey",
            });
            var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
            (await admin.PostAsync($"/api/v1/admin/questionnaires/{id}/publish", null)).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync("/api/v1/admin/contacts", new JsonArray(Enumerable.Range(0, repeat).Select(i => (JsonNode)new JsonObject
            {
                ["name"] = $"Leder {i}", ["email"] = $"leder{i}@bench.example", ["organisation"] = "Bench", ["sector"] = "state",
            }).ToArray()))).EnsureSuccessStatusCode();
            var invited = await admin.PostAsJsonAsync($"/api/v1/admin/questionnaires/{id}/invitations", new JsonObject { ["all"] = true });
            var tokens = (await invited.Content.ReadFromJsonAsync<JsonArray>())!.Select(t => t!["token"]!.GetValue<string>()).ToList();

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium", Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            Console.WriteLine($"release {Path.GetFileName(release)}; a leader's first question page (/s/{{token}}/p/about-you), headless Chromium, bytes as transferred");
            foreach (var token in tokens)
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
                var page = await context.NewPageAsync();
                var cdp = await context.NewCDPSessionAsync(page);
                var types = new ConcurrentDictionary<string, string>();
                var sizes = new ConcurrentDictionary<string, double>();
                cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
                {
                    if (e is { } v) types[v.GetProperty("requestId").GetString()!] = v.GetProperty("response").GetProperty("url").GetString()!;
                };
                cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
                {
                    if (e is { } v) sizes[v.GetProperty("requestId").GetString()!] = v.GetProperty("encodedDataLength").GetDouble();
                };
                await cdp.SendAsync("Network.enable");
                var url = $"{apiUrl}/s/{token}/p/about-you";
                await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
                var (fonts, rest, count) = Split(types, sizes);
                Console.WriteLine($"cold: {rest / 1024.0,6:0.0} KB before fonts, {(rest + fonts) / 1024.0,6:0.0} KB with them ({count} requests)");
                sizes.Clear();
                types.Clear();
                await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
                var (warmFonts, warmRest, warmCount) = Split(types, sizes);
                Console.WriteLine($"warm: {(warmRest + warmFonts) / 1024.0,6:0.0} KB ({warmCount} requests)");
                // To look at the page as it was measured, its fonts included.
                if (screenshot is not null) await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            }
            return 0;
        }
        finally
        {
            SubmitBench.Stop(apiSite);
            SubmitBench.Stop(webSite);
            Directory.Delete(data, recursive: true);
        }
    }

    private static (double Fonts, double Others, int Count) Split(ConcurrentDictionary<string, string> urls, ConcurrentDictionary<string, double> sizes)
    {
        var fonts = sizes.Where(s => urls.TryGetValue(s.Key, out var u) && u.Contains("/fonts/", StringComparison.Ordinal)).Sum(s => s.Value);
        return (fonts, sizes.Values.Sum() - fonts, sizes.Count);
    }
}
