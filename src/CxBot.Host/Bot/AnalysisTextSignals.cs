using CxBot.Analysis;
using CxBot.Analysis.Embedded;
using CxBot.Analysis.Language;

namespace CxBot.Host.Bot;

/// <summary>
/// Language and vagueness from the embedded analyzer: local and fast, so the turn never waits on an
/// LLM. The full analysis of open answers happens downstream of the answers stream.
/// </summary>
internal sealed class AnalysisTextSignals(LanguageDetector detector, EmbeddedAnalyzer analyzer) : ICustomerTextSignals
{
    // Short words are shared between the languages ("tak", "da", "nu", "no", "super"): too little to switch on.
    private const int MinLettersToSwitch = 8;

    public string? DetectLanguage(string text) =>
        text.Count(char.IsLetter) >= MinLettersToSwitch ? detector.Detect(text) : null;

    public bool IsVague(string text, string language) =>
        !analyzer.Analyze(new AnalysisRequest("turn", text, language)).IsSpecific;
}
