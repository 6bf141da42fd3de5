using CxBot.Host.DirectLine;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Responses.Privacy;
using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.WebChat;

public sealed class WebChatCustomerEraserTests(RedisServer redis) : IAsyncLifetime
{
    private BotApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = new BotApp(redis.ConnectionString, RedisServer.NewPrefix()).Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> ConversationAsync(string customerId)
    {
        var transcripts = _app.Services.GetRequiredService<TranscriptStore>();
        var conversationId = TranscriptStore.NewConversationId();
        await transcripts.CreateAsync(conversationId, "dl_" + conversationId, customerId, null, "ro-RO");
        await _app.Services.GetRequiredService<DirectLineAdapter>().AppendAsync(new Activity
        {
            Type = ActivityTypes.Message,
            Text = "comanda a venit tarziu",
            Conversation = new ConversationAccount(id: conversationId),
            From = new ChannelAccount("dl_" + conversationId),
        });
        return conversationId;
    }

    [Fact]
    public async Task Erasing_a_customer_deletes_their_transcripts_and_used_links_and_nobody_elses()
    {
        var transcripts = _app.Services.GetRequiredService<TranscriptStore>();
        var theirs = await ConversationAsync("customer-41");
        var alsoTheirs = await ConversationAsync("customer-41");
        var someoneElses = await ConversationAsync("customer-42");
        Assert.True(await transcripts.ClaimInvitationAsync("post-purchase", "customer-41", theirs, TimeSpan.FromDays(1)));
        var eraser = _app.Services.GetServices<ICustomerDataEraser>().OfType<Host.WebChat.WebChatCustomerEraser>().Single();

        var footprint = await eraser.DiscoverAsync(new CustomerFootprint("customer-41", [], []), TestContext.Current.CancellationToken);
        Assert.Equal(new[] { theirs, alsoTheirs }.Order(), footprint.Conversations.Select(c => c.ConversationId).Order());
        Assert.All(footprint.Conversations, c => Assert.Equal("directline", c.ChannelId));
        Assert.True(await eraser.EraseAsync(footprint, TestContext.Current.CancellationToken) >= 5);

        Assert.Null(await transcripts.FindAsync(theirs));
        Assert.Equal(0, await transcripts.CountAsync(alsoTheirs));
        Assert.Empty(await transcripts.ConversationsOfAsync("customer-41"));
        Assert.Equal(1, await transcripts.CountAsync(someoneElses));
        // Erasing again is harmless: an erasure may be repeated after a partial failure.
        Assert.Equal(0, await eraser.EraseAsync(footprint, TestContext.Current.CancellationToken));
        // Nothing about the customer is left, not even the used link.
        Assert.True(await transcripts.ClaimInvitationAsync("post-purchase", "customer-41", "another", TimeSpan.FromDays(1)));
    }
}
