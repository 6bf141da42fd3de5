using System.Text.Json;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Testing;

namespace CxBot.Host.Tests.ScaleOut;

/// <summary>The default survey taken in English (greeting → NPS → reason → CSAT → CES), one turn per host in turn.</summary>
internal static class SurveyScript
{
    public static readonly IReadOnlyList<string> Turns = ["good afternoon", "9", "Tracking the parcel was simple and it came early", "4", "6"];

    public static readonly IReadOnlyList<string> QuestionIds = ["nps", "reason", "csat", "ces"];

    private static readonly Lazy<HashSet<string>> LazyApologies = new(() =>
    {
        using var texts = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.InRoot("src", "CxBot.Surveys", "Engine", "Texts", "en.json")));
        return [.. texts.RootElement.EnumerateObject().Where(p => p.Name.StartsWith("apology.", StringComparison.Ordinal)).Select(p => p.Value.GetString()!)];
    });

    /// <summary>The English apologies the bot sends when a turn could not be saved.</summary>
    public static IReadOnlySet<string> Apologies => LazyApologies.Value;

    /// <summary>Takes the whole survey; turn k goes to host firstHost + k. Each turn must be answered once, without an apology.</summary>
    public static async Task TakeAsync(HostGroup hosts, ChannelStandIn channel, CustomerChat chat, int firstHost, CancellationToken cancellationToken)
    {
        for (var turn = 0; turn < Turns.Count; turn++)
        {
            var reply = await SendAsync(hosts, channel, chat, Turns[turn], firstHost + turn, cancellationToken);
            Assert.True(reply is not null, $"No reply to turn {turn} of {chat.ConversationId}.{Environment.NewLine}{hosts.Diagnostics}");
            Assert.DoesNotContain(reply.Text, Apologies);
        }
    }

    /// <summary>Sends one message through the balancer; returns the bot's new reply, or null when none came.</summary>
    public static async Task<Reply?> SendAsync(HostGroup hosts, ChannelStandIn channel, CustomerChat chat, string text, int host, CancellationToken cancellationToken)
    {
        var before = channel.Received(chat.ConversationId).Count;
        using var response = await hosts.PostAsync(chat.Message(text), host, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/messages answered {(int)response.StatusCode}.");
        var received = channel.Received(chat.ConversationId);
        Assert.True(received.Count <= before + 1, $"Expected at most one reply to '{text}', got {received.Count - before}.");
        return received.Count == before + 1 ? new Reply(received[^1]) : null;
    }
}
