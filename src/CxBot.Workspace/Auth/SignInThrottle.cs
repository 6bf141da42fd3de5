using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Auth;

/// <summary>
/// Locks a name after <see cref="WorkspaceOptions.MaxFailedSignInsPerName"/> failed sign-ins, and an address after
/// <see cref="WorkspaceOptions.MaxFailedSignInsPerAddress"/>, for <see cref="WorkspaceOptions.LockoutMinutes"/>.
/// Failures are counted in a window that starts at the first one. Kept in this process: a host restart forgets
/// them, and each host of several counts its own.
/// </summary>
internal sealed class SignInThrottle(IOptionsMonitor<WorkspaceOptions> options, TimeProvider time)
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

    private static string NameKey(string name) => "n:" + name.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "a:" + address;

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
