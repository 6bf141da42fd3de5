using System.Diagnostics.Metrics;

namespace CxBot.Analysis.SemanticKernel;

/// <summary>
/// What the LLM has cost and how often it was bypassed: requests, tokens (from each reply's
/// <c>Usage</c> metadata), cache hits and fallbacks. Also published as System.Diagnostics.Metrics
/// instruments under the meter <see cref="MeterName"/>.
/// </summary>
public sealed class AnalyzerUsage
{
    public const string MeterName = "CxBot.Analysis.Llm";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> RequestCounter = Meter.CreateCounter<long>("cxbot.llm.requests", description: "Chat-completion requests sent, retries included");
    private static readonly Counter<long> TokenCounter = Meter.CreateCounter<long>("cxbot.llm.tokens", unit: "{token}", description: "Tokens used, tagged by direction (input, output)");
    private static readonly Counter<long> FallbackCounter = Meter.CreateCounter<long>("cxbot.llm.fallbacks", description: "Answers the embedded analyzer answered because the LLM result was unusable");
    private static readonly Counter<long> CacheHitCounter = Meter.CreateCounter<long>("cxbot.llm.cache_hits", description: "Answers served from the result cache");

    private long _requests;
    private long _failedRequests;
    private long _inputTokens;
    private long _outputTokens;
    private long _totalTokens;
    private long _fallbacks;
    private long _cacheHits;
    private long _analyzed;

    /// <summary>HTTP requests sent to the model, retries included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests that failed (time-out, HTTP error, network).</summary>
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    public long InputTokens => Interlocked.Read(ref _inputTokens);

    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    public long TotalTokens => Interlocked.Read(ref _totalTokens);

    /// <summary>Answers for which the embedded result was used instead of the LLM's.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Answers the LLM labelled successfully (cache hits included).</summary>
    public long Analyzed => Interlocked.Read(ref _analyzed);

    internal void RecordRequest(bool succeeded)
    {
        Interlocked.Increment(ref _requests);
        if (!succeeded)
        {
            Interlocked.Increment(ref _failedRequests);
        }

        RequestCounter.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed"));
    }

    internal void RecordTokens(long input, long output, long total)
    {
        Interlocked.Add(ref _inputTokens, input);
        Interlocked.Add(ref _outputTokens, output);
        Interlocked.Add(ref _totalTokens, total);
        TokenCounter.Add(input, new KeyValuePair<string, object?>("direction", "input"));
        TokenCounter.Add(output, new KeyValuePair<string, object?>("direction", "output"));
    }

    internal void RecordFallback(string reason)
    {
        Interlocked.Increment(ref _fallbacks);
        FallbackCounter.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    internal void RecordCacheHit()
    {
        Interlocked.Increment(ref _cacheHits);
        CacheHitCounter.Add(1);
    }

    internal void RecordAnalyzed() => Interlocked.Increment(ref _analyzed);
}
