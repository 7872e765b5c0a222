using Ganss.Xss;

namespace Survey.Core.Questionnaires;

/// <summary>
/// The html elements of a definition are written in the back office but shown on the public site,
/// so they pass through an allow-list sanitizer: text formatting, lists and plain links only.
/// </summary>
public static class HtmlContent
{
    private static readonly HtmlSanitizer Sanitizer = Create();

    private static HtmlSanitizer Create()
    {
        var s = new HtmlSanitizer();
        s.AllowedTags.Clear();
        foreach (var tag in new[] { "p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote" })
            s.AllowedTags.Add(tag);
        s.AllowedAttributes.Clear();
        s.AllowedAttributes.Add("href");
        s.AllowedSchemes.Clear();
        s.AllowedSchemes.Add("https");
        s.AllowedSchemes.Add("mailto");
        s.AllowedCssProperties.Clear();
        s.AllowDataAttributes = false;
        // Links open in the same tab and send no referrer: the page address holds the leader's token.
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement a) a.SetAttribute("rel", "noreferrer noopener");
        };
        return s;
    }

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);
}
