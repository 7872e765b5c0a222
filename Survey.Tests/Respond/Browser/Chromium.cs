using Microsoft.Playwright;

namespace Survey.Tests.Respond.Browser;

/// <summary>
/// One headless Debian Chromium for the whole test run, driven by Playwright. Playwright's own
/// browser download does not work here, so the system browser is used (.ci/run installs it).
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly Lazy<Task<IBrowser>> Instance = new(LaunchAsync);

    public static Task<IBrowser> GetAsync() => Instance.Value;

    private static async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            Assert.Fail($"{ExecutablePath} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does this).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            browser.CloseAsync().GetAwaiter().GetResult();
            playwright.Dispose();
        };
        return browser;
    }

    public static async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900, bool javaScript = true)
    {
        var browser = await GetAsync();
        return await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
            Locale = "da-DK",
        });
    }

    /// <summary>Where screenshots go, for a person to look at: TestResults/screenshots at the repository root.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Survey.sln"))) dir = dir.Parent;
        var folder = Path.Combine(dir!.FullName, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }

    /// <summary>
    /// Runs an action that leaves the page (a click, Enter on a button) and waits until the next
    /// page has loaded. The wait is set up before the action: asking for the load state afterwards
    /// can miss a page that loaded in between and then wait for it in vain.
    /// </summary>
    public static async Task AndWaitForNextPageAsync(this IPage page, Func<Task> action)
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage p) => loaded.TrySetResult();
        page.Load += OnLoad;
        try
        {
            await action();
            await loaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            page.Load -= OnLoad;
        }
    }
}
