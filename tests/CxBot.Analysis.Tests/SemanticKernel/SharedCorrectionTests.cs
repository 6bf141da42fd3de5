using CxBot.Analysis.Embedded;
using CxBot.Analysis.Hybrid;
using CxBot.Analysis.Pii;
using CxBot.Analysis.SemanticKernel;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxBot.Analysis.Tests.SemanticKernel;

/// <summary>One correction record for every analyzer: what the Semantic Kernel and hybrid analyzers do with it.</summary>
public sealed class SharedCorrectionTests
{
    [Fact]
    public async Task A_shared_correction_becomes_a_few_shot_example_for_a_similar_answer()
    {
        await using var h = await AnalyzerHarness.StartAsync();
        const string corrected = "The stamps came with smudged watermarks and bent corners";
        ICorrectionSink sink = h.Analyzer;

        sink.AddCorrection(new AnswerCorrection(corrected, "en", [new ThemeLabel("product_quality", Sentiment.Negative)], Sentiment.Negative));
        await h.AnalyzeOneAsync("The stamps came with smudged watermarks again");

        var fewShot = string.Join('\n', h.Server.Requests[0].Messages.SkipLast(1).Select(m => m.Text));
        Assert.Contains(corrected, fewShot, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shared_correction_without_a_sentiment_keeps_the_fallback_sentiment_for_the_same_answer()
    {
        await using var h = await AnalyzerHarness.StartAsync();
        const string text = "awful smudged watermarks";

        h.Analyzer.AddCorrection(new AnswerCorrection(text, "en", [new ThemeLabel("product_quality", Sentiment.Negative)], null));
        var result = await h.AnalyzeOneAsync(text);

        Assert.Empty(h.Server.Requests);
        Assert.Equal(Sentiment.Negative, result.Sentiment);
        Assert.Equal(["product_quality"], result.Themes.Select(t => t.Theme));
    }

    [Fact]
    public async Task The_semantic_kernel_analyzer_passes_a_correction_on_to_an_embedded_fallback()
    {
        var embedded = new EmbeddedAnalyzer(new PiiRedactor());
        await using var server = await FakeOpenAiServer.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var options = new SemanticKernelOptions { Endpoint = server.Endpoint.ToString(), Model = "fake-model", ApiKey = "test-key", MaxRetries = 0 };
        var analyzer = SemanticKernelAnalyzer.Create(options, embedded, AnalyzerHarness.Taxonomy, http, NullLoggerFactory.Instance);

        analyzer.AddCorrection(new AnswerCorrection(
            "The stamps came with smudged watermarks", "en", [new ThemeLabel("product_quality", Sentiment.Negative)], Sentiment.Negative));

        var learned = embedded.Analyze(new AnalysisRequest("1", "Smudged watermarks on every sheet", "en"));
        Assert.Contains(learned.Themes, t => t.Theme == "product_quality");
    }

    [Fact]
    public void The_hybrid_analyzer_passes_a_correction_on_to_both_analyzers()
    {
        var embedded = new EmbeddedAnalyzer(new PiiRedactor());
        var other = new EmbeddedAnalyzer(new PiiRedactor());
        ICorrectionSink hybrid = new HybridAnalyzer(embedded, other, 0.6);

        hybrid.AddCorrection(new AnswerCorrection(
            "The stamps came with smudged watermarks", "en", [new ThemeLabel("product_quality", Sentiment.Negative)], Sentiment.Negative));

        foreach (var analyzer in new[] { embedded, other })
            Assert.Contains(analyzer.Analyze(new AnalysisRequest("1", "Smudged watermarks on every sheet", "en")).Themes, t => t.Theme == "product_quality");
    }
}
