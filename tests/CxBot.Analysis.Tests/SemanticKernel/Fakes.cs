using System.Collections.Concurrent;
using CxBot.Analysis.Pii;

namespace CxBot.Analysis.Tests.SemanticKernel;

/// <summary>
/// Stands in for the embedded analyzer: negative when the text says "awful", positive when it says
/// "lovely", else neutral; remembers every result it returned so tests can check that exactly that
/// result came back.
/// </summary>
internal sealed class RecordingFallback(double confidence = 0.9) : ITextAnalyzer
{
    public const string Name = "fallback";

    private readonly PiiRedactor _redactor = new();

    public ConcurrentDictionary<string, TextAnalysis> Returned { get; } = new();

    public int Calls;

    public Task<IReadOnlyList<TextAnalysis>> AnalyzeAsync(IReadOnlyList<AnalysisRequest> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        var results = batch.Select(r =>
        {
            var redaction = _redactor.Redact(r.Text);
            var sentiment = r.Text.Contains("awful", StringComparison.OrdinalIgnoreCase) ? Sentiment.Negative
                : r.Text.Contains("lovely", StringComparison.OrdinalIgnoreCase) ? Sentiment.Positive
                : Sentiment.Neutral;
            var result = new TextAnalysis(
                r.Id, r.Language ?? "en", sentiment, 0, [], false, false, redaction.Kinds, redaction.MaskedText, true,
                new AnalysisConfidence(confidence, confidence, confidence, confidence), Name);
            Returned[r.Id] = result;
            return result;
        }).ToList();
        return Task.FromResult<IReadOnlyList<TextAnalysis>>(results);
    }
}

/// <summary>A clock the test moves by hand; timers still run on real time.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
