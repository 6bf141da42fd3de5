using System.Diagnostics.Metrics;
using CxBot.Analysis.Embedded;
using CxBot.Analysis.Pii;
using CxBot.Analysis.SemanticKernel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CxBot.Analysis.Tests.SemanticKernel;

public sealed class LlmConnectionTests
{
    [Fact]
    public async Task An_azure_openai_deployment_is_reached_through_the_resource_api_with_its_key()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient();
        var options = new SemanticKernelOptions
        {
            Kind = LlmEndpointKind.AzureOpenAI,
            Endpoint = server.Endpoint.GetLeftPart(UriPartial.Authority),
            Deployment = "cx-labeller",
            ApiKey = "azure-test-key",
        };
        var chat = LlmConnection.CreateChatService(options, http);

        var reply = await chat.GetChatMessageContentAsync("{\"answers\":[]}", cancellationToken: TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/deployments/cx-labeller/chat/completions", request.Path);
        Assert.Equal("azure-test-key", request.ApiKeyHeader);
        Assert.NotNull(reply.Content);
    }

    [Fact]
    public async Task Rejections_are_logged_with_ids_and_reasons_but_never_the_answer_text()
    {
        await using var h = await AnalyzerHarness.StartAsync();
        var logs = new ListLogger();
        var analyzer = new SemanticKernelAnalyzer(
            h.Connection, h.Fallback, new PiiRedactor(), AnalyzerHarness.Taxonomy, h.Corrections, logs);
        h.Server.Enqueue(r => FakeReply.Ok(FakeOpenAiServer.ValidReply(r, "furious")));

        await analyzer.AnalyzeAsync([new AnalysisRequest("resp-7", "My secret complaint about the awful app", "en")], TestContext.Current.CancellationToken);

        var line = Assert.Single(logs.Lines);
        Assert.Contains("resp-7", line, StringComparison.Ordinal);
        Assert.Contains("sentiment_outside_enum", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret complaint", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_embedded_analyzer_as_fallback_a_broken_reply_ends_in_the_embedded_result()
    {
        await using var h = await AnalyzerHarness.StartAsync();
        var embedded = new EmbeddedAnalyzer(new PiiRedactor(), AnalyzerHarness.Taxonomy);
        var analyzer = new SemanticKernelAnalyzer(
            h.Connection, embedded, new PiiRedactor(), AnalyzerHarness.Taxonomy, h.Corrections, NullLogger<SemanticKernelAnalyzer>.Instance);
        h.Server.Enqueue(FakeReply.Ok("{not json"));
        var request = new AnalysisRequest("a-1", "Kurier był bardzo niemiły, nie polecam", "pl");

        var result = (await analyzer.AnalyzeAsync([request], TestContext.Current.CancellationToken))[0];

        var expected = (await embedded.AnalyzeAsync([request], TestContext.Current.CancellationToken))[0];
        Assert.Equal(EmbeddedAnalyzer.Name, result.Analyzer);
        Assert.Equal(expected.Sentiment, result.Sentiment);
        Assert.Equal(expected.Themes.Select(t => (t.Theme, t.Sentiment)), result.Themes.Select(t => (t.Theme, t.Sentiment)));
    }

    [Fact]
    public async Task An_analyzer_made_without_dependency_injection_reaches_the_endpoint()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var options = new SemanticKernelOptions { Endpoint = server.Endpoint.ToString(), Model = "local-model" };
        var analyzer = SemanticKernelAnalyzer.Create(options, new RecordingFallback(), AnalyzerHarness.Taxonomy, http);

        var result = await analyzer.AnalyzeAsync([new AnalysisRequest("a-1", "fine", "en")], TestContext.Current.CancellationToken);

        Assert.Equal(SemanticKernelAnalyzer.Name, result[0].Analyzer);
        Assert.Equal("local-model", server.Requests[0].Json["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_usage_is_published_as_a_metric()
    {
        await using var h = await AnalyzerHarness.StartAsync();
        h.Server.UsagePerReply = (4711, 17);
        var seen = new System.Collections.Concurrent.ConcurrentBag<(long Value, string? Direction)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AnalyzerUsage.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "cxbot.llm.tokens")
            {
                seen.Add((value, tags.ToArray().FirstOrDefault(t => t.Key == "direction").Value as string));
            }
        });
        listener.Start();

        await h.AnalyzeOneAsync("The app is fine");

        Assert.Contains((4711L, "input"), seen);
        Assert.Contains((17L, "output"), seen);
    }

    [Fact]
    public async Task The_cache_is_bounded_and_forgets_the_least_recently_used_answer()
    {
        await using var h = await AnalyzerHarness.StartAsync(new SemanticKernelOptions { CacheSize = 1, MaxRetries = 0 });

        await h.AnalyzeOneAsync("first answer");
        await h.AnalyzeOneAsync("second answer");
        await h.AnalyzeOneAsync("second answer");
        await h.AnalyzeOneAsync("first answer");

        Assert.Equal(3, h.Server.Requests.Count);
    }

    private sealed class ListLogger : ILogger<SemanticKernelAnalyzer>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
