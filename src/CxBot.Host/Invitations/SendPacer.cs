using CxBot.Storage;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Host.Invitations;

/// <summary>
/// What one proactive send is counted against: the channel (or, for a channel counted per tenant, the
/// tenant) and, when the channel limits it, the conversation.
/// </summary>
internal sealed record PaceScope(string Name, string? Conversation, ChannelPace Pace);

/// <summary>
/// Paces proactive sends across every host sharing Redis with GCRA (the generic cell rate algorithm):
/// one value per limit, the theoretical time of the next send, and one script that reserves the next
/// free slot against the scope's limit and the conversation's in one step. A host waits for the slot
/// it was given rather than asking again, so waiting costs no Redis traffic and no send is dropped.
/// Time comes from Redis, so hosts with skewed clocks still agree. When Redis cannot be reached the
/// same algorithm runs in this process (each host then keeps the pace on its own) and that is logged.
/// </summary>
internal sealed class SendPacer(
    IConnectionMultiplexer redis,
    IOptions<RedisOptions> redisOptions,
    IOptions<InvitationsOptions> options,
    TimeProvider clock,
    ILogger<SendPacer> logger)
{
    // Microseconds: 400 sends/s is an interval of 2,500 µs, which milliseconds would round badly.
    // '%.0f' because Lua's tostring would write 1.7e+15 and lose the digits that matter.
    // Microseconds: 400 sends/s is an interval of 2,500 µs, which milliseconds would round badly.
    // '%.0f' because Lua's tostring would write 1.7e+15 and lose the digits that matter.
    // A conversation still within its own pace reserves nothing and is told when to come back: a
    // reservation in the scope for later would hold every other conversation of the scope until then.
    private static readonly LuaScript Reserve = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local conversationInterval = tonumber(@conversationInterval)
        if conversationInterval > 0 then
          local next = tonumber(redis.call('GET', @conversation)) or now
          if next > now then return now - next end
        end
        local interval = tonumber(@scopeInterval)
        local tat = tonumber(redis.call('GET', @scope)) or now
        local slot = math.max(now, tat - (tonumber(@scopeBurst) - 1) * interval)
        tat = math.max(tat, slot) + interval
        redis.call('SET', @scope, string.format('%.0f', tat), 'PX', math.floor((tat - now) / 1000) + 1000)
        if conversationInterval > 0 then
          local next = slot + conversationInterval
          redis.call('SET', @conversation, string.format('%.0f', next), 'PX', math.floor((next - now) / 1000) + 1000)
        end
        return slot - now
        """);

    // The channel said "not before then": no host sends on the scope until then, whatever the pace allows.
    private static readonly LuaScript Hold = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local tat = now + tonumber(@pause) + (tonumber(@burst) - 1) * tonumber(@interval)
        local current = tonumber(redis.call('GET', @scope)) or 0
        if tat > current then
          redis.call('SET', @scope, string.format('%.0f', tat), 'PX', math.floor((tat - now) / 1000) + 1000)
        end
        return 0
        """);

    private static readonly TimeSpan MaxLateness = TimeSpan.FromMilliseconds(20);

    private readonly Dictionary<string, long> _local = new(StringComparer.Ordinal);
    private int _onLocalPace;

    private string Prefix => redisOptions.Value.KeyPrefix;

    /// <summary>The scope of a send into <paramref name="reference"/>'s conversation.</summary>
    public PaceScope ScopeOf(ConversationReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var channel = reference.ChannelId ?? "";
        var pace = options.Value.PaceOf(channel);
        var name = pace.PerTenant ? $"{channel}:{reference.Conversation?.TenantId}" : channel;
        var conversation = pace.ConversationSendsPerSecond > 0 ? reference.Conversation?.Id : null;
        return new PaceScope(name, conversation, pace);
    }

    /// <summary>Waits until this host may send once more in <paramref name="scope"/>; returns when the slot was due (a <see cref="TimeProvider"/> timestamp).</summary>
    public async Task<long> WaitForSlotAsync(PaceScope scope, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (wait, reserved) = await ReserveAsync(scope, cancellationToken);
            var due = clock.GetTimestamp() + (long)(wait.TotalSeconds * clock.TimestampFrequency);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);
            if (reserved) return due;
        }
    }

    /// <summary>
    /// Whether a slot due at <paramref name="due"/> may still be used. A send that leaves well after its
    /// slot (a busy process, a slow turn) would meet the sends of the next slots at the channel: it
    /// takes a fresh slot instead and the stale one goes unused.
    /// </summary>
    public bool StillDue(long due) => clock.GetElapsedTime(due) <= MaxLateness;

    /// <summary>
    /// Reserves the next free slot in <paramref name="scope"/> and says how long until it; or, when the
    /// conversation is still within its own pace, reserves nothing and says when to ask again.
    /// </summary>
    internal async Task<(TimeSpan Wait, bool Reserved)> ReserveAsync(PaceScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        long microseconds;
        try
        {
            var result = await redis.GetDatabase().ScriptEvaluateAsync(Reserve, new
            {
                scope = ScopeKey(scope),
                conversation = ConversationKey(scope),
                scopeInterval = Interval(scope.Pace.SendsPerSecond),
                scopeBurst = scope.Pace.Burst,
                conversationInterval = scope.Conversation is null ? 0 : Interval(scope.Pace.ConversationSendsPerSecond),
            }).WaitAsync(cancellationToken);
            microseconds = (long)result;
            if (Interlocked.Exchange(ref _onLocalPace, 0) == 1) logger.SharedPaceRestored();
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            if (Interlocked.Exchange(ref _onLocalPace, 1) == 0) logger.SharedPaceUnavailable(e);
            microseconds = ReserveLocally(scope);
        }
        return (TimeSpan.FromMicroseconds(Math.Abs(microseconds)), microseconds >= 0);
    }

    /// <summary>The channel answered 429: every host holds its sends in <paramref name="scope"/> for <paramref name="pause"/>.</summary>
    public async Task HoldAsync(PaceScope scope, TimeSpan pause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        logger.ChannelThrottled(scope.Name, pause);
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(Hold, new
            {
                scope = ScopeKey(scope),
                pause = (long)pause.TotalMicroseconds,
                burst = scope.Pace.Burst,
                interval = Interval(scope.Pace.SendsPerSecond),
            }).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            if (Interlocked.Exchange(ref _onLocalPace, 1) == 0) logger.SharedPaceUnavailable(e);
            var until = NowMicroseconds() + (long)pause.TotalMicroseconds + (scope.Pace.Burst - 1) * Interval(scope.Pace.SendsPerSecond);
            lock (_local) _local[scope.Name] = Math.Max(_local.GetValueOrDefault(scope.Name), until);
        }
    }

    private RedisKey ScopeKey(PaceScope scope) => $"{Prefix}:{{pace:{scope.Name}}}:rate";

    // The same hash tag as the scope, so the one script may touch both in a cluster.
    private RedisKey ConversationKey(PaceScope scope) => $"{Prefix}:{{pace:{scope.Name}}}:c:{scope.Conversation}";

    private static long Interval(double perSecond) => (long)Math.Ceiling(1_000_000 / perSecond);

    private long NowMicroseconds() => (long)clock.GetElapsedTime(0).TotalMicroseconds;

    /// <summary>The script's algorithm on this process's own clock.</summary>
    private long ReserveLocally(PaceScope scope)
    {
        var now = NowMicroseconds();
        var conversation = scope.Conversation is null ? null : scope.Name + "\n" + scope.Conversation;
        lock (_local)
        {
            // Only while Redis is away, but conversations come and go: forget the ones already past.
            if (_local.Count > 10_000)
                foreach (var (key, _) in _local.Where(e => e.Value < now).ToList()) _local.Remove(key);
            if (conversation is not null && _local.GetValueOrDefault(conversation, now) is var next && next > now) return now - next;
            var interval = Interval(scope.Pace.SendsPerSecond);
            var tat = _local.GetValueOrDefault(scope.Name, now);
            var slot = Math.Max(now, tat - (scope.Pace.Burst - 1) * interval);
            _local[scope.Name] = Math.Max(tat, slot) + interval;
            if (conversation is not null) _local[conversation] = slot + Interval(scope.Pace.ConversationSendsPerSecond);
            return slot - now;
        }
    }
}
