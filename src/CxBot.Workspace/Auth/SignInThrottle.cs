using System.Collections.Concurrent;
using CxBot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Workspace.Auth;

/// <summary>
/// Locks a name after <see cref="WorkspaceOptions.MaxFailedSignInsPerName"/> failed sign-ins, and an address after
/// <see cref="WorkspaceOptions.MaxFailedSignInsPerAddress"/>, for <see cref="WorkspaceOptions.LockoutMinutes"/>.
/// Failures are counted in a window that starts at the first one. The counters live in Redis (under
/// <c>Redis:KeyPrefix</c>, expiring with the window), so every host sees the same ones and a restart forgets none.
/// When Redis does not answer within <see cref="RedisBudget"/>, this host's own counters decide, so people can
/// still sign in; they only hold the failures seen while Redis was away.
/// </summary>
internal sealed class SignInThrottle(
    IOptionsMonitor<WorkspaceOptions> options,
    TimeProvider time,
    ILogger<SignInThrottle>? logger = null,
    IConnectionMultiplexer? redis = null,
    IOptions<RedisOptions>? redisOptions = null)
{
    // A sign-in waits at most this long for Redis before the local counters answer.
    private static readonly TimeSpan RedisBudget = TimeSpan.FromSeconds(1);

    // After Redis failed, sign-ins go straight to the local counters this long, so an outage does not cost every
    // sign-in the whole budget.
    private static readonly TimeSpan RedisPause = TimeSpan.FromSeconds(5);

    // One call per failure: count it, start the window's clock on the first, and on reaching the limit turn the
    // count into a lock (the next window starts afresh once the lock runs out, as with the local counters).
    private static readonly LuaScript CountScript = LuaScript.Prepare("""
        local n = redis.call('INCR', @count)
        if n == 1 then redis.call('PEXPIRE', @count, @window) end
        if n >= tonumber(@limit) then
          redis.call('SET', @lock, '1', 'PX', @window)
          redis.call('DEL', @count)
        end
        return n
        """);

    private readonly LocalSignInCounters _local = new(options, time);
    private readonly ILogger _logger = logger ?? NullLogger<SignInThrottle>.Instance;
    private readonly string _prefix = (redisOptions?.Value.KeyPrefix ?? "cx") + ":signin:";
    private int _usingLocal;
    private long _redisPausedUntil;

    /// <summary>How long the name or the address stays locked; null when neither is.</summary>
    public async Task<TimeSpan?> LockedForAsync(string name, string? address, CancellationToken cancellationToken)
    {
        if (Shared() is { } db)
        {
            try
            {
                var byName = db.KeyTimeToLiveAsync(LockKey(NameId(name)));
                var byAddress = address is null ? Task.FromResult<TimeSpan?>(null) : db.KeyTimeToLiveAsync(LockKey(AddressId(address)));
                await Task.WhenAll(byName, byAddress).WaitAsync(RedisBudget, cancellationToken);
                Reached();
                return Longer(await byName, await byAddress);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Unreachable(e);
            }
        }

        return _local.LockedFor(name, address);
    }

    public async Task FailedAsync(string name, string? address, CancellationToken cancellationToken)
    {
        if (Shared() is { } db)
        {
            try
            {
                var settings = options.CurrentValue;
                var window = (long)TimeSpan.FromMinutes(settings.LockoutMinutes).TotalMilliseconds;
                var byName = CountAsync(db, NameId(name), settings.MaxFailedSignInsPerName, window);
                var byAddress = address is null ? Task.CompletedTask : CountAsync(db, AddressId(address), settings.MaxFailedSignInsPerAddress, window);
                await Task.WhenAll(byName, byAddress).WaitAsync(RedisBudget, cancellationToken);
                Reached();
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Unreachable(e);
            }
        }

        _local.Failed(name, address);
    }

    /// <summary>A correct password clears the name's failures; the address keeps its count, so one known account cannot launder a spray.</summary>
    public async Task SucceededAsync(string name, CancellationToken cancellationToken)
    {
        _local.Succeeded(name);
        if (Shared() is { } db)
        {
            try
            {
                await db.KeyDeleteAsync(CountKey(NameId(name))).WaitAsync(RedisBudget, cancellationToken);
                Reached();
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Unreachable(e);
            }
        }
    }

    // The name or address sits in a hash tag so its count and lock share a cluster slot, as the script needs.
    internal RedisKey CountKey(string id) => _prefix + "{" + id + "}:count";

    internal RedisKey LockKey(string id) => _prefix + "{" + id + "}:lock";

    internal static string NameId(string name) => "n:" + name.Trim().ToLowerInvariant();

    internal static string AddressId(string address) => "a:" + address;

    private Task CountAsync(IDatabase db, string id, int limit, long windowMs) =>
        db.ScriptEvaluateAsync(CountScript, new { count = CountKey(id), @lock = LockKey(id), window = windowMs, limit });

    private static TimeSpan? Longer(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private IDatabase? Shared() => redis is not null && time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _redisPausedUntil) ? redis.GetDatabase() : null;

    // Logged when the source changes, not per sign-in: a password spray during an outage must not flood the log.
    private void Unreachable(Exception e)
    {
        Interlocked.Exchange(ref _redisPausedUntil, (time.GetUtcNow() + RedisPause).UtcTicks);
        if (Interlocked.Exchange(ref _usingLocal, 1) == 0)
        {
            _logger.SignInCountersLocal(e);
        }
    }

    private void Reached()
    {
        if (Interlocked.Exchange(ref _usingLocal, 0) == 1)
        {
            _logger.SignInCountersShared();
        }
    }
}

