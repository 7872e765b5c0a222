namespace Survey.Api;

/// <summary>Anchor for the public site's texts: Resources/RespondText.resx (Danish) and RespondText.en.resx.</summary>
public sealed class RespondText;
