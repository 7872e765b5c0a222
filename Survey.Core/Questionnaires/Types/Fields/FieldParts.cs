using Microsoft.AspNetCore.Components;
using Survey.Core.Responses.Forms;

namespace Survey.Core.Questionnaires.Types.Fields;

/// <summary>What every question's field component takes: the question as the page shows it.</summary>
public abstract class QuestionFieldBase : ComponentBase
{
    [Parameter, EditorRequired] public QuestionView View { get; set; } = null!;

    protected static Microsoft.Extensions.Localization.IStringLocalizer L => CoreText.Localizer;

    protected static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