/// <summary>
/// This host's own failure counters: what decides while Redis is unreachable. A host restart forgets them.
/// </summary>
internal sealed class LocalSignInCounters(IOptionsMonitor<WorkspaceOptions> options, TimeProvider time)
{
    // Beyond this many tracked names and addresses, expired windows are dropped so a spray of names cannot grow memory.
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>How long the name or the address stays locked; null when neither is.</summary>
    public TimeSpan? LockedFor(string name, string? address)
    {
        var now = time.GetUtcNow();
        var byName = Remaining(NameKey(name), now);
        var byAddress = address is null ? null : Remaining(AddressKey(address), now);
        return byName is null ? byAddress : byAddress is null ? byName : byName > byAddress ? byName : byAddress;
    }

    public void Failed(string name, string? address)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        Count(NameKey(name), settings.MaxFailedSignInsPerName, now, settings);
        if (address is not null)
        {
            Count(AddressKey(address), settings.MaxFailedSignInsPerAddress, now, settings);
        }

        if (_windows.Count > PruneAbove)
        {
            foreach (var (key, window) in _windows)
            {
                lock (window)
                {
                    if (window.Expired(now, settings)) _windows.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>A correct password clears the name's failures; the address keeps its count, so one known account cannot launder a spray.</summary>
    public void Succeeded(string name) => _windows.TryRemove(NameKey(name), out _);

    private static string NameKey(string name) => SignInThrottle.NameId(name);

    private static string AddressKey(string address) => SignInThrottle.AddressId(address);

    private TimeSpan? Remaining(string key, DateTimeOffset now)
    {
        if (!_windows.TryGetValue(key, out var window)) return null;
        lock (window)
        {
            return window.LockedUntil is { } until && until > now ? until - now : null;
        }
    }

    private void Count(string key, int limit, DateTimeOffset now, WorkspaceOptions settings)
    {
        var window = _windows.GetOrAdd(key, _ => new Window { First = now });
        lock (window)
        {
            if (window.Expired(now, settings))
            {
                (window.First, window.Failures, window.LockedUntil) = (now, 0, null);
            }

            if (++window.Failures >= limit)
            {
                window.LockedUntil = now.AddMinutes(settings.LockoutMinutes);
            }
        }
    }

    private sealed class Window
    {
        public DateTimeOffset First { get; set; }

        public int Failures { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }

        public bool Expired(DateTimeOffset now, WorkspaceOptions settings) =>
            (LockedUntil is not { } until || until <= now) && now - First >= TimeSpan.FromMinutes(settings.LockoutMinutes);
    }
}
