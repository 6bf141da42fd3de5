using CxBot.Analysis.Pii;
using CxBot.Analysis.SemanticKernel;
using CxBot.Analysis.Taxonomy;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxBot.Analysis.Tests.SemanticKernel;

/// <summary>A Semantic Kernel analyzer wired to a fresh fake server, with a recording fallback.</summary>
internal sealed class AnalyzerHarness : IAsyncDisposable
{
    private readonly HttpClient _http;

    private AnalyzerHarness(FakeOpenAiServer server, SemanticKernelOptions options, TimeProvider? time, double fallbackConfidence)
    {
        Server = server;
        Options = options;
        options.Endpoint = server.Endpoint.ToString();
        options.Model ??= "fake-model";
        options.ApiKey ??= "test-key";
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var chat = LlmConnection.CreateChatService(options, _http);
        Connection = new LlmConnection(chat, options, new AnalyzerUsage(), NullLogger<LlmConnection>.Instance, time);
        Fallback = new RecordingFallback(fallbackConfidence);
        Corrections = new CorrectionExamples(new PiiRedactor());
        Analyzer = new SemanticKernelAnalyzer(
            Connection, Fallback, new PiiRedactor(), Taxonomy, Corrections, NullLogger<SemanticKernelAnalyzer>.Instance);
    }

    public static ThemeTaxonomy Taxonomy { get; } = ThemeTaxonomy.LoadDefault();

    public FakeOpenAiServer Server { get; }

    public SemanticKernelOptions Options { get; }

    public LlmConnection Connection { get; }

    public RecordingFallback Fallback { get; }

    public CorrectionExamples Corrections { get; }

    public SemanticKernelAnalyzer Analyzer { get; }

    public static async Task<AnalyzerHarness> StartAsync(
        SemanticKernelOptions? options = null, TimeProvider? time = null, double fallbackConfidence = 0.9)
    {
        var server = await FakeOpenAiServer.StartAsync(TestContext.Current.CancellationToken);
        return new AnalyzerHarness(
            server,
            options ?? new SemanticKernelOptions { MaxRetries = 0, TimeoutSeconds = 10, RetryBaseSeconds = 0.01 },
            time,
            fallbackConfidence);
    }

    public async Task<TextAnalysis> AnalyzeOneAsync(string text, string language = "en") =>
        (await Analyzer.AnalyzeAsync([new AnalysisRequest("a-1", text, language)], TestContext.Current.CancellationToken))[0];

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }
}
