using System.Net.Mail;
using Survey.Core;

namespace Survey.Api.Respond;

/// <summary>
/// The "PublicSite" section: who the leaders' pages belong to and how to reach them, shown in every
/// page's header and footer (README, "Configuration"). Unset, the pages name the taskforce, point to
/// the mail the link came in, and link to the site's own privacy notice and accessibility statement.
/// </summary>
public sealed class PublicSiteOptions
{
    public const string Section = "PublicSite";

    /// <summary>The name in the header and the privacy notice's data controller; the resource text when unset.</summary>
    public string? Owner { get; set; }

    /// <summary>The name in English, where it differs.</summary>
    public string? OwnerEnglish { get; set; }

    /// <summary>The secretariat's address for questions, shown on every page.</summary>
    public string? ContactEmail { get; set; }

    /// <summary>A telephone number shown beside the address.</summary>
    public string? ContactPhone { get; set; }

    /// <summary>The organisation's own privacy notice; the site's page <c>/privatliv</c> when unset.</summary>
    public string? PrivacyUrl { get; set; }

    /// <summary>The organisation's published accessibility statement (for example made in Digitaliseringsstyrelsen's tool); the site's page <c>/tilgaengelighed</c> when unset.</summary>
    public string? AccessibilityUrl { get; set; }

    public const string OwnPrivacyPath = "/privatliv";
    public const string OwnAccessibilityPath = "/tilgaengelighed";

    public static IEnumerable<string> Check(PublicSiteOptions o)
    {
        foreach (var (key, value) in new[] { ("Owner", o.Owner), ("OwnerEnglish", o.OwnerEnglish) })
            if (value is { Length: > 200 })
                yield return SiteSettings.Wrong($"{Section}:{key}", value[..40] + "…", "a name of at most 200 characters");
        if (!string.IsNullOrWhiteSpace(o.ContactEmail) && !(MailAddress.TryCreate(o.ContactEmail, out var mail) && mail.Address == o.ContactEmail.Trim()))
            yield return SiteSettings.Wrong($"{Section}:ContactEmail", o.ContactEmail, "one e-mail address, such as sekretariat@example.dk");
        if (o.ContactPhone is { Length: > 40 })
            yield return SiteSettings.Wrong($"{Section}:ContactPhone", o.ContactPhone, "a telephone number of at most 40 characters");
        foreach (var (key, value) in new[] { ("PrivacyUrl", o.PrivacyUrl), ("AccessibilityUrl", o.AccessibilityUrl) })
            if (!string.IsNullOrWhiteSpace(value) && !IsLink(value))
                yield return SiteSettings.Wrong($"{Section}:{key}", value, "an http or https address, or a path on this site starting with /");
    }

    private static bool IsLink(string value) =>
        value.StartsWith('/') && !value.StartsWith("//")
        || Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    public string? OwnerIn(string lang) =>
        (lang == "en" && !string.IsNullOrWhiteSpace(OwnerEnglish) ? OwnerEnglish : Owner) is { } name && !string.IsNullOrWhiteSpace(name) ? name.Trim() : null;

    public string? Email => string.IsNullOrWhiteSpace(ContactEmail) ? null : ContactEmail.Trim();

    public string? Phone => string.IsNullOrWhiteSpace(ContactPhone) ? null : ContactPhone.Trim();

    /// <summary>The configured privacy notice; null when the site's own page serves.</summary>
    public string? PrivacyLink => string.IsNullOrWhiteSpace(PrivacyUrl) ? null : PrivacyUrl.Trim();

    /// <summary>The configured accessibility statement; null when the site's own page serves.</summary>
    public string? AccessibilityLink => string.IsNullOrWhiteSpace(AccessibilityUrl) ? null : AccessibilityUrl.Trim();
}
