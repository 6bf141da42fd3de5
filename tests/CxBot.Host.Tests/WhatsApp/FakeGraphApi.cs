using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CxBot.Host.Tests.WhatsApp;

/// <summary>
/// A local stand-in for the WhatsApp Cloud API's POST /{phone-number-id}/messages. It checks what the
/// real one checks before accepting a message (bearer token, envelope, the limits of reply buttons and
/// list messages) and answers like it: 200 {"messages":[{"id":"wamid…"}]} or 400 {"error":{…}}.
/// </summary>
internal sealed class FakeGraphApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _phoneNumberId;
    private readonly string _accessToken;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> _byRecipient = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private int _nextId;

    private FakeGraphApi(WebApplication app, string phoneNumberId, string accessToken)
    {
        _app = app;
        _phoneNumberId = phoneNumberId;
        _accessToken = accessToken;
    }

    /// <summary>Stands for https://graph.facebook.com/v21.0.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Why messages were refused, for failure messages.</summary>
    public IReadOnlyList<string> Refusals => [.. _refusals];

    public static async Task<FakeGraphApi> StartAsync(string phoneNumberId, string accessToken, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var graph = new FakeGraphApi(app, phoneNumberId, accessToken);
        app.MapPost("/v21.0/{phoneNumberId}/messages", graph.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        graph.BaseUrl = address.TrimEnd('/') + "/v21.0";
        return graph;
    }

    /// <summary>Every message accepted for this recipient (wa_id), in order.</summary>
    public IReadOnlyList<JsonObject> SentTo(string waId) => _byRecipient.TryGetValue(waId, out var q) ? [.. q] : [];

    private async Task<IResult> ReceiveAsync(string phoneNumberId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization != $"Bearer {_accessToken}") return Error(401, 190, "Invalid OAuth access token.");
        if (phoneNumberId != _phoneNumberId) return Error(400, 100, "Unsupported post request: unknown phone number id.");
        var message = (await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken))!.AsObject();
        if (Problem(message) is { } problem) return Error(400, 131009, problem);
        _byRecipient.GetOrAdd(message["to"]!.GetValue<string>(), _ => new()).Enqueue(message);
        return Results.Json(new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = message["to"]!.GetValue<string>(), ["wa_id"] = message["to"]!.GetValue<string>() }),
            ["messages"] = new JsonArray(new JsonObject { ["id"] = $"wamid.out{Interlocked.Increment(ref _nextId)}" }),
        });
    }

    private IResult Error(int status, int code, string message)
    {
        _refusals.Enqueue(message);
        return Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "OAuthException", ["code"] = code, ["fbtrace_id"] = "test" } }, statusCode: status);
    }

    /// <summary>What the Cloud API would refuse in this message, or null.</summary>
    private static string? Problem(JsonObject m)
    {
        if (m["messaging_product"]?.GetValue<string>() != "whatsapp") return "messaging_product must be whatsapp";
        if (m["to"]?.GetValue<string>() is not { Length: > 0 }) return "to is required";
        switch (m["type"]?.GetValue<string>())
        {
            case "text":
                var body = m["text"]?["body"]?.GetValue<string>();
                return body is { Length: > 0 and <= 4096 } ? null : "text.body must be 1 to 4096 characters";
            case "interactive":
                var interactive = m["interactive"]!;
                if (interactive["body"]?["text"]?.GetValue<string>() is not { Length: > 0 and <= 1024 }) return "interactive.body.text must be 1 to 1024 characters";
                switch (interactive["type"]?.GetValue<string>())
                {
                    case "button":
                        var buttons = interactive["action"]?["buttons"]?.AsArray() ?? [];
                        if (buttons.Count is < 1 or > 3) return "reply buttons: 1 to 3";
                        if (buttons.Any(b => b!["type"]?.GetValue<string>() != "reply" || b["reply"]?["title"]?.GetValue<string>() is not { Length: > 0 and <= 20 } || b["reply"]?["id"]?.GetValue<string>() is not { Length: > 0 and <= 256 }))
                            return "reply button: type reply, title 1 to 20 characters, id 1 to 256";
                        if (buttons.Select(b => b!["reply"]!["id"]!.GetValue<string>()).Distinct().Count() != buttons.Count) return "reply button ids must be unique";
                        return null;
                    case "list":
                        if (interactive["action"]?["button"]?.GetValue<string>() is not { Length: > 0 and <= 20 }) return "list action.button: 1 to 20 characters";
                        var sections = interactive["action"]?["sections"]?.AsArray() ?? [];
                        var rows = sections.SelectMany(s => s!["rows"]?.AsArray() ?? []).ToList();
                        if (sections.Count is < 1 or > 10) return "list sections: 1 to 10";
                        if (sections.Count > 1 && sections.Any(s => s!["title"] is null)) return "list sections need titles when there are several";
                        if (rows.Count is < 1 or > 10) return "list rows: 1 to 10 across all sections";
                        if (rows.Any(r => r!["title"]?.GetValue<string>() is not { Length: > 0 and <= 24 } || r["id"]?.GetValue<string>() is not { Length: > 0 and <= 200 }))
                            return "list row: title 1 to 24 characters, id 1 to 200";
                        return null;
                    default:
                        return "unknown interactive type";
                }

            case "template":
                return m["template"]?["name"]?.GetValue<string>() is { Length: > 0 } && m["template"]?["language"]?["code"]?.GetValue<string>() is { Length: > 0 }
                    ? null
                    : "template needs name and language.code";
            default:
                return "unknown message type";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
