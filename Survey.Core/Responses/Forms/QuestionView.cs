using System.Globalization;
using Microsoft.Extensions.Primitives;
using Survey.Core.Questionnaires;

namespace Survey.Core.Responses.Forms;

/// <summary>One question as a form shows it: its values as the form holds them, its errors, and whether a condition hides it.</summary>
public sealed record QuestionView(
    ElementDefinition Question,
    int Index,
    string Lang,
    IReadOnlyDictionary<string, StringValues> Values,
    IReadOnlyList<string> Errors,
    bool Hidden)
{
    public string Id => "q" + Index.ToString(CultureInfo.InvariantCulture);
    public string Name => Question.Name!;
    public string Label => Question.Label(Lang);
    public string? Hint => Question.Description?.Get(Lang);
    public StringValues Value => Values.TryGetValue(Name, out var v) ? v : StringValues.Empty;
    public string ValueOf(string field) => Values.TryGetValue(field, out var v) ? v.ToString() : "";
    public bool Has(string value) => Value.Contains(value);
    public string DescribedBy => string.Join(' ', new[] { Hint is { Length: > 0 } ? Id + "-hint" : null, Errors.Count > 0 ? Id + "-error" : null }.Where(s => s is not null));

    /// <summary>The id the error summary links to: the first control of the question.</summary>
    public string FirstControlId => Question.Type switch
    {
        ElementTypes.RadioGroup or ElementTypes.Checkbox or ElementTypes.Boolean or ElementTypes.Rating
            or ElementTypes.Matrix or ElementTypes.Ranking => Id + "-0",
        _ => Id + "-input",
    };
}
