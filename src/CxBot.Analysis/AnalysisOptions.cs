using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CxBot.Analysis;

/// <summary>Which analyzer answers <see cref="ITextAnalyzer"/>.</summary>
public enum AnalysisProvider
{
    /// <summary>The project's own four-language analyzer: no model, no network.</summary>
    Embedded,

    /// <summary>An LLM through Semantic Kernel; the embedded analyzer answers whenever it fails.</summary>
    SemanticKernel,

    /// <summary>The embedded analyzer first; only answers it is unsure about go to the LLM.</summary>
    Hybrid,
}

/// <summary>The kind of LLM endpoint.</summary>
public enum LlmEndpointKind
{
    /// <summary>Any OpenAI-compatible chat-completions endpoint (OpenAI, Azure's v1 endpoint, Ollama, vLLM, LM Studio).</summary>
    OpenAI,

    /// <summary>An Azure OpenAI resource addressed by deployment name.</summary>
    AzureOpenAI,
}

/// <summary>The "Analysis" section.</summary>
public sealed class AnalysisOptions
{
    public const string Section = "Analysis";

    public AnalysisProvider Provider { get; set; } = AnalysisProvider.Embedded;

    /// <summary>In Hybrid mode, answers whose embedded <see cref="AnalysisConfidence.Overall"/> is below this go to the LLM.</summary>
    [Range(0.0, 1.0)]
    public double HybridThreshold { get; set; } = 0.6;

    /// <summary>A taxonomy file a CX team edits; the built-in default when empty.</summary>
    public string? TaxonomyPath { get; set; }

    [ValidateObjectMembers]
    public SemanticKernelOptions SemanticKernel { get; set; } = new();
}

/// <summary>The "Analysis:SemanticKernel" section. The API key comes from the environment or user secrets.</summary>
public sealed class SemanticKernelOptions
{
    public const string Section = "Analysis:SemanticKernel";

    public LlmEndpointKind Kind { get; set; } = LlmEndpointKind.OpenAI;

    /// <summary>OpenAI-compatible: the base address ending in /v1 (http://127.0.0.1:11434/v1). Azure: the resource address.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model id (OpenAI-compatible) or, for Azure, the deployment when <see cref="Deployment"/> is empty.</summary>
    public string? Model { get; set; }

    /// <summary>The Azure OpenAI deployment name.</summary>
    public string? Deployment { get; set; }

    /// <summary>Never in appsettings.json and never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Time-out of one request (one attempt), in seconds.</summary>
    [Range(0.05, 600.0)]
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>How many answers one request carries.</summary>
    [Range(1, 100)]
    public int MaxBatch { get; set; } = 10;

    /// <summary>Retries after a transient failure (429, 5xx, time-out, network).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off delay; each retry doubles it, plus up to half again of jitter.</summary>
    [Range(0.0, 60.0)]
    public double RetryBaseSeconds { get; set; } = 0.5;

    /// <summary>A Retry-After longer than this is not waited for: the embedded result is used instead.</summary>
    [Range(0.0, 600.0)]
    public double MaxRetryAfterSeconds { get; set; } = 20;

    /// <summary>Consecutive failed requests that open the circuit.</summary>
    [Range(1, 1000)]
    public int CircuitBreakerFailures { get; set; } = 5;

    /// <summary>How long the circuit stays open before one trial request is let through.</summary>
    [Range(0.01, 3600.0)]
    public double CircuitBreakerSeconds { get; set; } = 30;

    /// <summary>Results kept in memory, keyed by (masked text, language).</summary>
    [Range(0, 1_000_000)]
    public int CacheSize { get; set; } = 10_000;

    /// <summary>How many of the CX team's corrected examples, the most similar ones, go into each prompt.</summary>
    [Range(0, 20)]
    public int FewShotCorrections { get; set; } = 3;

    /// <summary>The least token overlap (Jaccard) a correction needs to count as similar.</summary>
    [Range(0.0, 1.0)]
    public double FewShotMinSimilarity { get; set; } = 0.2;

    /// <summary>Whether the LLM writes follow-up questions for vague answers (else the bot's templates do).</summary>
    public bool FollowUps { get; set; } = true;

    [Range(64, 32_000)]
    public int MaxOutputTokens { get; set; } = 2_000;

    /// <summary>The deployment (Azure) or model (OpenAI-compatible) requests name.</summary>
    internal string ModelOrDeployment => Kind == LlmEndpointKind.AzureOpenAI && !string.IsNullOrWhiteSpace(Deployment) ? Deployment : Model ?? "";
}

/// <remarks>
/// The generated validator names a field by its path ("AnalysisOptions.SemanticKernel.MaxBatch"), which
/// maps one to one onto the configuration key; its Range check ignores a custom ErrorMessage.
/// </remarks>
[OptionsValidator]
internal sealed partial class AnalysisOptionsValidator : IValidateOptions<AnalysisOptions>;
