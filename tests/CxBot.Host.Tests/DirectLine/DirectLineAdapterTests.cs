using CxBot.Host.DirectLine;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace CxBot.Host.Tests.DirectLine;

/// <summary>The adapter's own duties on a real Redis: ids and order in the transcript, edits in place.</summary>
public sealed class DirectLineAdapterTests(RedisServer redis) : IAsyncLifetime
{
    private BotApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = new BotApp(redis.ConnectionString, RedisServer.NewPrefix()).Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private (DirectLineAdapter Adapter, TranscriptStore Transcripts) Services() =>
        (_app.Services.GetRequiredService<DirectLineAdapter>(), _app.Services.GetRequiredService<TranscriptStore>());

    private static Activity Inbound(string conversationId) => new()
    {
        Type = ActivityTypes.Message,
        Text = "hello",
        ChannelId = DirectLineAdapter.ChannelId,
        Conversation = new ConversationAccount(id: conversationId),
        From = new ChannelAccount("dl_user", role: RoleTypes.User),
        Recipient = new ChannelAccount(DirectLineEndpoints.BotId, role: RoleTypes.Bot),
    };

    [Fact]
    public async Task Replies_get_consecutive_ids_after_the_customer_message_and_typing_is_not_kept()
    {
        var (adapter, transcripts) = Services();
        var conversationId = TranscriptStore.NewConversationId();
        await transcripts.CreateAsync(conversationId, "dl_user", "directline:dl_user", null, "en-US");
        var inbound = Inbound(conversationId);
        Assert.Equal($"{conversationId}|0000000", await adapter.AppendAsync(inbound));

        using var context = new TurnContext(adapter, inbound);
        var typing = inbound.CreateReply();
        typing.Type = ActivityTypes.Typing;
        var sent = await context.SendActivitiesAsync([MessageFactory.Text("one"), typing, MessageFactory.Text("two")], TestContext.Current.CancellationToken);

        Assert.Equal([$"{conversationId}|0000001", $"{conversationId}|typing", $"{conversationId}|0000002"], sent.Select(r => r.Id));
        var (activities, watermark) = await transcripts.ReadAsync(conversationId, 0);
        Assert.Equal(3, watermark);
        Assert.Equal(["hello", "one", "two"], activities.Select(a => (string?)JObject.Parse(a)["text"]));
        Assert.Equal(sent[2].Id, (string?)JObject.Parse(activities[2])["id"]);
    }

    [Fact]
    public async Task Update_and_delete_edit_the_transcript_in_place_so_watermarks_still_count()
    {
        var (adapter, transcripts) = Services();
        var conversationId = TranscriptStore.NewConversationId();
        await transcripts.CreateAsync(conversationId, "dl_user", "directline:dl_user", null, null);
        var inbound = Inbound(conversationId);
        await adapter.AppendAsync(inbound);
        using var context = new TurnContext(adapter, inbound);
        var first = await context.SendActivityAsync(MessageFactory.Text("first draft"), TestContext.Current.CancellationToken);
        var second = await context.SendActivityAsync(MessageFactory.Text("to be removed"), TestContext.Current.CancellationToken);

        var edit = MessageFactory.Text("first, edited");
        edit.Id = first.Id;
        edit.Conversation = inbound.Conversation;
        await context.UpdateActivityAsync(edit, TestContext.Current.CancellationToken);
        await context.DeleteActivityAsync(second.Id, TestContext.Current.CancellationToken);

        var (activities, watermark) = await transcripts.ReadAsync(conversationId, 0);
        Assert.Equal(3, watermark);
        Assert.Equal("first, edited", (string?)JObject.Parse(activities[1])["text"]);
        Assert.Equal("messageDelete", (string?)JObject.Parse(activities[2])["type"]);
        Assert.Null(JObject.Parse(activities[2])["text"]);
    }
}
