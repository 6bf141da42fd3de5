using CxBot.Testing;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace CxBot.Storage.Tests.Conversations;

/// <summary>What a turn costs: round trips, and the bytes a conversation keeps in Redis at rest.</summary>
public sealed class ConversationFootprintTests(RedisServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_turn_is_one_round_trip_to_load_and_one_to_commit()
    {
        using var redis = server.Connect();
        var stores = new TestStores(redis, RedisServer.NewPrefix());
        var conversation = new ConversationKey("webchat", "rt-1");
        await stores.Conversations.CommitAsync(conversation, new TurnCommit([1], null, "a0", []), Ct);
        var session = new ProfilingSession();
        redis.RegisterProfiler(() => session);

        var snapshot = await stores.Conversations.LoadAsync(conversation, "a1", Ct);
        var loadCommands = session.FinishProfiling().Select(c => c.Command).ToArray();
        session = new ProfilingSession();
        await stores.Conversations.CommitAsync(
            conversation, new TurnCommit([2], snapshot.Version, "a1", [TestAnswers.For(conversation, "nps", "9"), TestAnswers.For(conversation, "reason", "ok")]), Ct);
        var commitCommands = session.FinishProfiling().Select(c => c.Command).ToArray();

        Assert.Equal(["GET"], loadCommands);
        Assert.Single(commitCommands);
        Assert.StartsWith("EVAL", commitCommands[0], StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine($"load: {string.Join(",", loadCommands)}; commit: {string.Join(",", commitCommands)}");
    }

    [Fact]
    public async Task A_conversation_at_rest_with_a_200_byte_state_stays_under_600_bytes()
    {
        using var redis = server.Connect();
        var stores = new TestStores(redis, "cx" + RedisServer.NewPrefix());
        var conversation = new ConversationKey("msteams", "a:1Xq3c0DdF9Uj2Kpw7VbLmN4oRsT6yZ8eHgI5");
        var state = new byte[200];
        Random.Shared.NextBytes(state);
        string? version = null;
        var sizes = new List<long>();
        for (var turn = 0; turn < ConversationRecord.RememberedActivities + 5; turn++)
        {
            var activityId = $"1:1{turn:D3}AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
            Assert.Equal(CommitOutcome.Saved, await stores.Conversations.CommitAsync(conversation, new TurnCommit(state, version, activityId, []), Ct));
            version = (await stores.Conversations.LoadAsync(conversation, null, Ct)).Version;
            sizes.Add((long)await stores.Db.ExecuteAsync("MEMORY", "USAGE", stores.Keys.Conversation(conversation), "SAMPLES", "0"));
        }

        var stringLength = await stores.Db.StringLengthAsync(stores.Keys.Conversation(conversation));
        Assert.All(sizes, size => Assert.InRange(size, 1, 600));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"MEMORY USAGE after turn 1: {sizes[0]} B; with {ConversationRecord.RememberedActivities} activity ids remembered: {sizes[^1]} B; record {stringLength} B");
    }

    [Fact]
    public async Task Answers_cost_a_few_hundred_bytes_each_in_the_stream()
    {
        using var redis = server.Connect();
        var stores = new TestStores(redis, RedisServer.NewPrefix(), shards: 1);
        const int count = 200;
        for (var i = 0; i < count; i++)
        {
            var conversation = new ConversationKey("webchat", $"conv-{i}");
            await stores.Conversations.CommitAsync(conversation, new TurnCommit([1], null, null, [TestAnswers.For(conversation, "nps", "9", responseId: $"r-{i}")]), Ct);
        }

        var bytes = (long)await stores.Db.ExecuteAsync("MEMORY", "USAGE", stores.Keys.AnswerStream(0), "SAMPLES", "0");

        Assert.InRange(bytes / count, 1, 600);
        TestContext.Current.TestOutputHelper?.WriteLine($"answer stream: {bytes} B for {count} answers, {bytes / count} B each");
    }
}
