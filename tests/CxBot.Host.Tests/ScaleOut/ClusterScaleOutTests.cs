using CxBot.Host.Tests.Infrastructure;
using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CxBot.Host.Tests.ScaleOut;

/// <summary>
/// Two host processes on a three-master Redis Cluster behind one address: every turn of a conversation
/// goes to the other host than the turn before, as a round-robin balancer sends it.
/// </summary>
public sealed class ClusterScaleOutTests : IAsyncLifetime
{
    private const int Conversations = 12;

    private RedisCluster _cluster = null!;
    private ChannelStandIn _channel = null!;
    private HostGroup _hosts = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _cluster = await RedisCluster.StartNewAsync(ct);
        _channel = await ChannelStandIn.StartAsync(ct);
        _hosts = await HostGroup.StartAsync(2, _cluster.ConnectionString, RedisServer.NewPrefix(), ct);
    }

    [Fact]
    public async Task Conversations_alternating_between_two_hosts_on_a_cluster_record_every_answer_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var chats = Enumerable.Range(0, Conversations).Select(_ => new CustomerChat(null!, _channel, locale: "en-US")).ToList();

        await Task.WhenAll(chats.Select((chat, i) => SurveyScript.TakeAsync(_hosts, _channel, chat, firstHost: i, ct)));

        var recorded = await _hosts.RecordedAsync(ct);
        foreach (var chat in chats)
        {
            var mine = recorded.Where(a => a.ConversationId == chat.ConversationId).ToList();
            Assert.Equal(SurveyScript.QuestionIds, mine.Where(a => a.Event == AnswerRecord.AnswerEvent).Select(a => a.QuestionId));
            Assert.Single(mine, a => a.Event == AnswerRecord.CompleteEvent);
            Assert.Equal(mine.Count, mine.Select(a => a.AnswerId).Distinct().Count());
        }

        Assert.Equal(Conversations * (SurveyScript.QuestionIds.Count + 1), recorded.Count);
    }

    [Fact]
    public async Task A_conversations_keys_and_its_answer_stream_share_one_slot_and_conversations_spread_over_the_masters()
    {
        var ct = TestContext.Current.CancellationToken;
        var chats = Enumerable.Range(0, Conversations).Select(_ => new CustomerChat(null!, _channel, locale: "en-US")).ToList();
        await Task.WhenAll(chats.Select((chat, i) => SurveyScript.TakeAsync(_hosts, _channel, chat, firstHost: i, ct)));

        using var storage = HostGroup.StorageServices(_cluster.ConnectionString, _hosts.Prefix);
        var streams = storage.GetRequiredService<IAnswerStream>();
        await using var redis = _cluster.Connect();
        var keys = new List<(RedisKey Key, int Node)>();
        var masters = redis.GetServers().Where(s => !s.IsReplica).ToList();
        Assert.Equal(RedisCluster.MasterCount, masters.Count);
        for (var node = 0; node < masters.Count; node++)
        {
            await foreach (var key in masters[node].KeysAsync(pattern: _hosts.Prefix + ":*").WithCancellation(ct))
            {
                keys.Add((key, node));
            }
        }

        var usedNodes = new HashSet<int>();
        foreach (var chat in chats)
        {
            var streamSlot = redis.HashSlot(streams.ShardKeyOf(new ConversationKey("webchat", chat.ConversationId)));
            var mine = keys.Where(k => k.Key.ToString().Contains(chat.ConversationId, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(mine);
            Assert.All(mine, k => Assert.Equal(streamSlot, redis.HashSlot(k.Key)));
            usedNodes.UnionWith(mine.Select(k => k.Node));
        }

        // Twelve conversations over sixteen shards: landing on a single master would mean the tag does not spread them.
        Assert.True(usedNodes.Count > 1, $"All conversations landed on one master: {string.Join(", ", keys.Select(k => k.Key))}");
    }

    public async ValueTask DisposeAsync()
    {
        await _hosts.DisposeAsync();
        await _channel.DisposeAsync();
        await _cluster.DisposeAsync();
    }
}
