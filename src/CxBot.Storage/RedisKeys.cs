using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace CxBot.Storage;

/// <summary>
/// Builds every key CxBot keeps in Redis.
/// <para>
/// Why the shard is the hash tag: a turn's commit is one Lua script that writes the conversation's
/// state and appends its answers to a stream. In Redis Cluster a script may only touch keys of one
/// hash slot, and the slot is computed from the text between the first <c>{</c> and <c>}</c> of the
/// key. So state and stream both carry <c>{sN}</c>, where N is a stable hash of the conversation
/// modulo the number of answer streams: they always share a slot, and conversations spread over N
/// slots (and nodes). A hash of the conversation id alone would put each conversation in its own slot,
/// away from any shared stream.
/// </para>
/// <para>
/// The hash is FNV-1a 32 over UTF-8, never <see cref="string.GetHashCode()"/>, which changes per
/// process and would move every conversation on restart. The prefix may not contain braces
/// (validated), so the first <c>{...}</c> in a key is always the shard tag, whatever the ids contain.
/// </para>
/// </summary>
public sealed class RedisKeys
{
    private readonly string _prefix;

    public RedisKeys(string prefix, int shards)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _prefix = prefix;
        Shards = shards;
    }

    public RedisKeys(RedisOptions options)
        : this(options.KeyPrefix, options.AnswerStreamShards)
    {
    }

    public int Shards { get; }

    /// <summary>Shard of a conversation: FNV-1a 32 of "channelId:conversationId", modulo the shard count.</summary>
    public int ShardOf(ConversationKey key) => ShardOf(key.ChannelId + ":" + key.ConversationId);

    public int ShardOf(string text) => (int)(Fnv1a32(text) % (uint)Shards);

    /// <summary><c>{prefix}:{sN}:conv:{channelId}:{conversationId}</c></summary>
    public RedisKey Conversation(ConversationKey key) =>
        $"{_prefix}:{Tag(ShardOf(key))}:conv:{key.ChannelId}:{key.ConversationId}";

    /// <summary><c>{prefix}:{sN}:answers</c></summary>
    public RedisKey AnswerStream(int shard) => $"{_prefix}:{Tag(shard)}:answers";

    public RedisKey AnswerStream(ConversationKey key) => AnswerStream(ShardOf(key));

    /// <summary>
    /// <c>{prefix}:{sN}:bot:{storageKey}</c> for the Bot Framework's IStorage. Storage keys are
    /// arbitrary strings: they are appended as they are and never parsed.
    /// </summary>
    public RedisKey BotState(string storageKey) => $"{_prefix}:{Tag(ShardOf(storageKey))}:bot:{storageKey}";

    public IReadOnlyList<RedisKey> AllAnswerStreams() => [.. Enumerable.Range(0, Shards).Select(AnswerStream)];

    internal static uint Fnv1a32(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash;
    }

    private static string Tag(int shard) => "{s" + shard.ToString(CultureInfo.InvariantCulture) + "}";
}
