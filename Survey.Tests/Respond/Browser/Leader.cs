using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Survey.Tests.Respond.Browser;

/// <summary>
/// A leader answering the demo questionnaire in a browser, either with the keyboard alone
/// (Tab, arrows, space, typing, Enter) or by pointing and typing.
/// </summary>
public sealed partial class Leader(IPage page, bool keyboardOnly)
{
    public IPage Page => page;

    /// <summary>Presses Tab until the focused element matches the selector, as a keyboard user would.</summary>
    public async Task TabToAsync(string selector)
    {
        for (var i = 0; i < 120; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement && document.activeElement.matches(s)", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached {selector}");
    }

    public async Task ChooseAsync(string name, string value)
    {
        var selector = $"input[name=\"{name}\"]";
        if (!keyboardOnly)
        {
            await page.Locator($"{selector}[value=\"{value}\"]").CheckAsync(new() { Force = true });
            return;
        }
        await TabToAsync(selector);
        // Arrow keys move through a radio group and check the option they land on.
        for (var i = 0; i < 15; i++)
        {
            if (await page.EvaluateAsync<bool>("v => document.activeElement.value === v && document.activeElement.checked", value)) return;
            if (await page.EvaluateAsync<bool>("v => document.activeElement.value === v", value))
            {
                await page.Keyboard.PressAsync("Space");
                continue;
            }
            await page.Keyboard.PressAsync("ArrowDown");
        }
        Assert.Fail($"Could not choose {value} in {name}");
    }

    public async Task TickAsync(string name, params string[] values)
    {
        foreach (var value in values)
        {
            var selector = $"input[name=\"{name}\"][value=\"{value}\"]";
            if (!keyboardOnly)
            {
                await page.Locator(selector).CheckAsync(new() { Force = true });
                continue;
            }
            await TabToAsync(selector);
            await page.Keyboard.PressAsync("Space");
        }
    }

    public async Task TypeAsync(string name, string text)
    {
        var selector = $"[name=\"{name}\"]";
        if (!keyboardOnly)
        {
            await page.Locator(selector).FillAsync(text);
            return;
        }
        await TabToAsync(selector);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(text);
    }

    public async Task SelectAsync(string name, string value)
    {
        var selector = $"select[name=\"{name}\"]";
        if (!keyboardOnly)
        {
            await page.Locator(selector).SelectOptionAsync(value);
            return;
        }
        await TabToAsync(selector);
        // Typing on a focused select picks the option that starts with what is typed.
        await page.Keyboard.TypeAsync(value);
    }

    public async Task NextAsync()
    {
        if (keyboardOnly) await TabToAsync("button[value=\"next\"]");
        await page.AndWaitForNextPageAsync(() => keyboardOnly ? page.Keyboard.PressAsync("Enter") : page.Locator("button[value=\"next\"]").ClickAsync());
    }

    public async Task<string> HeadingAsync() => (await page.Locator("h1").First.InnerTextAsync()).Trim();

    public async Task ExpectHeadingAsync(string heading)
    {
        await Assertions.Expect(page.Locator("h1").First).ToHaveTextAsync(heading);
    }

    public async Task AboutYouAsync()
    {
        await ExpectHeadingAsync("Om dig og din ledelse");
        await ChooseAsync("current_sector", "region");
        await ChooseAsync("management_level", "middle");
        await TypeAsync("years_as_leader", "14");
        await NextAsync();
    }

    public async Task ExperienceAsync(bool changedSector)
    {
        await ExpectHeadingAsync("Din erfaring fra sektorerne");
        await TickAsync("sectors_led", "region", "private");
        await ChooseAsync("changed_sector", changedSector ? "true" : "false");
        await NextAsync();
    }

    public async Task SectorChangeAsync()
    {
        await ExpectHeadingAsync("Dit sektorskifte");
        await TypeAsync("brought_with", "Et blik for drift <og> økonomi");
        await ChooseAsync("hardest", "politics");
        string[] order = ["mandate", "network", "mentor", "politics", "onboarding"];
        for (var i = 0; i < order.Length; i++) await SelectAsync("success_factors." + order[i], (i + 1).ToString());
        await NextAsync();
    }

    public async Task KnowledgeSharingAsync()
    {
        await ExpectHeadingAsync("Videndeling");
        foreach (var (row, column) in new[] { ("state", "monthly"), ("region", "weekly"), ("municipality", "quarterly"), ("private", "yearly"), ("civil-society", "never") })
            await ChooseAsync("knowledge_sharing." + row, column);
        await TickAsync("sharing_channels", "networks", "informal");
        await NextAsync();
    }

    public async Task BarriersAsync(int interest)
    {
        await ExpectHeadingAsync("Barrierer for at skifte sektor");
        foreach (var row in new[] { "pay", "culture", "recognition", "governance", "recruitment", "network" })
            await ChooseAsync("barriers." + row, "4");
        await ChooseAsync("future_interest", interest.ToString());
    }

    public async Task RecommendationsAsync()
    {
        await ExpectHeadingAsync("Dine anbefalinger");
        await TypeAsync("recommendation", "Lav et fælles talentprogram");
        await ChooseAsync("interview_ok", "true");
        await NextAsync();
    }

    public async Task<string> SubmitFromReviewAsync()
    {
        await ExpectHeadingAsync("Se dine svar igennem");
        if (keyboardOnly)
        {
            await TabToAsync("form[action*=\"/submit\"] button");
            await page.Keyboard.PressAsync("Enter");
        }
        else
        {
            await page.Locator("form[action*=\"/submit\"] button").ClickAsync();
        }
        // The receipt's heading is awaited (with room for a busy machine) rather than the load event,
        // which once hung after the submit's redirect had already loaded.
        await Assertions.Expect(page.Locator("h1").First).ToHaveTextAsync("Tak – dine svar er indsendt", new() { Timeout = 20_000 });
        var reference = await page.Locator(".receipt-reference").InnerTextAsync();
        Assert.That(reference, Does.Match(ReferencePattern()));
        return reference;
    }

    [GeneratedRegex("^R-[A-Z2-9]{10}$")]
    private static partial Regex ReferencePattern();
}
