using FluentValidation;

namespace Survey.Core.Questionnaires;

public static class Modes
{
    public const string Survey = "survey";
    public const string Interview = "interview";
    public static readonly string[] All = [Survey, Interview];
}

public static class Anonymity
{
    public const string Identified = "identified";
    public const string Confidential = "confidential";
    public const string Anonymous = "anonymous";
    public static readonly string[] All = [Identified, Confidential, Anonymous];
}

/// <summary>How a questionnaire is run. Mode, anonymity and the minimum group size are fixed once it is published.</summary>
public sealed record QuestionnaireSettings(
    string Mode = Modes.Survey,
    string Anonymity = Questionnaires.Anonymity.Confidential,
    int MinGroupSize = QuestionnaireSettings.DefaultMinGroupSize,
    bool OpenLink = false,
    DateTime? OpensAt = null,
    DateTime? ClosesAt = null)
{
    public const int DefaultMinGroupSize = 5;
    public const int LowestMinGroupSize = 3;
}

public sealed class QuestionnaireSettingsValidator : AbstractValidator<QuestionnaireSettings>
{
    public QuestionnaireSettingsValidator()
    {
        RuleFor(s => s.Mode).Must(Modes.All.Contains)
            .OverridePropertyName("mode").WithMessage(_ => CoreText.Format("SetModeInvalid", string.Join(", ", Modes.All)));
        RuleFor(s => s.Anonymity).Must(Questionnaires.Anonymity.All.Contains)
            .OverridePropertyName("anonymity").WithMessage(_ => CoreText.Format("SetAnonymityInvalid", string.Join(", ", Questionnaires.Anonymity.All)));
        RuleFor(s => s.MinGroupSize).InclusiveBetween(QuestionnaireSettings.LowestMinGroupSize, 1000)
            .OverridePropertyName("minGroupSize").WithMessage(_ => CoreText.Format("SetMinGroupSize", QuestionnaireSettings.LowestMinGroupSize));
        RuleFor(s => s.OpenLink).Must((s, open) => !open || s.Mode == Modes.Survey)
            .OverridePropertyName("openLink").WithMessage(_ => CoreText.Format("SetOpenLinkSurveyOnly"));
        RuleFor(s => s.ClosesAt).Must((s, closes) => closes is null || s.OpensAt is null || closes > s.OpensAt)
            .OverridePropertyName("closesAt").WithMessage(_ => CoreText.Format("SetClosesBeforeOpens"));
    }
}
