using StackExchange.Redis;

namespace CxBot.Storage.Tests;

public sealed class RedisKeysTests
{
    [Theory]
    [InlineData("webchat", "abc123")]
    [InlineData("msteams", "a:19:meeting_{weird}@thread.v2")]
    [InlineData("telegram", "{}{}}{")]
    [InlineData("sms", "+48 600 700 800")]
    public void A_conversations_state_and_answer_stream_share_a_cluster_slot(string channelId, string conversationId)
    {
        var keys = new RedisKeys("cx", 16);
        var conversation = new ConversationKey(channelId, conversationId);

        var stateSlot = KeySlot(keys.Conversation(conversation));
        var streamSlot = KeySlot(keys.AnswerStream(conversation));

        Assert.Equal(stateSlot, streamSlot);
        Assert.Equal(KeySlot($"{{s{keys.ShardOf(conversation)}}}"), stateSlot);
    }

    [Fact]
    public void A_storage_key_with_braces_still_hashes_on_its_shard_tag()
    {
        var keys = new RedisKeys("cx", 16);
        const string storageKey = "{victim}/conversations/{x}";

        var slot = KeySlot(keys.BotState(storageKey));

        Assert.Equal(KeySlot($"{{s{keys.ShardOf(storageKey)}}}"), slot);
        Assert.NotEqual(KeySlot("{victim}"), slot);
    }

    [Fact]
    public void The_shard_hash_is_FNV_1a_over_UTF8_and_stable_across_processes()
    {
        // Published FNV-1a 32 test vectors; string.GetHashCode would differ per process.
        Assert.Equal(0x811C9DC5u, RedisKeys.Fnv1a32(string.Empty));
        Assert.Equal(0xE40C292Cu, RedisKeys.Fnv1a32("a"));
        Assert.Equal(0xBF9CF968u, RedisKeys.Fnv1a32("foobar"));
        Assert.Equal((int)(RedisKeys.Fnv1a32("webchat:abc") % 16), new RedisKeys("cx", 16).ShardOf(new ConversationKey("webchat", "abc")));
    }

    [Fact]
    public void Conversations_spread_over_every_shard()
    {
        var keys = new RedisKeys("cx", 16);

        var used = Enumerable.Range(0, 400)
            .Select(i => keys.ShardOf(new ConversationKey("webchat", $"conv-{i}")))
            .Distinct()
            .Count();

        Assert.Equal(16, used);
    }

    [Fact]
    public void Keys_follow_the_documented_shape()
    {
        var keys = new RedisKeys("cx", 16);
        var conversation = new ConversationKey("webchat", "abc");
        var shard = keys.ShardOf(conversation);

        Assert.Equal($"cx:{{s{shard}}}:conv:webchat:abc", keys.Conversation(conversation).ToString());
        Assert.Equal($"cx:{{s{shard}}}:answers", keys.AnswerStream(conversation).ToString());
    }

    [Theory]
    [InlineData("", "abc")]
    [InlineData("web:chat", "abc")]
    [InlineData("webchat", "")]
    public void A_conversation_key_refuses_ids_that_could_collide(string channelId, string conversationId) =>
        Assert.Throws<ArgumentException>(() => new ConversationKey(channelId, conversationId));

    [Theory]
    [InlineData("foo", 12182)]
    [InlineData("bar", 5061)]
    [InlineData("hello", 866)]
    [InlineData("{user1000}.following", 3443)]
    [InlineData("foo{}{bar}", 8363)]
    public void The_slot_calculation_used_here_matches_Redis_Cluster(string key, int slot) =>
        Assert.Equal(slot, KeySlot(key));

    // Redis Cluster's keyHashSlot: CRC16-XModem of the hash tag (text between the first '{' and the
    // next '}', when not empty) or of the whole key, modulo 16384. StackExchange.Redis only computes
    // slots on a cluster connection, so the rule is written out here.
    private static int KeySlot(RedisKey key)
    {
        var bytes = (byte[])key!;
        var open = Array.IndexOf(bytes, (byte)'{');
        if (open >= 0)
        {
            var close = Array.IndexOf(bytes, (byte)'}', open + 1);
            if (close > open + 1)
            {
                bytes = bytes[(open + 1)..close];
            }
        }

        ushort crc = 0;
        foreach (var b in bytes)
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc % 16384;
    }
}
