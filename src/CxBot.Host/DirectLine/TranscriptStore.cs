using System.Globalization;
using System.Security.Cryptography;
using System.Buffers.Text;
using CxBot.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Host.DirectLine;

/// <summary>
/// Direct Line conversations in Redis: a list of activities (the transcript) and a hash of facts
/// (user, invitation, whether it started). Every key of a conversation carries the hash tag
/// <c>{dl:conversationId}</c>, so the append script may touch them together in a cluster.
/// <para>
/// The watermark is the number of activities a client has: activity <c>conv|0000007</c> is the
/// eighth, and a read after watermark 7 starts with it. The id is written by the append script
/// from the list's length, inside Redis, so two processes appending at once can never give two
/// activities the same id or put them out of order.
/// </para>
/// </summary>
internal sealed class TranscriptStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
{
    /// <summary>Stands for the sequence number in an activity's id until the append script writes it.</summary>
    public const string SequencePlaceholder = "#SEQ#";

    private const string AppendScript = """
        local n = redis.call('LLEN', KEYS[1])
        local json = ARGV[1]
        local s, e = string.find(json, ARGV[2], 1, true)
        if s then json = string.sub(json, 1, s - 1) .. string.format('%07d', n) .. string.sub(json, e + 1) end
        redis.call('RPUSH', KEYS[1], json)
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        redis.call('PUBLISH', ARGV[4], ARGV[5])
        return n
        """;

    private readonly string _prefix = options.Value.KeyPrefix;
    private readonly TimeSpan _ttl = TimeSpan.FromDays(options.Value.ConversationTtlDays);

    /// <summary>The pub/sub channel that tells every host process a conversation has news.</summary>
    public RedisChannel PushChannel => RedisChannel.Literal(_prefix + ":dl:push");

    public static string NewConversationId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));

    public static string ActivityId(string conversationId, long sequence) =>
        conversationId + "|" + sequence.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>
    /// Records a new conversation for a user, with the invitation it was opened with (JSON) if any, and
    /// files it under the customer it belongs to, so that erasing the customer finds it.
    /// </summary>
    public async Task CreateAsync(string conversationId, string userId, string customerId, string? invitationJson, string? locale)
    {
        var key = Meta(conversationId);
        var db = redis.GetDatabase();
        var fields = new List<HashEntry> { new("user", userId), new("customer", customerId) };
        if (invitationJson is not null) fields.Add(new("invitation", invitationJson));
        if (!string.IsNullOrEmpty(locale)) fields.Add(new("locale", locale));
        var meta = db.CreateTransaction();
        _ = meta.HashSetAsync(key, [.. fields]);
        _ = meta.KeyExpireAsync(key, _ttl);
        await meta.ExecuteAsync();
        // Another hash slot than the conversation's keys: a second call, not part of the transaction.
        var index = db.CreateTransaction();
        _ = index.SetAddAsync(CustomerIndex(customerId), conversationId);
        _ = index.KeyExpireAsync(CustomerIndex(customerId), _ttl);
        await index.ExecuteAsync();
    }

    /// <summary>The web chat conversations opened for a customer (while their transcripts live).</summary>
    public async Task<IReadOnlyList<string>> ConversationsOfAsync(string customerId) =>
        [.. (await redis.GetDatabase().SetMembersAsync(CustomerIndex(customerId))).Select(v => v.ToString())];

    /// <summary>Deletes what web chat keeps of a customer: the transcripts, their index and their used survey links.</summary>
    public async Task<int> EraseAsync(string customerId, IEnumerable<string> conversationIds)
    {
        var db = redis.GetDatabase();
        var erased = 0;
        foreach (var conversationId in conversationIds.Distinct(StringComparer.Ordinal))
            erased += (int)await db.KeyDeleteAsync([Meta(conversationId), Log(conversationId)]);
        erased += (int)await db.KeyDeleteAsync([CustomerIndex(customerId), Invitations(customerId)]);
        return erased;
    }

    public async Task<ConversationFacts?> FindAsync(string conversationId)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(Meta(conversationId));
        if (entries.Length == 0) return null;
        var facts = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        return new ConversationFacts(facts.GetValueOrDefault("user") ?? "", facts.GetValueOrDefault("invitation"),
            facts.GetValueOrDefault("locale"), facts.ContainsKey("started"));
    }

    /// <summary>True for the one caller that starts the conversation; false when it had started already.</summary>
    public Task<bool> MarkStartedAsync(string conversationId) =>
        redis.GetDatabase().HashSetAsync(Meta(conversationId), "started", "1", When.NotExists);

    /// <summary>Appends an activity whose id holds <see cref="SequencePlaceholder"/>; returns its sequence number.</summary>
    public async Task<long> AppendAsync(string conversationId, string activityJson)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(AppendScript,
            [Log(conversationId), Meta(conversationId)],
            [activityJson, SequencePlaceholder, (long)_ttl.TotalMilliseconds, PushChannel.ToString(), StreamHub.Appended(conversationId)]);
        return (long)result;
    }

    /// <summary>The activities after <paramref name="watermark"/> and the new watermark.</summary>
    public async Task<(IReadOnlyList<string> Activities, long Watermark)> ReadAsync(string conversationId, long watermark, int max = 500)
    {
        var values = await redis.GetDatabase().ListRangeAsync(Log(conversationId), watermark, watermark + max - 1);
        return ([.. values.Select(v => v.ToString())], watermark + values.Length);
    }

    public Task<long> CountAsync(string conversationId) => redis.GetDatabase().ListLengthAsync(Log(conversationId));

    /// <summary>Replaces the activity with the given sequence number (update or delete of a sent activity).</summary>
    public async Task<bool> ReplaceAsync(string conversationId, long sequence, string activityJson)
    {
        var db = redis.GetDatabase();
        if (sequence < 0 || sequence >= await db.ListLengthAsync(Log(conversationId))) return false;
        await db.ListSetByIndexAsync(Log(conversationId), sequence, activityJson);
        return true;
    }

    /// <summary>A stream ticket is good for one socket: true the first time its id is seen.</summary>
    public Task<bool> UseTicketAsync(string conversationId, string ticketId, TimeSpan lifetime) =>
        redis.GetDatabase().StringSetAsync($"{_prefix}:{Tag(conversationId)}:ticket:{ticketId}", "1", lifetime, When.NotExists);

    /// <summary>Survey links work once per customer and survey: true for the first use, with the conversation it opened.</summary>
    public async Task<bool> ClaimInvitationAsync(string surveyId, string customerId, string conversationId, TimeSpan lifetime)
    {
        var db = redis.GetDatabase();
        if (!await db.HashSetAsync(Invitations(customerId), surveyId, conversationId, When.NotExists)) return false;
        await db.KeyExpireAsync(Invitations(customerId), lifetime);
        return true;
    }

    public Task PublishAsync(RedisValue message) => redis.GetSubscriber().PublishAsync(PushChannel, message);

    private RedisKey CustomerIndex(string customerId) => $"{_prefix}:dl:customer:{customerId}";

    /// <summary>Survey id → the conversation its link opened, per customer.</summary>
    private RedisKey Invitations(string customerId) => $"{_prefix}:dl:invited:{customerId}";

    private RedisKey Meta(string conversationId) => $"{_prefix}:{Tag(conversationId)}:meta";

    private RedisKey Log(string conversationId) => $"{_prefix}:{Tag(conversationId)}:log";

    private static string Tag(string conversationId) => "{dl:" + conversationId + "}";
}

internal sealed record ConversationFacts(string UserId, string? InvitationJson, string? Locale, bool Started);
