using System.Globalization;

namespace Survey.Tests;

/// <summary>Runs a piece of a test in a given UI culture and puts the old one back.</summary>
public sealed class Culture : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    private Culture(string name) => CultureInfo.CurrentUICulture = new CultureInfo(name);

    public static Culture Use(string name) => new(name);

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;
}
