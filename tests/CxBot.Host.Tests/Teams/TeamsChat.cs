using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CxBot.Host.Tests.Infrastructure;

namespace CxBot.Host.Tests.Teams;

/// <summary>
/// A colleague's or customer's personal chat with the bot in Microsoft Teams, as Teams delivers it to
/// /api/messages: typed messages, Action.Submit taps (a message with the button's data in value, no
/// text, replyToId = the card) and Action.Execute taps (an invoke named adaptiveCard/action). The bot's
/// messages and card updates are read from the channel stand-in.
/// </summary>
public sealed class TeamsChat(HttpClient http, ChannelStandIn channel, string locale = "en-US")
{
    private int _sequence;

    public string ConversationId { get; } = "a:1teams" + Guid.NewGuid().ToString("N");
    public string UserId { get; } = "29:1user" + Guid.NewGuid().ToString("N")[..10];

    public IReadOnlyList<JsonObject> Received => channel.Received(ConversationId);

    public IReadOnlyList<JsonObject> Updated => channel.Updated(ConversationId);

    private JsonObject Activity(string type) => new()
    {
        ["type"] = type,
        ["id"] = $"1:teams-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}",
        ["channelId"] = "msteams",
        ["serviceUrl"] = channel.ServiceUrl,
        ["conversation"] = new JsonObject { ["id"] = ConversationId, ["conversationType"] = "personal", ["tenantId"] = "tenant-1" },
        ["from"] = new JsonObject { ["id"] = UserId, ["aadObjectId"] = "00000000-0000-0000-0000-000000000001" },
        ["recipient"] = new JsonObject { ["id"] = "28:cxbot", ["name"] = "CxBot" },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } },
        ["locale"] = locale,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
    };

    /// <summary>Types a message; returns the bot's one new message.</summary>
    public async Task<TeamsMessage> SayAsync(string text, CancellationToken cancellationToken)
    {
        var activity = Activity("message");
        activity["text"] = text;
        return await ExpectOneMessageAsync(activity, cancellationToken);
    }

    /// <summary>An Action.Submit on a card: a message with the data in value and no text; returns the bot's new messages.</summary>
    public async Task<IReadOnlyList<TeamsMessage>> SubmitAsync(TeamsMessage card, JsonObject data, CancellationToken cancellationToken)
    {
        var activity = Activity("message");
        activity["replyToId"] = card.Id;
        activity["value"] = data.DeepClone();
        var before = Received.Count;
        using var response = await http.PostAsJsonAsync("/api/messages", activity, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"submit answered {(int)response.StatusCode}");
        return [.. Received.Skip(before).Select(a => new TeamsMessage(a))];
    }

    /// <summary>An Action.Execute on a card: the invoke's HTTP status and body, and the bot's new messages.</summary>
    public async Task<(HttpStatusCode Status, JsonObject? Body, IReadOnlyList<TeamsMessage> Messages)> ExecuteAsync(
        TeamsMessage card, JsonObject action, CancellationToken cancellationToken)
    {
        var activity = Activity("invoke");
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = card.Id;
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = action["title"]?.DeepClone(),
                ["verb"] = action["verb"]?.DeepClone(),
                ["data"] = action["data"]!.DeepClone(),
            },
            ["trigger"] = "manual",
        };
        var before = Received.Count;
        using var response = await http.PostAsJsonAsync("/api/messages", activity, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body)!.AsObject(), [.. Received.Skip(before).Select(a => new TeamsMessage(a))]);
    }

    private async Task<TeamsMessage> ExpectOneMessageAsync(JsonObject activity, CancellationToken cancellationToken)
    {
        var before = Received.Count;
        using var response = await http.PostAsJsonAsync("/api/messages", activity, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"message answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        var received = Received;
        Assert.True(received.Count == before + 1, $"Expected one message from the bot, got {received.Count - before}.");
        return new TeamsMessage(received[^1]);
    }
}

/// <summary>A message the bot sent to Teams (or the new version of one), read as the customer sees it.</summary>
public sealed record TeamsMessage(JsonObject Activity)
{
    public string Id => Activity["_id"]!.GetValue<string>();

    /// <summary>The Adaptive Card's content, or null when the message is not a card.</summary>
    public JsonObject? Card => Activity["attachments"]?.AsArray()
        .FirstOrDefault(a => a!["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")?["content"]?.AsObject();

    /// <summary>Every button on the card (Action.Execute or Action.Submit), in order.</summary>
    public IReadOnlyList<JsonObject> Actions => Card is { } card ? CardActions(card) : [];

    public string Text => Activity["text"]?.GetValue<string>() ?? (Card is { } card ? CardText(card) : "");

    public IReadOnlyList<string> SuggestedActions =>
        Activity["suggestedActions"]?["actions"]?.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList() ?? [];

    /// <summary>The button with this title.</summary>
    public JsonObject Button(string title) => Actions.Single(a => a["title"]!.GetValue<string>() == title);

    public static List<JsonObject> CardActions(JsonObject card) =>
        [.. card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet").SelectMany(s => s!["actions"]!.AsArray()).Select(a => a!.AsObject())];

    public static string CardText(JsonObject card) =>
        string.Join("\n", card["body"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "TextBlock").Select(b => b!["text"]!.GetValue<string>()));

    public override string ToString() => Text;
}
