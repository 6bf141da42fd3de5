using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CxBot.Host.Tests.Infrastructure;

/// <summary>
/// One customer's conversation, as a channel would deliver it: message activities POSTed to the bot's
/// /api/messages; the bot's replies are read from the channel stand-in. The adapter runs the whole
/// turn before it answers the POST, so a reply is there as soon as the POST returns.
/// </summary>
public sealed class CustomerChat(HttpClient http, ChannelStandIn channel, string channelId = "webchat", string? locale = null)
{
    private int _sequence;

    public string ConversationId { get; } = "conv-" + Guid.NewGuid().ToString("N");
    public string UserId { get; } = "user-" + Guid.NewGuid().ToString("N")[..8];

    public JsonObject Message(string text, string? activityId = null) => new()
    {
        ["type"] = "message",
        ["id"] = activityId ?? $"act-{Interlocked.Increment(ref _sequence)}",
        ["channelId"] = channelId,
        ["serviceUrl"] = channel.ServiceUrl,
        ["conversation"] = new JsonObject { ["id"] = ConversationId },
        ["from"] = new JsonObject { ["id"] = UserId, ["role"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "cxbot", ["role"] = "bot" },
        ["text"] = text,
        ["locale"] = locale,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
    };

    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, CancellationToken cancellationToken) =>
        await http.PostAsJsonAsync("/api/messages", activity, cancellationToken);

    /// <summary>Sends a message and returns the bot's reply to it (fails if the turn did not answer exactly once).</summary>
    public async Task<Reply> SendAsync(string text, CancellationToken cancellationToken)
    {
        var before = channel.Received(ConversationId).Count;
        using var response = await PostAsync(Message(text), cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/messages answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        var received = channel.Received(ConversationId);
        Assert.True(received.Count == before + 1, $"Expected one reply to '{text}', got {received.Count - before}.");
        return new Reply(received[^1]);
    }
}

public sealed record Reply(JsonObject Activity)
{
    /// <summary>The message's text, or the text lines of its Adaptive Card where the question came as one (Teams).</summary>
    public string Text => Activity["text"]?.GetValue<string>()
        ?? string.Join("\n", Activity["attachments"]?.AsArray().SelectMany(a => a!["content"]?["body"]?.AsArray() ?? [])
            .Where(b => b!["type"]?.GetValue<string>() == "TextBlock").Select(b => b!["text"]!.GetValue<string>()) ?? []);

    public IReadOnlyList<string> Buttons =>
        Activity["suggestedActions"]?["actions"]?.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList() ?? [];

    public override string ToString() => Text;
}
