using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.WhatsApp;

/// <summary>The host with WhatsApp configured against a local fake of the Graph API.</summary>
public sealed class WhatsAppFixture(RedisServer redis) : IAsyncLifetime
{
    public const string PhoneNumberId = "106540352242922";
    public const string AccessToken = "test-system-user-token";
    public const string AppSecret = "test-app-secret";
    public const string VerifyToken = "test-verify-token";
    public const string TemplateName = "feedback_invite";

    internal FakeGraphApi Graph { get; private set; } = null!;
    public BotApp App { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Graph = await FakeGraphApi.StartAsync(PhoneNumberId, AccessToken, TestContext.Current.CancellationToken);
        App = new BotApp(redis.ConnectionString, RedisServer.NewPrefix(), new Dictionary<string, string?>
        {
            ["WhatsApp:PhoneNumberId"] = PhoneNumberId,
            ["WhatsApp:AccessToken"] = AccessToken,
            ["WhatsApp:AppSecret"] = AppSecret,
            ["WhatsApp:VerifyToken"] = VerifyToken,
            ["WhatsApp:GraphBaseUrl"] = Graph.BaseUrl,
            ["WhatsApp:TemplateName"] = TemplateName,
        }).Start();
        Http = new HttpClient { BaseAddress = App.BaseAddress };
    }

    internal WhatsAppCustomer NewCustomer() => new(this);

    public async Task<IReadOnlyList<AnswerRecord>> RecordedAsync(string conversationId, CancellationToken cancellationToken) =>
        [.. (await App.Services.GetRequiredService<IAnswerStream>().ReadAllAsync(cancellationToken)).Where(a => a.ConversationId == conversationId)];

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (App is not null) await App.DisposeAsync();
        if (Graph is not null) await Graph.DisposeAsync();
    }
}

/// <summary>One customer on WhatsApp: their messages arrive as signed webhook calls; our replies are read from the fake Graph API.</summary>
internal sealed class WhatsAppCustomer(WhatsAppFixture whatsApp)
{
    private int _sequence;

    /// <summary>A wa_id: the customer's number, digits only.</summary>
    public string WaId { get; } = "4479" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public HttpClient Http => whatsApp.Http;

    public IReadOnlyList<JsonObject> Received => whatsApp.Graph.SentTo(WaId);

    public Task<IReadOnlyList<JsonObject>> TypeAsync(string text, CancellationToken cancellationToken) =>
        SendAsync(new JsonObject { ["type"] = "text", ["text"] = new JsonObject { ["body"] = text } }, cancellationToken);

    /// <summary>Taps a reply button or a list row of one of our interactive messages.</summary>
    public Task<IReadOnlyList<JsonObject>> TapAsync(JsonObject interactiveMessage, string title, CancellationToken cancellationToken)
    {
        var interactive = interactiveMessage["interactive"]!;
        var isList = interactive["type"]!.GetValue<string>() == "list";
        var options = isList
            ? interactive["action"]!["sections"]!.AsArray().SelectMany(s => s!["rows"]!.AsArray()).Select(r => r!)
            : interactive["action"]!["buttons"]!.AsArray().Select(b => b!["reply"]!);
        var option = options.Single(o => o["title"]!.GetValue<string>() == title);
        var kind = isList ? "list_reply" : "button_reply";
        return SendAsync(new JsonObject
        {
            ["type"] = "interactive",
            ["interactive"] = new JsonObject
            {
                ["type"] = kind,
                [kind] = new JsonObject { ["id"] = option["id"]!.GetValue<string>(), ["title"] = title },
            },
        }, cancellationToken);
    }

    /// <summary>Posts one message to the webhook, signed, and returns what the bot sent back.</summary>
    public async Task<IReadOnlyList<JsonObject>> SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var before = Received.Count;
        using var response = await PostAsync(Webhook(message), sign: true, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/whatsapp answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        var after = Received;
        Assert.True(after.Count > before, $"No reply; the Graph API refused: {string.Join(" | ", whatsApp.Graph.Refusals)}");
        return [.. after.Skip(before)];
    }

    public JsonObject Webhook(JsonObject message)
    {
        message["from"] = WaId;
        message["id"] = $"wamid.in-{WaId}-{Interlocked.Increment(ref _sequence)}";
        message["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "102290129340398",
                ["changes"] = new JsonArray(new JsonObject
                {
                    ["field"] = "messages",
                    ["value"] = new JsonObject
                    {
                        ["messaging_product"] = "whatsapp",
                        ["metadata"] = new JsonObject { ["display_phone_number"] = "15550783881", ["phone_number_id"] = WhatsAppFixture.PhoneNumberId },
                        ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Test Customer" }, ["wa_id"] = WaId }),
                        ["messages"] = new JsonArray(message),
                    },
                }),
            }),
        };
    }

    public async Task<HttpResponseMessage> PostAsync(JsonObject payload, bool sign, CancellationToken cancellationToken, string secret = WhatsAppFixture.AppSecret)
    {
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/whatsapp") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (sign) request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return await whatsApp.Http.SendAsync(request, cancellationToken);
    }
}
