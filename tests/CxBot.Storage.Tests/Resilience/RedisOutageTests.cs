using System.Diagnostics;
using CxBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace CxBot.Storage.Tests.Resilience;

/// <summary>Each test runs its own redis-server, because it kills or stops it.</summary>
public sealed class RedisOutageTests
{
    private static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task State_and_answers_survive_a_kill_and_restart_with_append_only_on()
    {
        await using var server = await RedisServer.StartNewAsync(appendOnly: true, Ct);
        using var host = StorageHost(server);
        var store = host.Services.GetRequiredService<IConversationStore>();
        var answers = host.Services.GetRequiredService<IAnswerStream>();
        var conversation = new ConversationKey("telegram", "chat-991");
        await store.CommitAsync(conversation, new TurnCommit([1], null, "m1", [TestAnswers.For(conversation, "nps", "8")]), Ct);
        var loaded = await store.LoadAsync(conversation, null, Ct);
        await store.CommitAsync(conversation, new TurnCommit([1, 2], loaded.Version, "m2", [TestAnswers.For(conversation, "reason", "quick")]), Ct);
        var before = await store.LoadAsync(conversation, null, Ct);

        var restored = RedisSignals.NextRestoreAsync(host.Services.GetRequiredService<IConnectionMultiplexer>(), ReconnectTimeout, Ct);
        await server.RestartAsync(Ct);
        await restored;

        var after = await store.LoadAsync(conversation, "m2", Ct);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal([1, 2], after.State);
        Assert.True(after.ActivitySeen);
        Assert.Equal(["nps", "reason"], (await answers.ReadAllAsync(Ct)).Select(a => a.QuestionId));

        // The script cache went with the process; the next commit must still go through.
        var outcome = await store.CommitAsync(conversation, new TurnCommit([1, 2, 3], after.Version, "m3", [TestAnswers.For(conversation, "csat", "5")]), Ct);
        Assert.Equal(CommitOutcome.Saved, outcome);
        Assert.Equal(3, await answers.CountAsync(Ct));
    }

    [Fact]
    public async Task With_Redis_stopped_a_turn_fails_fast_and_succeeds_once_it_is_back()
    {
        await using var server = await RedisServer.StartNewAsync(appendOnly: true, Ct);
        using var host = StorageHost(server);
        var store = host.Services.GetRequiredService<IConversationStore>();
        var conversation = new ConversationKey("sms", "+40700000001");
        await store.CommitAsync(conversation, new TurnCommit([1], null, "s1", []), Ct);
        var restored = RedisSignals.NextRestoreAsync(host.Services.GetRequiredService<IConnectionMultiplexer>(), ReconnectTimeout, Ct);

        await server.StopAsync(Ct);
        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => store.LoadAsync(conversation, null, Ct));
        var failedAfter = clock.Elapsed;
        var commitFailure = await Assert.ThrowsAnyAsync<Exception>(() => store.CommitAsync(conversation, new TurnCommit([2], null, "s2", []), Ct));

        await server.StartAsync(Ct);
        await restored;
        var snapshot = await store.LoadAsync(conversation, null, Ct);
        var outcome = await store.CommitAsync(conversation, new TurnCommit([2], snapshot.Version, "s2", []), Ct);

        Assert.InRange(failedAfter, TimeSpan.Zero, TimeSpan.FromSeconds(8));
        Assert.True(failure is RedisConnectionException or RedisTimeoutException, failure.ToString());
        Assert.True(RedisOutage.Is(commitFailure), commitFailure.ToString());
        Assert.Equal([1], snapshot.State);
        Assert.Equal(CommitOutcome.Saved, outcome);
        TestContext.Current.TestOutputHelper?.WriteLine($"failed after {failedAfter.TotalMilliseconds:F0} ms with {failure.GetType().Name}");
    }

    [Fact]
    public async Task The_bot_state_storage_fails_fast_while_Redis_is_stopped()
    {
        await using var server = await RedisServer.StartNewAsync(appendOnly: false, Ct);
        using var host = StorageHost(server);
        var storage = host.Services.GetRequiredService<RedisStorage>();
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["v"] = 1 } }, Ct);
        var restored = RedisSignals.NextRestoreAsync(host.Services.GetRequiredService<IConnectionMultiplexer>(), ReconnectTimeout, Ct);

        await server.StopAsync(Ct);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["v"] = 2 } }, Ct));
        Assert.True(RedisOutage.Is(failure), failure.ToString());

        await server.StartAsync(Ct);
        await restored;
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["v"] = 3 } }, Ct);
        Assert.Single(await storage.ReadAsync(["k"], Ct));
    }

    private static IHost StorageHost(RedisServer server)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = server.ConnectionString,
            ["Redis:KeyPrefix"] = RedisServer.NewPrefix(),
        });
        builder.AddCxBotStorage();
        return builder.Build();
    }
}
