using System.Text.Json;
using CxBot.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Host.Invitations;

/// <summary>
/// Invitations in Redis: one JSON value per invitation and a sorted set of due ones scored by send
/// time (ms). Every key carries the <c>{inv}</c> hash tag so the scripts below may touch several.
/// </summary>
internal sealed class InvitationStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<InvitationsOptions> options, ContactBook book)
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

    // The lease's end is also its token: a host that took an entry after the lease ended wrote a
    // later score, so the first host's renewal no longer matches and it learns the entry is gone.
    private const string Renew = """
        local renewed = {}
        for i = 3, #ARGV do
          local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
          if score and tonumber(score) == tonumber(ARGV[1]) then
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[i])
            renewed[#renewed + 1] = ARGV[i]
          end
        end
        return renewed
        """;

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.LeaseSeconds);

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

    /// <summary>Leases up to <paramref name="count"/> invitations due at <paramref name="now"/>.</summary>
    public async Task<LeasedBatch> TakeDueAsync(DateTimeOffset now, int count, CancellationToken cancellationToken)
    {
        var leased = (now + Lease).ToUnixTimeMilliseconds();
        var result = await Db.ScriptEvaluateAsync(Take, new { queue = Queue, now = now.ToUnixTimeMilliseconds(), leased, count }).WaitAsync(cancellationToken);
        return new LeasedBatch([.. ((RedisResult[])result!).Select(r => (string)r!)], leased);
    }

    /// <summary>
    /// Extends the lease of the entries of <paramref name="batch"/> still being worked on to
    /// <paramref name="now"/> + the lease; those another host took meanwhile are marked lost.
    /// </summary>
    public async Task RenewAsync(LeasedBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (token, pending) = batch.Pending();
        if (pending.Count == 0) return;
        var until = (now + Lease).ToUnixTimeMilliseconds();
        var result = await Db.ScriptEvaluateAsync(Renew, [Queue], [token, until, .. pending.Select(id => (RedisValue)id)]).WaitAsync(cancellationToken);
        batch.Renewed([.. ((RedisResult[])result!).Select(r => (string)r!)], pending, until);
    }

    /// <summary>How many entries wait in the queue, due or not, leased or not.</summary>
    public Task<long> QueuedAsync(CancellationToken cancellationToken) =>
        Db.SortedSetLengthAsync(Queue).WaitAsync(cancellationToken);

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

/// <summary>
/// Invitations one host took from the queue and is working through. <see cref="Token"/> is the end of
/// the lease as written in the queue; an entry still pending when its lease could not be renewed was
/// taken by another host and must not be sent from here.
/// </summary>
internal sealed class LeasedBatch(IReadOnlyList<string> ids, long token)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _pending = [.. ids];
    private readonly HashSet<string> _lost = [];
    private long _token = token;

    public IReadOnlyList<string> Ids => ids;

    public long Token
    {
        get { lock (_gate) return _token; }
    }

    public bool Holds(string id)
    {
        lock (_gate) return !_lost.Contains(id);
    }

    public int LostCount
    {
        get { lock (_gate) return _lost.Count; }
    }

    public void Finish(string id)
    {
        lock (_gate) _pending.Remove(id);
    }

    internal (long Token, IReadOnlyList<string> Ids) Pending()
    {
        lock (_gate) return (_token, [.. _pending.Except(_lost)]);
    }

    internal void Renewed(IReadOnlyCollection<string> renewed, IReadOnlyList<string> asked, long token)
    {
        lock (_gate)
        {
            _token = token;
            var kept = renewed.ToHashSet(StringComparer.Ordinal);
            // Finished meanwhile: requeued or removed by this host, not lost.
            foreach (var id in asked) if (!kept.Contains(id) && _pending.Contains(id)) _lost.Add(id);
        }
    }
}
