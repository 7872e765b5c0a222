namespace Survey.Core;

/// <summary>The shared library's texts (validation messages): Resources/CoreText.resx (Danish) and CoreText.en.resx.</summary>
public static class CoreText
{
    private static readonly TextResources Texts = new(typeof(CoreText));

    public static Microsoft.Extensions.Localization.IStringLocalizer Localizer => Texts.Localizer;

    public static string Format(string key, params object[] args) => Texts.Format(key, args);
}
