using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CxBot.Host.Tests.Infrastructure;

/// <summary>
/// A local stand-in for a channel's Connector API (the Bot Framework REST API the bot replies to):
/// POST /v3/conversations/{id}/activities[/{replyToId}] answers 200 {"id"} and records the activity
/// (with the id it was given in "_id"); PUT /v3/conversations/{id}/activities/{activityId} (an update,
/// such as a replaced card) answers 200 {"id"} and records the new version (its target in "_id").
/// </summary>
public sealed class ChannelStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> _byConversation = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> _updatesByConversation = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _failures = new();
    private readonly ConcurrentQueue<(long Timestamp, int Status)> _log = new();
    private int _nextId;
    private int _attempts;

    private ChannelStandIn(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    public static async Task<ChannelStandIn> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new ChannelStandIn(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", standIn.ReceiveAsync);
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", standIn.UpdateAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        standIn.ServiceUrl = address.TrimEnd('/') + "/";
        return standIn;
    }

    /// <summary>Every reply POST, including the ones answered with a scripted failure.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The next <paramref name="count"/> reply POSTs are answered with this status (and Retry-After), as a busy channel does.</summary>
    public void FailNext(int count, int status, string? retryAfter = null)
    {
        for (var i = 0; i < count; i++) _failures.Enqueue((status, retryAfter));
    }

    private async Task<IResult> ReceiveAsync(string conversationId, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (_failures.TryDequeue(out var failure))
        {
            _log.Enqueue((System.Diagnostics.Stopwatch.GetTimestamp(), failure.Status));
            if (failure.RetryAfter is { } after) response.Headers.RetryAfter = after;
            return Results.Json(new { error = new { code = "ServiceError", message = "scripted failure" } }, statusCode: failure.Status);
        }
        var activity = (await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken))!.AsObject();
        activity["_authorization"] = request.Headers.Authorization.ToString();
        var id = $"reply-{Interlocked.Increment(ref _nextId)}";
        activity["_id"] = id;
        _log.Enqueue((System.Diagnostics.Stopwatch.GetTimestamp(), 200));
        _byConversation.GetOrAdd(Uri.UnescapeDataString(conversationId), _ => new()).Enqueue(activity);
        return Results.Json(new { id });
    }

    private async Task<IResult> UpdateAsync(string conversationId, string activityId, HttpRequest request, CancellationToken cancellationToken)
    {
        var activity = (await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken))!.AsObject();
        activity["_id"] = Uri.UnescapeDataString(activityId);
        _updatesByConversation.GetOrAdd(Uri.UnescapeDataString(conversationId), _ => new()).Enqueue(activity);
        return Results.Json(new { id = activityId });
    }

    /// <summary>Every update (PUT) the bot made to activities of this conversation, in order.</summary>
    public IReadOnlyList<JsonObject> Updated(string conversationId) =>
        _updatesByConversation.TryGetValue(conversationId, out var q) ? [.. q] : [];
    /// <summary>When each reply POST arrived (Stopwatch timestamps) and the status it was answered with.</summary>
    public IReadOnlyList<(long Timestamp, int Status)> Log => [.. _log];

    /// <summary>Every activity the bot sent to this conversation, in order.</summary>
    public IReadOnlyList<JsonObject> Received(string conversationId) =>
        _byConversation.TryGetValue(conversationId, out var q) ? [.. q] : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
