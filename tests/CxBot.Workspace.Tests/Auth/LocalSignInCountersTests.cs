using CxBot.Workspace.Auth;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Tests.Auth;

public sealed class LocalSignInCountersTests
{
    [Fact]
    public void Five_failures_lock_a_name_for_fifteen_minutes_and_then_it_is_free_again()
    {
        var clock = new ManualClock();
        var throttle = new LocalSignInCounters(new Monitor(new WorkspaceOptions()), clock);
        for (var i = 0; i < 4; i++)
        {
            throttle.Failed("Dana", "10.0.0.1");
            Assert.Null(throttle.LockedFor("dana", "10.0.0.9"));
        }

        throttle.Failed("dana ", "10.0.0.2");
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.LockedFor("DANA", "10.0.0.9"));
        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(TimeSpan.FromMinutes(1), throttle.LockedFor("dana", null));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(throttle.LockedFor("dana", null));

        // The window starts afresh: one more failure does not lock again.
        throttle.Failed("dana", null);
        Assert.Null(throttle.LockedFor("dana", null));
    }

    [Fact]
    public void An_address_spraying_many_names_is_locked_at_its_own_limit()
    {
        var clock = new ManualClock();
        var throttle = new LocalSignInCounters(new Monitor(new WorkspaceOptions { MaxFailedSignInsPerAddress = 20 }), clock);
        for (var i = 0; i < 19; i++)
        {
            throttle.Failed($"user{i}", "203.0.113.7");
        }

        Assert.Null(throttle.LockedFor("someone", "203.0.113.7"));
        throttle.Failed("user19", "203.0.113.7");
        Assert.NotNull(throttle.LockedFor("someone", "203.0.113.7"));
        Assert.Null(throttle.LockedFor("someone", "198.51.100.1"));
    }

    [Fact]
    public void Failures_older_than_the_window_do_not_add_up_and_a_success_clears_the_name()
    {
        var clock = new ManualClock();
        var throttle = new LocalSignInCounters(new Monitor(new WorkspaceOptions()), clock);
        for (var i = 0; i < 4; i++) throttle.Failed("dana", null);
        clock.Advance(TimeSpan.FromMinutes(16));
        throttle.Failed("dana", null);
        Assert.Null(throttle.LockedFor("dana", null));

        for (var i = 0; i < 3; i++) throttle.Failed("dana", null);
        throttle.Succeeded("dana");
        throttle.Failed("dana", null);
        Assert.Null(throttle.LockedFor("dana", null));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class Monitor(WorkspaceOptions value) : IOptionsMonitor<WorkspaceOptions>
    {
        public WorkspaceOptions CurrentValue => value;

        public WorkspaceOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WorkspaceOptions, string?> listener) => null;
    }
}
