namespace CxBot.Analysis;

/// <summary>A theme and its sentiment as a CX team corrected them; a theme's sentiment is never Mixed.</summary>
public sealed record ThemeLabel(string Theme, Sentiment Sentiment);

/// <summary>
/// A CX team's correction of one answer: its text, language (en, ru, pl, ro), the right themes and, when the team
/// judged them, the right overall sentiment, churn risk and wish to be contacted. One record for every analyzer.
/// </summary>
public sealed record AnswerCorrection(
    string Text,
    string Language,
    IReadOnlyList<ThemeLabel> Themes,
    Sentiment? Sentiment,
    bool? ChurnRisk = null,
    bool? WantsContact = null);

/// <summary>An analyzer that learns from a CX team's corrections; the workspace feeds each correction to the one configured.</summary>
public interface ICorrectionSink
{
    void AddCorrection(AnswerCorrection correction);
}
