using CxBot.Analysis;
using CxBot.Analysis.Embedded;
using CxBot.Analysis.Language;
using CxBot.Analysis.SemanticKernel;

namespace CxBot.Host.Bot;

/// <summary>
/// Language and vagueness from the embedded analyzer: local and fast, so the turn never waits on an
/// LLM. The full analysis of open answers happens downstream of the answers stream.
/// </summary>
internal sealed class AnalysisTextSignals(LanguageDetector detector, EmbeddedAnalyzer analyzer, IPiiRedactor pii, IFollowUpWriter followUps) : ICustomerTextSignals
{
    // The customer is waiting for the reply: an LLM that is slower than this loses to the templates.
    private static readonly TimeSpan FollowUpBudget = TimeSpan.FromSeconds(3);

    // Short words are shared between the languages ("tak", "da", "nu", "no", "super"): too little to switch on.
    private const int MinLettersToSwitch = 8;

    public string? DetectLanguage(string text) =>
        text.Count(char.IsLetter) >= MinLettersToSwitch ? detector.Detect(text) : null;

    public bool IsVague(string text, string language) =>
        !analyzer.Analyze(new AnalysisRequest("turn", text, language)).IsSpecific;

    public async Task<string?> WriteFollowUpAsync(string text, string language, CancellationToken cancellationToken)
    {
        if (followUps is TemplateOnlyFollowUpWriter) return null;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(FollowUpBudget);
        try
        {
            return await followUps.WriteFollowUpAsync(pii.Redact(text).MaskedText, language, budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
