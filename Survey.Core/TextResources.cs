using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Survey.Core;

/// <summary>
/// Texts from the .resx files beside an anchor type (Resources/{Anchor}.resx is Danish, .en.resx English),
/// for code that runs outside a request (command line, validators called from tests). Culture is CurrentUICulture.
/// </summary>
public sealed class TextResources(Type anchor)
{
    private readonly Lazy<IStringLocalizer> _localizer = new(() =>
        new ResourceManagerStringLocalizerFactory(
                Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }),
                NullLoggerFactory.Instance)
            .Create(anchor));

    public IStringLocalizer Localizer => _localizer.Value;

    public string Format(string key, params object[] args)
    {
        // Without arguments the text is taken as it is, so texts may contain braces (e-mail placeholders such as {navn}).
        var s = args.Length == 0 ? Localizer[key] : Localizer[key, args];
        if (s.ResourceNotFound) throw new InvalidOperationException($"Missing text '{key}' in {anchor.Name}.resx");
        return s.Value;
    }
}
