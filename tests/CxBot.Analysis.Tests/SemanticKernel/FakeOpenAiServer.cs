using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CxBot.Analysis.Tests.SemanticKernel;

/// <summary>What the fake server answers to one request.</summary>
internal sealed record FakeReply(int Status = 200, string? Content = null, string? RawBody = null, string? RetryAfter = null, TimeSpan Delay = default)
{
    public static FakeReply Ok(string content) => new(Content: content);

    public static FakeReply Error(int status, string? retryAfter = null) =>
        new(status, RawBody: """{"error":{"message":"scripted failure","type":"server_error"}}""", RetryAfter: retryAfter);
}

/// <summary>One request the fake server received.</summary>
internal sealed record RecordedRequest(string Body, DateTimeOffset At, string Path = "", string? ApiKeyHeader = null)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    /// <summary>The text of every message, whether sent as a string or as content parts.</summary>
    public IReadOnlyList<(string Role, string Text)> Messages =>
    [
        .. Json["messages"]!.AsArray().Select(m => (
            m!["role"]!.GetValue<string>(),
            m["content"] is JsonArray parts
                ? string.Concat(parts.Select(p => p!["text"]?.GetValue<string>() ?? ""))
                : m["content"]!.GetValue<string>())),
    ];

    /// <summary>The answers of the batch: the last user message.</summary>
    public IReadOnlyList<(string Id, string Lang, string Text)> Answers =>
    [
        .. JsonNode.Parse(Messages.Last(m => m.Role == "user").Text)!["answers"]!.AsArray()
            .Select(a => (a!["id"]!.GetValue<string>(), a["lang"]!.GetValue<string>(), a["text"]!.GetValue<string>())),
    ];
}

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions wire format. It records
/// every request body and answers from a script; when the script is empty it echoes the batch's
/// ids with valid labels.
/// </summary>
internal sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<RecordedRequest, FakeReply>> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _received = new(0);

    private FakeOpenAiServer(WebApplication app)
    {
        _app = app;
        _app.MapPost("/v1/chat/completions", HandleAsync);
        _app.MapPost("/openai/deployments/{deployment}/chat/completions", HandleAsync); // Azure OpenAI's resource API
    }

    public Uri Endpoint { get; private set; } = null!;

    public (int Prompt, int Completion) UsagePerReply { get; set; } = (100, 20);

    /// <summary>What an unscripted request gets.</summary>
    public Func<RecordedRequest, FakeReply> Default { get; set; } = r => FakeReply.Ok(ValidReply(r));

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeOpenAiServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var server = new FakeOpenAiServer(builder.Build());
        await server._app.StartAsync(cancellationToken);
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    public void Enqueue(Func<RecordedRequest, FakeReply> reply) => _script.Enqueue(reply);

    public void Enqueue(FakeReply reply) => _script.Enqueue(_ => reply);

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived, or fails after the timeout.</summary>
    public async Task WaitForRequestsAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (Requests.Count < count)
        {
            await _received.WaitAsync(limit.Token);
        }
    }

    /// <summary>A valid reply for the request's batch: every id, neutral, no themes unless given.</summary>
    public static string ValidReply(RecordedRequest request, string sentiment = "neutral", string themesJson = "[]", double confidence = 0.8) =>
        new JsonObject
        {
            ["answers"] = new JsonArray([.. request.Answers.Select(a => (JsonNode)Item(a.Id, sentiment, themesJson, confidence))]),
        }.ToJsonString();

    public static JsonObject Item(string id, string sentiment = "neutral", string themesJson = "[]", double confidence = 0.8) => new()
    {
        ["id"] = id,
        ["sentiment"] = sentiment,
        ["score"] = sentiment switch { "positive" => 0.7, "negative" => -0.7, _ => 0.0 },
        ["themes"] = JsonNode.Parse(themesJson),
        ["churn_risk"] = false,
        ["wants_contact"] = false,
        ["specific"] = true,
        ["confidence"] = confidence,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _received.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var request = new RecordedRequest(
            await reader.ReadToEndAsync(context.RequestAborted),
            DateTimeOffset.UtcNow,
            context.Request.Path,
            context.Request.Headers["api-key"].FirstOrDefault());
        lock (_gate)
        {
            _requests.Add(request);
        }

        _received.Release();
        var reply = _script.TryDequeue(out var scripted) ? scripted(request) : Default(request);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up, as it should on a slow reply
            }
        }

        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = reply.RetryAfter;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.RawBody ?? Completion(reply.Content ?? ""), context.RequestAborted);
    }

    private string Completion(string content) => new JsonObject
    {
        ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
        ["object"] = "chat.completion",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = "fake-model",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject
        {
            ["prompt_tokens"] = UsagePerReply.Prompt,
            ["completion_tokens"] = UsagePerReply.Completion,
            ["total_tokens"] = UsagePerReply.Prompt + UsagePerReply.Completion,
        },
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
