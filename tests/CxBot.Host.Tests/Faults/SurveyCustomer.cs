using System.Text.Json.Nodes;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Host.Tests.ScaleOut;

namespace CxBot.Host.Tests.Faults;

/// <summary>An answer the bot acknowledged with its next question, and whether a fault had begun by then.</summary>
internal sealed record Acknowledged(string ConversationId, string QuestionId, bool AfterFault);

/// <summary>
/// A customer who takes the default survey in English the way a person would while parts fail: they
/// answer whatever the bot last asked (read from its buttons), resend after an apology once told the
/// service is back, and reopen the chat when a message got no reply (the bot then says where they were).
/// </summary>
internal sealed class SurveyCustomer(
    Func<JsonObject, int, CancellationToken, Task<HttpResponseMessage>> post,
    ChannelStandIn channel,
    int firstHost,
    Func<CancellationToken, Task> afterApology)
{
    private const int MaxTurns = 30;
    private const string Done = "done";

    private readonly CustomerChat _chat = new(null!, channel, locale: "en-US");
    private int _turn;

    public string ConversationId => _chat.ConversationId;

    public async Task TakeSurveyAsync(Action<Acknowledged> acknowledged, Func<bool> faultBegun, CancellationToken cancellationToken)
    {
        string? asked = null;
        for (var i = 0; i < MaxTurns; i++)
        {
            var text = asked switch
            {
                null => SurveyScript.Turns[0],
                "nps" => SurveyScript.Turns[1],
                "reason" => SurveyScript.Turns[2],
                "csat" => SurveyScript.Turns[3],
                "ces" => SurveyScript.Turns[4],
                _ => null,
            };
            if (text is null) return;

            var reply = await SendAsync(_chat.Message(text), cancellationToken);
            if (reply is null)
            {
                // The turn was saved but its reply never left (the host died in between, and the resent
                // activity was recognised as a duplicate): the customer reopens the chat.
                if (asked == "ces") return;
                reply = await SendAsync(Joining(), cancellationToken)
                    ?? throw new InvalidOperationException($"{ConversationId}: reopening the chat got no reply.");
                asked = Classify(reply, asked);
                continue;
            }

            if (SurveyScript.Apologies.Contains(reply.Text))
            {
                await afterApology(cancellationToken);
                continue;
            }

            if (asked is not null) acknowledged(new Acknowledged(ConversationId, asked, faultBegun()));
            asked = Classify(reply, asked);
        }

        throw new InvalidOperationException($"{ConversationId}: the survey did not finish within {MaxTurns} messages.");
    }

    private async Task<Reply?> SendAsync(JsonObject activity, CancellationToken cancellationToken)
    {
        var before = channel.Received(ConversationId).Count;
        using var response = await post(activity, firstHost + _turn++, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/messages answered {(int)response.StatusCode}.");
        var received = channel.Received(ConversationId);
        Assert.True(received.Count <= before + 1, $"{ConversationId}: expected at most one reply, got {received.Count - before}.");
        return received.Count == before + 1 ? new Reply(received[^1]) : null;
    }

    private JsonObject Joining()
    {
        var activity = _chat.Message("");
        activity["type"] = "conversationUpdate";
        activity.Remove("text");
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = _chat.UserId }, new JsonObject { ["id"] = "cxbot" });
        return activity;
    }

    // What the bot is asking now, from its buttons: 0..10 is NPS, five CSAT, seven CES; no buttons after
    // NPS (or the reason again) is the open question, and no buttons after CES is the thanks.
    private static string Classify(Reply reply, string? asked) => reply.Buttons.Count switch
    {
        11 => "nps",
        5 => "csat",
        7 => "ces",
        _ => asked is "nps" or "reason" ? "reason" : Done,
    };
}
