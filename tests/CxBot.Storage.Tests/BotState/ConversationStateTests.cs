using CxBot.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using StackExchange.Redis;

namespace CxBot.Storage.Tests.BotState;

public sealed class ConversationStateTests : IDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly string _prefix = RedisServer.NewPrefix();

    public ConversationStateTests(RedisServer server) => _redis = server.Connect();

    public void Dispose() => _redis.Dispose();

    [Fact]
    public async Task Conversation_state_survives_across_turns_and_storage_instances()
    {
        await CountingFlow().Send("hi").AssertReply("1").Send("again").AssertReply("2").StartTestAsync();

        // A fresh storage over the same Redis, as after a host restart, continues where the last one stopped.
        await CountingFlow().Send("back").AssertReply("3").StartTestAsync();

        var stores = new TestStores(_redis, _prefix);
        var keys = _redis.GetServers().Single().Keys(pattern: _prefix + ":*").ToArray();
        var key = Assert.Single(keys);
        Assert.NotNull(await stores.Db.KeyTimeToLiveAsync(key));
    }

    private TestFlow CountingFlow()
    {
        var stores = new TestStores(_redis, _prefix);
        var conversationState = new ConversationState(stores.Storage);
        var counter = conversationState.CreateProperty<Counter>("counter");
        var adapter = new TestAdapter().Use(new AutoSaveStateMiddleware(conversationState));
        return new TestFlow(adapter, async (turn, cancellationToken) =>
        {
            var count = await counter.GetAsync(turn, () => new Counter(), cancellationToken);
            count.Value++;

            // Read back untyped (as with MemoryStorage), a property is a converted copy: set it to keep the change.
            await counter.SetAsync(turn, count, cancellationToken);
            await turn.SendActivityAsync(count.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        });
    }

    public sealed class Counter
    {
        public int Value { get; set; }
    }
}
