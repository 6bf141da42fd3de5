using System.Diagnostics;
using System.Net;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Workspace.Auth;
using CxBot.Workspace.Tests.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CxBot.Workspace.Tests.Infrastructure;
using CxBot.Workspace.Tests.Users;
using StackExchange.Redis;

namespace CxBot.Workspace.Tests.Auth;

/// <summary>The lock-out's counters in a real redis-server, shared by two workspace hosts, and the fallback when it is gone.</summary>
public sealed class SignInThrottleTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Five_failures_spread_over_two_hosts_lock_the_name_on_both()
    {
        var ct = TestContext.Current.CancellationToken;
        var shared = new Dictionary<string, string?> { ["Redis:KeyPrefix"] = RedisServer.NewPrefix() };
        await using var first = await WorkspaceApp.StartAsync(redis, postgres, ct, shared);
        await using var second = await WorkspaceApp.StartAsync(redis, postgres, ct, shared);

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await UsersTests.SignInAsync(i % 2 == 0 ? first : second, "ana", $"guess {i}", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.Response.StatusCode);
        }

        foreach (var host in new[] { first, second })
        {
            using var locked = await UsersTests.SignInAsync(host, "ANA", WorkspaceApp.Password, ct);
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.Response.StatusCode);
            Assert.Equal("900", locked.Response.Headers.GetValues("Retry-After").Single());
            using var other = await UsersTests.SignInAsync(host, "vera", WorkspaceApp.Password, ct);
            Assert.Equal(HttpStatusCode.Redirect, other.Response.StatusCode);
        }
    }

    [Fact]
    public async Task The_counters_expire_with_the_window_and_a_success_on_one_host_clears_the_name_for_both()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = RedisServer.NewPrefix();
        var shared = new Dictionary<string, string?> { ["Redis:KeyPrefix"] = prefix, ["Workspace:LockoutMinutes"] = "10" };
        await using var first = await WorkspaceApp.StartAsync(redis, postgres, ct, shared);
        await using var second = await WorkspaceApp.StartAsync(redis, postgres, ct, shared);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        RedisKey count = $"{prefix}:signin:{{n:ana}}:count", lockKey = $"{prefix}:signin:{{n:ana}}:lock";

        for (var i = 0; i < 4; i++) (await UsersTests.SignInAsync(i % 2 == 0 ? first : second, "ana", "wrong", ct)).Dispose();
        Assert.Equal(4, (long)await db.StringGetAsync(count));
        Assert.InRange((await db.KeyTimeToLiveAsync(count))!.Value, TimeSpan.FromMinutes(9.5), TimeSpan.FromMinutes(10));

        // A right password on one host clears what both counted.
        using (var right = await UsersTests.SignInAsync(first, "ana", WorkspaceApp.Password, ct)) Assert.Equal(HttpStatusCode.Redirect, right.Response.StatusCode);
        Assert.False(await db.KeyExistsAsync(count));

        for (var i = 0; i < 5; i++) (await UsersTests.SignInAsync(i % 2 == 0 ? second : first, "ana", "wrong", ct)).Dispose();
        using (var locked = await UsersTests.SignInAsync(first, "ana", WorkspaceApp.Password, ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.Response.StatusCode);
            Assert.Equal("600", locked.Response.Headers.GetValues("Retry-After").Single());
        }

        Assert.InRange((await db.KeyTimeToLiveAsync(lockKey))!.Value, TimeSpan.FromMinutes(9.5), TimeSpan.FromMinutes(10));

        // Redis ends the window by itself; shortening the key's life stands for the ten minutes passing.
        Assert.True(await db.KeyExpireAsync(lockKey, TimeSpan.FromMilliseconds(50)));
        var clock = Stopwatch.StartNew();
        while (await db.KeyExistsAsync(lockKey))
        {
            Assert.True(clock.Elapsed < Patience, "the lock key did not expire");
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }

        using var again = await UsersTests.SignInAsync(second, "ana", WorkspaceApp.Password, ct);
        Assert.Equal(HttpStatusCode.Redirect, again.Response.StatusCode);
    }

    [Fact]
    public async Task With_redis_down_sign_in_still_works_and_the_host_locks_with_its_own_counters()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var own = await RedisServer.StartNewAsync(appendOnly: false, ct);
        await using var app = await WorkspaceApp.StartAsync(own, postgres, ct);
        using (var before = await UsersTests.SignInAsync(app, "vera", WorkspaceApp.Password, ct)) Assert.Equal(HttpStatusCode.Redirect, before.Response.StatusCode);

        await own.StopAsync(ct);

        using (var right = await UsersTests.SignInAsync(app, "vera", WorkspaceApp.Password, ct)) Assert.Equal(HttpStatusCode.Redirect, right.Response.StatusCode);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await UsersTests.SignInAsync(app, "ana", $"guess {i}", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.Response.StatusCode);
        }

        using var locked = await UsersTests.SignInAsync(app, "ana", WorkspaceApp.Password, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Response.StatusCode);
        Assert.InRange(int.Parse(locked.Response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 880, 900);
    }

    [Fact]
    public async Task An_address_counted_by_two_hosts_is_locked_for_both_and_losing_redis_is_logged_once_while_local_counters_lock()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var own = await RedisServer.StartNewAsync(appendOnly: false, ct);
        var settings = new WorkspaceOptions { MaxFailedSignInsPerAddress = 4 };
        var redisOptions = Options.Create(new RedisOptions { KeyPrefix = RedisServer.NewPrefix() });
        using var logs = new LogCapture();
        var config = ConfigurationOptions.Parse(own.ConnectionString);
        config.AbortOnConnectFail = false;
        await using var firstRedis = await ConnectionMultiplexer.ConnectAsync(config);
        await using var secondRedis = await ConnectionMultiplexer.ConnectAsync(config);
        var first = new SignInThrottle(new Monitor(settings), TimeProvider.System, null, firstRedis, redisOptions);
        var second = new SignInThrottle(new Monitor(settings), TimeProvider.System, new Logger<SignInThrottle>(new LoggerFactory([logs])), secondRedis, redisOptions);

        for (var i = 0; i < 4; i++) await (i % 2 == 0 ? first : second).FailedAsync($"user{i}", "203.0.113.7", ct);

        Assert.NotNull(await first.LockedForAsync("someone", "203.0.113.7", ct));
        Assert.NotNull(await second.LockedForAsync("someone", "203.0.113.7", ct));
        Assert.Null(await second.LockedForAsync("someone", "198.51.100.1", ct));

        await own.StopAsync(ct);
        for (var i = 0; i < 4; i++) await second.FailedAsync("dana", null, ct);
        Assert.Null(await second.LockedForAsync("dana", null, ct));
        await second.FailedAsync("dana", null, ct);
        Assert.NotNull(await second.LockedForAsync("dana", null, ct));
        Assert.Single(logs.Lines, l => l.Contains("[7155]", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("[7156]", StringComparison.Ordinal));
    }

    private sealed class Monitor(WorkspaceOptions value) : IOptionsMonitor<WorkspaceOptions>
    {
        public WorkspaceOptions CurrentValue => value;

        public WorkspaceOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WorkspaceOptions, string?> listener) => null;
    }
}
