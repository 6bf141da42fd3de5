using System.ClientModel;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CxBot.Analysis.SemanticKernel;

/// <summary>Why a request to the model gave no usable reply.</summary>
internal enum ChatFailure { None, CircuitOpen, Timeout, RateLimited, ServerError, HttpError, Network, EmptyReply }

internal sealed record ChatOutcome(string? Content, ChatFailure Failure)
{
    public bool Succeeded => Failure == ChatFailure.None;
}

/// <summary>
/// The connection to the model that the analyzer and the follow-up writer share, so that they
/// share one circuit breaker and one usage count. Sends one chat request with a time-out per
/// attempt, retries transient failures (429, 5xx, time-outs, network) with exponential back-off
/// and jitter, honours Retry-After, and goes through the circuit breaker.
/// </summary>
public sealed class LlmConnection(
    IChatCompletionService chat,
    SemanticKernelOptions options,
    AnalyzerUsage usage,
    ILogger<LlmConnection> logger,
    TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly CircuitBreaker _breaker = new(
        options.CircuitBreakerFailures, TimeSpan.FromSeconds(options.CircuitBreakerSeconds), timeProvider ?? TimeProvider.System);

    public CircuitState CircuitState => _breaker.State;

    public AnalyzerUsage Usage => usage;

    public SemanticKernelOptions Options => options;

    /// <summary>
    /// The Semantic Kernel chat service for the configured endpoint. The HttpClient is ours so that
    /// time-outs and retries are ours too (Semantic Kernel turns its own retries off for a given client).
    /// </summary>
    public static IChatCompletionService CreateChatService(SemanticKernelOptions options, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var endpoint = options.Endpoint ?? throw new ArgumentException("Analysis:SemanticKernel:Endpoint is required.", nameof(options));
        var builder = Kernel.CreateBuilder();
        if (options.Kind == LlmEndpointKind.AzureOpenAI)
        {
            builder.AddAzureOpenAIChatCompletion(options.ModelOrDeployment, endpoint, options.ApiKey ?? "", httpClient: httpClient);
        }
        else
        {
            // Local servers (Ollama, LM Studio) need no key, but the client insists on one.
            var apiKey = string.IsNullOrEmpty(options.ApiKey) ? "none" : options.ApiKey;
            builder.AddOpenAIChatCompletion(options.ModelOrDeployment, new Uri(endpoint), apiKey, httpClient: httpClient);
        }

        return builder.Build().GetRequiredService<IChatCompletionService>();
    }

    internal async Task<ChatOutcome> SendAsync(string purpose, ChatHistory history, PromptExecutionSettings settings, CancellationToken cancellationToken)
    {
        var failure = ChatFailure.None;
        for (var attempt = 0; attempt <= options.MaxRetries; attempt++)
        {
            if (!_breaker.TryAcquire())
            {
                logger.CircuitOpen(purpose);
                return new ChatOutcome(null, failure == ChatFailure.None ? ChatFailure.CircuitOpen : failure);
            }

            TimeSpan? retryAfter = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            try
            {
                var reply = await chat.GetChatMessageContentAsync(history, settings, kernel: null, timeout.Token);
                usage.RecordRequest(succeeded: true);
                RecordTokens(reply);
                _breaker.RecordSuccess();
                return string.IsNullOrWhiteSpace(reply.Content)
                    ? new ChatOutcome(null, ChatFailure.EmptyReply)
                    : new ChatOutcome(reply.Content, ChatFailure.None);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested
                && e is OperationCanceledException or HttpOperationException or HttpRequestException)
            {
                // The caller gave up: that says nothing about the model, so it neither counts as a
                // failure nor falls back; the client may have wrapped the cancellation, so unwrap it.
                _breaker.RecordAbandoned();
                cancellationToken.ThrowIfCancellationRequested();
                throw;
            }
            catch (OperationCanceledException)
            {
                failure = ChatFailure.Timeout;
            }
            catch (HttpOperationException e)
            {
                (failure, retryAfter) = Classify(e);
            }
            catch (HttpRequestException)
            {
                failure = ChatFailure.Network;
            }

            usage.RecordRequest(succeeded: false);
            var opened = _breaker.RecordFailure();
            logger.RequestFailed(purpose, failure.ToString(), attempt + 1);
            if (opened)
            {
                logger.CircuitOpened(purpose, options.CircuitBreakerSeconds);
            }

            if (failure == ChatFailure.HttpError || attempt == options.MaxRetries)
            {
                break;
            }

            var delay = BackoffDelay(attempt, retryAfter);
            if (delay is null)
            {
                break; // the server asks for a longer pause than an answer should wait: the embedded result serves now
            }

            await Task.Delay(delay.Value, _time, cancellationToken);
        }

        return new ChatOutcome(null, failure);
    }

    private TimeSpan? BackoffDelay(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } serverSays)
        {
            return serverSays.TotalSeconds <= options.MaxRetryAfterSeconds ? serverSays : null;
        }

        // Exponential back-off with up to 50% jitter, so that many workers do not retry in step.
        var baseSeconds = options.RetryBaseSeconds * Math.Pow(2, attempt);
        return TimeSpan.FromSeconds(baseSeconds * (1 + (Random.Shared.NextDouble() * 0.5)));
    }

    private static (ChatFailure, TimeSpan?) Classify(HttpOperationException e)
    {
        var status = e.StatusCode;
        if (status is null)
        {
            // No status means no response: the connection failed or the time-out fired inside the client.
            return (e.InnerException is OperationCanceledException or TimeoutException ? ChatFailure.Timeout : ChatFailure.Network, null);
        }

        return status.Value switch
        {
            HttpStatusCode.TooManyRequests => (ChatFailure.RateLimited, RetryAfter(e)),
            HttpStatusCode.RequestTimeout => (ChatFailure.Timeout, null),
            >= HttpStatusCode.InternalServerError => (ChatFailure.ServerError, RetryAfter(e)),
            _ => (ChatFailure.HttpError, null),
        };
    }

    private static TimeSpan? RetryAfter(HttpOperationException e)
    {
        if (e.InnerException is not ClientResultException { } inner || inner.GetRawResponse() is not { } response
            || !response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? TimeSpan.FromTicks(Math.Max(0, (at - DateTimeOffset.UtcNow).Ticks))
            : null;
    }

    private void RecordTokens(ChatMessageContent reply)
    {
        if (reply.Metadata?.TryGetValue("Usage", out var value) == true && value is OpenAI.Chat.ChatTokenUsage tokens)
        {
            usage.RecordTokens(tokens.InputTokenCount, tokens.OutputTokenCount, tokens.TotalTokenCount);
        }
    }
}
