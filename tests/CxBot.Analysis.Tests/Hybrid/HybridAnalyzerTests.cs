using CxBot.Analysis.Hybrid;

namespace CxBot.Analysis.Tests.Hybrid;

public sealed class HybridAnalyzerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_answers_below_the_threshold_go_to_the_llm()
    {
        var embedded = new ScriptedAnalyzer("embedded", text => text.StartsWith("sure", StringComparison.Ordinal) ? 0.9 : 0.3);
        var llm = new ScriptedAnalyzer("llm", _ => 0.95);
        var hybrid = new HybridAnalyzer(embedded, llm, threshold: 0.6);

        var results = await hybrid.AnalyzeAsync(
        [
            new AnalysisRequest("1", "sure one", "en"),
            new AnalysisRequest("2", "unsure one", "en"),
            new AnalysisRequest("3", "sure two", "en"),
            new AnalysisRequest("4", "unsure two", "en"),
        ], Ct);

        Assert.Equal(["1", "2", "3", "4"], results.Select(r => r.Id));
        Assert.Equal(["embedded", "llm", "embedded", "llm"], results.Select(r => r.Analyzer));
        Assert.Equal(["unsure one", "unsure two"], llm.Seen.Select(r => r.Text));
        Assert.Equal(1, llm.Calls);
        Assert.Equal(4, hybrid.Analyzed);
        Assert.Equal(2, hybrid.SentToLlm);
        Assert.Equal(0.5, hybrid.LlmShare);
    }

    [Fact]
    public async Task Nothing_goes_to_the_llm_when_the_embedded_analyzer_is_sure()
    {
        var llm = new ScriptedAnalyzer("llm", _ => 0.95);
        var hybrid = new HybridAnalyzer(new ScriptedAnalyzer("embedded", _ => 0.8), llm, threshold: 0.6);

        await hybrid.AnalyzeAsync([new AnalysisRequest("1", "fine", "en")], Ct);

        Assert.Equal(0, llm.Calls);
        Assert.Equal(0, hybrid.SentToLlm);
    }

    [Fact]
    public async Task The_answer_exactly_at_the_threshold_stays_embedded()
    {
        var llm = new ScriptedAnalyzer("llm", _ => 0.95);
        var hybrid = new HybridAnalyzer(new ScriptedAnalyzer("embedded", _ => 0.6), llm, threshold: 0.6);

        var results = await hybrid.AnalyzeAsync([new AnalysisRequest("1", "fine", "en")], Ct);

        Assert.Equal("embedded", results[0].Analyzer);
    }

    [Fact]
    public async Task The_detected_language_goes_along_to_the_llm()
    {
        var llm = new ScriptedAnalyzer("llm", _ => 0.95);
        var hybrid = new HybridAnalyzer(new ScriptedAnalyzer("embedded", _ => 0.1, detected: "pl"), llm, threshold: 0.6);

        await hybrid.AnalyzeAsync([new AnalysisRequest("1", "slabo")], Ct);

        Assert.Equal("pl", Assert.Single(llm.Seen).Language);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void A_threshold_outside_zero_to_one_is_refused(double threshold) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HybridAnalyzer(new ScriptedAnalyzer("a", _ => 1), new ScriptedAnalyzer("b", _ => 1), threshold));

    /// <summary>Answers with a confidence chosen by text and remembers what it was asked.</summary>
    private sealed class ScriptedAnalyzer(string name, Func<string, double> confidence, string detected = "en") : ITextAnalyzer
    {
        public List<AnalysisRequest> Seen { get; } = [];

        public int Calls { get; private set; }

        public Task<IReadOnlyList<TextAnalysis>> AnalyzeAsync(IReadOnlyList<AnalysisRequest> batch, CancellationToken cancellationToken)
        {
            Calls++;
            Seen.AddRange(batch);
            IReadOnlyList<TextAnalysis> results =
            [
                .. batch.Select(r =>
                {
                    var c = confidence(r.Text);
                    return new TextAnalysis(r.Id, r.Language ?? detected, Sentiment.Neutral, 0, [], false, false, [], r.Text, true,
                        new AnalysisConfidence(1, c, 1, 1), name);
                }),
            ];
            return Task.FromResult(results);
        }
    }
}
