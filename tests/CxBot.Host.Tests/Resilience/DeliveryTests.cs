using CxBot.Host.Tests.Infrastructure;

namespace CxBot.Host.Tests.Resilience;

/// <summary>Channels redeliver and customers double-tap: neither may lose or double an answer.</summary>
public sealed class DeliveryTests(BotAppFixture bot) : IClassFixture<BotAppFixture>
{
    [Fact]
    public async Task The_same_activity_delivered_twice_is_recorded_once_and_advances_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = bot.NewChat(locale: "en-US");
        await chat.SendAsync("hi", ct);

        var answer = chat.Message("9", activityId: "redelivered-1");
        using (var first = await chat.PostAsync(answer, ct)) Assert.True(first.IsSuccessStatusCode);
        var repliesAfterFirst = bot.Channel.Received(chat.ConversationId).Count;
        using (var second = await chat.PostAsync(answer, ct)) Assert.True(second.IsSuccessStatusCode);

        var replies = bot.Channel.Received(chat.ConversationId);
        Assert.True(repliesAfterFirst == replies.Count, "A redelivery was answered: " + string.Join(" | ", replies.Select(r => r["text"]?.ToString())));
        var csat = await chat.SendAsync("The courier was fast and the parcel arrived intact", ct);
        Assert.Equal(5, csat.Buttons.Count); // one advance: nps → reason → csat
        var recorded = await bot.RecordedAsync(chat.ConversationId, ct);
        Assert.Single(recorded, a => a.QuestionId == "nps");
    }

    [Fact]
    public async Task Racing_turns_of_one_conversation_never_lose_or_double_an_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        var chats = Enumerable.Range(0, 12).Select(_ => bot.NewChat(locale: "en-US")).ToList();
        foreach (var chat in chats) await chat.SendAsync("hi", ct);

        // Two different messages of each conversation at once: both must be recorded, each exactly once,
        // one as the NPS answer and the other as the answer to the next question.
        await Task.WhenAll(chats.SelectMany(chat => new[] { chat.PostAsync(chat.Message("9"), ct), chat.PostAsync(chat.Message("7"), ct) }));

        foreach (var chat in chats)
        {
            var recorded = await bot.RecordedAsync(chat.ConversationId, ct);
            Assert.Equal(["nps", "reason"], recorded.Select(a => a.QuestionId).Order());
            Assert.Equal(["7", "9"], recorded.Select(a => a.Text!).Order());
            Assert.Equal(3, bot.Channel.Received(chat.ConversationId).Count);
        }
    }
}
