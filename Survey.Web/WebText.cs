using Survey.Core;

namespace Survey.Web;

/// <summary>The back office's texts for code outside a request (the command line): Resources/WebText*.resx.</summary>
public static class WebText
{
    private static readonly TextResources Texts = new(typeof(WebText));

    public static string Format(string key, params object[] args) => Texts.Format(key, args);
}
