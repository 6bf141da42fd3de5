using CxBot.Host.Tests.Infrastructure;

namespace CxBot.Host.Tests.Resilience;

/// <summary>A channel's Connector API that is busy or failing: replies are retried with backoff and delivered once.</summary>
public sealed class ChannelFailureTests(BotAppFixture bot) : IClassFixture<BotAppFixture>
{
    [Theory]
    [InlineData(1, 429, "1")]
    [InlineData(2, 503, null)]
    [InlineData(1, 502, null)]
    public async Task A_reply_the_channel_refuses_for_a_while_is_retried_and_delivered_once(int failures, int status, string? retryAfter)
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = bot.NewChat(locale: "en-US");
        await chat.SendAsync("hi", ct);

        var attemptsBefore = bot.Channel.Attempts;
        bot.Channel.FailNext(failures, status, retryAfter);
        var reply = await chat.SendAsync("9", ct);

        Assert.Equal(failures + 1, bot.Channel.Attempts - attemptsBefore);
        Assert.Equal(2, bot.Channel.Received(chat.ConversationId).Count);
        Assert.NotEqual("", reply.Text);
        Assert.Single(await bot.RecordedAsync(chat.ConversationId, ct), a => a.QuestionId == "nps");
    }
}
