using System.Text.Json;
using CxBot.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Host.Invitations;

/// <summary>
/// Invitations in Redis: one JSON value per invitation and a sorted set of due ones scored by send
/// time (ms). Every key carries the <c>{inv}</c> hash tag so the scripts below may touch several.
/// </summary>
internal sealed class InvitationStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, ContactBook book)
{
    // SET NX makes the client's id the idempotency key: a retried POST finds the first invitation.
    private static readonly LuaScript Create = LuaScript.Prepare("""
        if redis.call('SET', @invitation, @json, 'NX', 'PX', @ttl) then
          if @due ~= '' then redis.call('ZADD', @queue, @due, @id) end
          return false
        end
        return redis.call('GET', @invitation)
        """);

    // Taking in one script is what makes each due invitation go to exactly one host. Taken ones are
    // not removed but leased (pushed to now + lease): if the host dies before it is done, another
    // host takes them again once the lease ends, so a restart loses nothing.
    private static readonly LuaScript Take = LuaScript.Prepare("""
        local ids = redis.call('ZRANGEBYSCORE', @queue, '-inf', @now, 'LIMIT', 0, @count)
        for _, id in ipairs(ids) do redis.call('ZADD', @queue, @leased, id) end
        return ids
        """);

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private IDatabase Db => redis.GetDatabase();

    private string Prefix => redisOptions.Value.KeyPrefix;

    private RedisKey Queue => $"{Prefix}:{{inv}}:due";

    private RedisKey Key(string id) => $"{Prefix}:{{inv}}:i:{id}";

    /// <summary>Stores a new invitation (and queues it when it waits for its send time); returns the one already stored under that id, if any.</summary>
    public async Task<Invitation?> AddAsync(Invitation invitation, bool queue, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(invitation, InvitationsJson.Default.Invitation);
        var ttl = (long)Math.Max(60_000, (invitation.ExpiresAt - invitation.CreatedAt + TimeSpan.FromDays(7)).TotalMilliseconds);
        var existing = await Db.ScriptEvaluateAsync(Create, new
        {
            invitation = Key(invitation.Id),
            queue = Queue,
            json,
            ttl,
            id = invitation.Id,
            due = queue ? (RedisValue)invitation.SendAt.ToUnixTimeMilliseconds() : (RedisValue)"",
        }).WaitAsync(cancellationToken);
        if (!existing.IsNull) return JsonSerializer.Deserialize((string)existing!, InvitationsJson.Default.Invitation);
        await Db.SetAddAsync(book.InvitationsKey(invitation.CustomerId), invitation.Id).WaitAsync(cancellationToken);
        return null;
    }

    public async Task<Invitation?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var json = await Db.StringGetAsync(Key(id)).WaitAsync(cancellationToken);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize(json.ToString(), InvitationsJson.Default.Invitation);
    }

    /// <summary>Records what happened to an invitation, keeping its expiry.</summary>
    public Task UpdateAsync(Invitation invitation, CancellationToken cancellationToken) =>
        Db.StringSetAsync(Key(invitation.Id), JsonSerializer.Serialize(invitation, InvitationsJson.Default.Invitation), null, keepTtl: true).WaitAsync(cancellationToken);

    public Task RequeueAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        Db.SortedSetAddAsync(Queue, id, at.ToUnixTimeMilliseconds()).WaitAsync(cancellationToken);

    /// <summary>Leases up to <paramref name="count"/> invitations due at <paramref name="now"/> and returns their ids.</summary>
    public async Task<IReadOnlyList<string>> TakeDueAsync(DateTimeOffset now, int count, CancellationToken cancellationToken)
    {
        var result = await Db.ScriptEvaluateAsync(Take, new { queue = Queue, now = now.ToUnixTimeMilliseconds(), leased = (now + Lease).ToUnixTimeMilliseconds(), count }).WaitAsync(cancellationToken);
        return [.. ((RedisResult[])result!).Select(r => (string)r!)];
    }

    /// <summary>The invitation needs no further send: off the queue.</summary>
    public Task DoneAsync(string id, CancellationToken cancellationToken) =>
        Db.SortedSetRemoveAsync(Queue, id).WaitAsync(cancellationToken);

    /// <summary>The queue entry of an invitation's reminder: '#' never occurs in an invitation id.</summary>
    public static string ReminderId(string invitationId) => invitationId + "#reminder";

    public async Task<int> EraseCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        var ids = await Db.SetMembersAsync(book.InvitationsKey(customerId)).WaitAsync(cancellationToken);
        if (ids.Length == 0) return 0;
        await Db.SortedSetRemoveAsync(Queue, [.. ids, .. ids.Select(i => (RedisValue)ReminderId(i.ToString()))]).WaitAsync(cancellationToken);
        return (int)await Db.KeyDeleteAsync([.. ids.Select(i => Key(i.ToString()))]).WaitAsync(cancellationToken);
    }
}
