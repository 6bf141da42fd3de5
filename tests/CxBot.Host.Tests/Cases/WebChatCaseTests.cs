using System.Globalization;
using System.Net;
using CxBot.Host.DirectLine;
using CxBot.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace CxBot.Host.Tests.Cases;

/// <summary>A web chat customer (the bot-hosted Direct Line) is reached in their own transcript, and answers there.</summary>
public sealed class WebChatCaseTests(RedisServer redis)
{
    [Fact]
    public async Task A_web_chat_customer_gets_the_message_in_their_chat_and_their_reply_lands_in_the_case()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CaseLoopHost.StartAsync(redis, ct);
        var adapter = host.App.Services.GetRequiredService<DirectLineAdapter>();
        var transcripts = host.App.Services.GetRequiredService<TranscriptStore>();
        var bot = host.App.Services.GetRequiredService<IBot>();
        var conversationId = TranscriptStore.NewConversationId();
        var user = "dl_" + Guid.NewGuid().ToString("N")[..8];
        await transcripts.CreateAsync(conversationId, user, $"directline:{user}", null, "pl-PL");

        async Task<string> SayAsync(string text)
        {
            var activity = new Activity
            {
                Type = ActivityTypes.Message,
                Text = text,
                Locale = "pl-PL",
                ChannelId = DirectLineAdapter.ChannelId,
                Conversation = new ConversationAccount(id: conversationId),
                From = new ChannelAccount(user, role: RoleTypes.User),
                Recipient = new ChannelAccount(DirectLineEndpoints.BotId, role: RoleTypes.Bot),
            };
            await adapter.AppendAsync(activity);
            await adapter.ProcessActivityAsync(activity, bot, null, ct);
            return await LastTextAsync();
        }

        async Task<string> LastTextAsync() => (string)JObject.Parse((await transcripts.ReadAsync(conversationId, 0)).Activities[^1])["text"]!;

        await SayAsync("dzien dobry");
        await SayAsync("1");
        var id = long.Parse(await host.WaitForAsync("select id from cases where customer_id = $1", ct, $"directline:{user}"), CultureInfo.InvariantCulture);
        using var analyst = await host.SignedInAsync("ana", ct);

        const string Message = "Przepraszamy. Czy możemy zadzwonić jutro?";
        using var sent = await CaseLoopHost.PostCaseAsync(analyst, id, "message", ct, ("text", Message));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.DoesNotContain("error=", sent.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(Message, await LastTextAsync());

        Assert.Equal(CaseLoopHost.ReplyAcknowledgement("pl"), await SayAsync("Tak, po południu"));
        Assert.Equal("Tak, po południu", await host.WaitForAsync("select text from case_events where case_id = $1 and kind = 'reply'", ct, id));
    }
}
