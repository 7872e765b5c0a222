using Survey.Core;

namespace Survey.Web;

/// <summary>
/// The back office's texts: Resources/WebText.resx (Danish) and WebText.en.resx. Pages use
/// IStringLocalizer&lt;WebText&gt;; code outside a request (the command line) uses Format.
/// </summary>
public sealed class WebText
{
    private static readonly TextResources Texts = new(typeof(WebText));

    public static string Format(string key, params object[] args) => Texts.Format(key, args);
}
