using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.Invitations;

/// <summary>
/// Hosts sharing one Redis prefix and one channel stand-in, with the invitation API's key set and the
/// scheduler polling often. Quiet hours stay on (21–8) and customers without a time zone live where it is noon now.
/// </summary>
public abstract class InvitationsHosts(RedisServer redis, IReadOnlyDictionary<string, string?>? extraSettings) : IAsyncLifetime
{
    public const string ApiKey = "test-invitations-key-0123456789";

    public ChannelStandIn Channel { get; private set; } = null!;
    public BotApp App { get; private set; } = null!;
    public BotApp Second { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public HttpClient SecondHttp { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Channel = await ChannelStandIn.StartAsync(CancellationToken.None);
        var prefix = RedisServer.NewPrefix();
        var settings = new Dictionary<string, string?>
        {
            ["Admin:ApiKeys:0"] = ApiKey,
            ["Invitations:PollMilliseconds"] = "50",
            ["Invitations:QuietFromHour"] = "21",
            ["Invitations:QuietUntilHour"] = "8",
            ["Invitations:DefaultTimeZone"] = ZoneAtLocalHour(12),
            ["Invitations:Events:contract_renewed"] = "onboarding",
        };
        foreach (var (k, v) in extraSettings ?? new Dictionary<string, string?>()) settings[k] = v;
        App = new BotApp(redis.ConnectionString, prefix, settings).Start();
        Second = new BotApp(redis.ConnectionString, prefix, settings).Start();
        Http = NewClient(App);
        SecondHttp = NewClient(Second);
    }

    private static HttpClient NewClient(BotApp app)
    {
        var http = new HttpClient { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return http;
    }

    /// <summary>A fixed-offset IANA zone where the local hour is now <paramref name="hour"/>, so tests do not depend on the time of day.</summary>
    public static string ZoneAtLocalHour(int hour)
    {
        var offset = (hour - DateTimeOffset.UtcNow.Hour + 36) % 24 - 12;
        return offset switch { 0 => "Etc/GMT", > 0 => $"Etc/GMT-{offset}", _ => $"Etc/GMT+{-offset}" };
    }

    /// <summary>Teams installs the app for a person: the bot keeps the chat. Returns the customer id and the conversation id.</summary>
    public async Task<(string CustomerId, string ConversationId)> InstallAsync(HttpClient http, CancellationToken cancellationToken, string? tenantId = null)
    {
        var userId = "29:" + Guid.NewGuid().ToString("N")[..12];
        var conversationId = "a:" + Guid.NewGuid().ToString("N");
        var activity = new JsonObject
        {
            ["type"] = "installationUpdate",
            ["action"] = "add",
            ["id"] = "install-" + Guid.NewGuid().ToString("N")[..8],
            ["channelId"] = "msteams",
            ["serviceUrl"] = Channel.ServiceUrl,
            ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = tenantId },
            ["from"] = new JsonObject { ["id"] = userId },
            ["recipient"] = new JsonObject { ["id"] = "28:cxbot", ["role"] = "bot" },
            ["locale"] = "en-US",
        };
        using var response = await http.PostAsJsonAsync("/api/messages", activity, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"installationUpdate answered {(int)response.StatusCode}");
        return ("msteams:" + userId, conversationId);
    }

    /// <summary>A customer's message on a Teams chat, after the bot wrote first.</summary>
    public async Task SayAsync(HttpClient http, string customerId, string conversationId, string text, CancellationToken cancellationToken)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "msg-" + Guid.NewGuid().ToString("N")[..8],
            ["channelId"] = "msteams",
            ["serviceUrl"] = Channel.ServiceUrl,
            ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal" },
            ["from"] = new JsonObject { ["id"] = customerId["msteams:".Length..] },
            ["recipient"] = new JsonObject { ["id"] = "28:cxbot", ["role"] = "bot" },
            ["text"] = text,
            ["locale"] = "en-US",
        };
        using var response = await http.PostAsJsonAsync("/api/messages", activity, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"message answered {(int)response.StatusCode}");
    }

    public static async Task<(int Status, JsonObject Body)> InviteAsync(HttpClient http, JsonObject body, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invitations") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, cancellationToken);
        var json = (await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken))!.AsObject();
        json["_contentType"] = response.Content.Headers.ContentType?.MediaType;
        return ((int)response.StatusCode, json);
    }

    public static async Task<string> StatusAsync(HttpClient http, string id, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<JsonObject>($"/api/invitations/{Uri.EscapeDataString(id)}", cancellationToken))!["status"]!.GetValue<string>();

    /// <summary>Polls a condition until it holds or the time is up: scheduled sends happen on the worker's clock, not the test's.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, CancellationToken cancellationToken, int seconds = 15)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(seconds));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (!await condition()) await tick.WaitForNextTickAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<AnswerRecord>> RecordedAsync(string conversationId, CancellationToken cancellationToken) =>
        [.. (await App.Services.GetRequiredService<IAnswerStream>().ReadAllAsync(cancellationToken)).Where(a => a.ConversationId == conversationId)];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        SecondHttp.Dispose();
        await App.DisposeAsync();
        await Second.DisposeAsync();
        await Channel.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class InvitationsFixture(RedisServer redis) : InvitationsHosts(redis, null);
