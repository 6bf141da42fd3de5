using CxBot.Host.Invitations;
using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Host.Tests.Invitations;

/// <summary>The shared pace against a real redis-server: two pacers with connections of their own play two hosts.</summary>
public sealed class SendPacerTests(RedisServer redis) : IAsyncLifetime
{
    private readonly string _prefix = RedisServer.NewPrefix();
    private ConnectionMultiplexer _first = null!;
    private ConnectionMultiplexer _second = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _first = redis.Connect();
        _second = redis.Connect();
        return ValueTask.CompletedTask;
    }

    private SendPacer Pacer(IConnectionMultiplexer connection, Action<InvitationsOptions>? configure = null)
    {
        var options = new InvitationsOptions();
        options.Pacing["msteams"] = new ChannelPace { SendsPerSecond = 20, PerTenant = true, ConversationSendsPerSecond = 7 };
        options.Pacing["telegram"] = new ChannelPace { SendsPerSecond = 100 };
        configure?.Invoke(options);
        return new SendPacer(connection, Options.Create(new RedisOptions { KeyPrefix = _prefix }), Options.Create(options),
            TimeProvider.System, NullLogger<SendPacer>.Instance);
    }

    /// <summary>
    /// Reserves <paramref name="count"/> slots at once (pipelined, so Redis runs the scripts back to
    /// back) and returns the waits, shortest first: they show the spacing whatever the machine's load.
    /// </summary>
    private static async Task<IReadOnlyList<TimeSpan>> WaitsAsync(int count, Func<int, (SendPacer Pacer, PaceScope Scope)> send)
    {
        var waits = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var (pacer, scope) = send(i);
            var (wait, reserved) = await pacer.ReserveAsync(scope, Ct);
            Assert.True(reserved);
            return wait;
        }));
        return [.. waits.Order()];
    }

    /// <summary>Slot i is i intervals after the first: never later, and earlier only by the time the reservations themselves took.</summary>
    private static void AssertSpaced(IReadOnlyList<TimeSpan> waits, double intervalMs)
    {
        for (var i = 0; i < waits.Count; i++)
            Assert.InRange(waits[i].TotalMilliseconds, i * intervalMs - 15, i * intervalMs + 0.01);
    }

    /// <summary>Loads the script and warms both connections, so the first measured call is not the slow one.</summary>
    private static async Task WarmAsync(params SendPacer[] pacers)
    {
        foreach (var pacer in pacers)
            await pacer.ReserveAsync(pacer.ScopeOf(new ConversationReference { ChannelId = "warm-up", Conversation = new ConversationAccount(id: Guid.NewGuid().ToString("N")) }), Ct);
    }

    private static ConversationReference Teams(string tenant, string conversation) => new()
    {
        ChannelId = "msteams",
        Conversation = new ConversationAccount(id: conversation, tenantId: tenant),
    };

    [Fact]
    public async Task Sends_in_one_scope_are_given_evenly_spaced_slots()
    {
        var pacer = Pacer(_first, o => o.Pacing["telegram"].SendsPerSecond = 20);
        var scope = pacer.ScopeOf(new ConversationReference { ChannelId = "telegram", Conversation = new ConversationAccount(id: "chat-1") });
        await WarmAsync(pacer);

        AssertSpaced(await WaitsAsync(10, _ => (pacer, scope)), 50);
    }

    [Fact]
    public async Task Two_hosts_take_their_slots_from_one_shared_pace()
    {
        var first = Pacer(_first);
        var second = Pacer(_second);
        await WarmAsync(first, second);

        // Each send into its own conversation, so the tenant's 20 a second is what binds.
        var waits = await WaitsAsync(10, i => i % 2 == 0
            ? (first, first.ScopeOf(Teams("tenant-shared", $"conv-{i}")))
            : (second, second.ScopeOf(Teams("tenant-shared", $"conv-{i}"))));

        AssertSpaced(waits, 50);
    }

    [Fact]
    public async Task A_busy_Teams_tenant_does_not_hold_another_tenant()
    {
        var pacer = Pacer(_first);
        for (var i = 0; i < 40; i++) await pacer.ReserveAsync(pacer.ScopeOf(Teams("tenant-busy", $"conv-{i}")), Ct);

        var (busy, _) = await pacer.ReserveAsync(pacer.ScopeOf(Teams("tenant-busy", "conv-next")), Ct);
        var (other, _) = await pacer.ReserveAsync(pacer.ScopeOf(Teams("tenant-quiet", "conv-1")), Ct);

        Assert.True(busy > TimeSpan.FromSeconds(1.5), $"the 41st send at 20/s waits {busy}");
        Assert.Equal(TimeSpan.Zero, other);
    }

    [Fact]
    public async Task One_Teams_conversation_is_held_to_seven_sends_a_second()
    {
        var pacer = Pacer(_first, o => o.Pacing["msteams"].SendsPerSecond = 1_000);
        var scope = pacer.ScopeOf(Teams("tenant-conv", "conv-chatty"));

        await pacer.ReserveAsync(scope, Ct);
        var again = await pacer.ReserveAsync(scope, Ct);
        var elsewhere = await pacer.ReserveAsync(pacer.ScopeOf(Teams("tenant-conv", "conv-other")), Ct);

        // Told to come back in a seventh of a second, holding nothing meanwhile.
        Assert.False(again.Reserved);
        Assert.InRange(again.Wait.TotalMilliseconds, 100, 143);
        Assert.True(elsewhere.Reserved);
        Assert.True(elsewhere.Wait < TimeSpan.FromMilliseconds(5), $"another conversation of the tenant waited {elsewhere.Wait}");
    }

    [Fact]
    public async Task A_429_on_one_host_holds_the_scope_on_every_host()
    {
        var first = Pacer(_first);
        var second = Pacer(_second);
        var scope = first.ScopeOf(new ConversationReference { ChannelId = "telegram", Conversation = new ConversationAccount(id: "chat-429") });

        await first.HoldAsync(scope, TimeSpan.FromSeconds(2), Ct);
        var (wait, _) = await second.ReserveAsync(second.ScopeOf(new ConversationReference { ChannelId = "telegram", Conversation = new ConversationAccount(id: "chat-x") }), Ct);

        Assert.InRange(wait.TotalSeconds, 1.9, 2.0);
    }

    [Fact]
    public async Task Without_Redis_each_host_keeps_the_pace_itself()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:1");
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 200;
        await using var nowhere = await ConnectionMultiplexer.ConnectAsync(options);
        var pacer = Pacer(nowhere, o => o.Pacing["telegram"].SendsPerSecond = 20);
        var scope = pacer.ScopeOf(new ConversationReference { ChannelId = "telegram", Conversation = new ConversationAccount(id: "chat-down") });

        // 20 a second on this host's own clock.
        AssertSpaced(await WaitsAsync(5, _ => (pacer, scope)), 50);
    }

    [Fact]
    public void A_channel_without_an_entry_gets_the_default_pace_and_Teams_is_counted_per_tenant()
    {
        var pacer = Pacer(_first, o => o.SendsPerSecond = 12);

        var facebook = pacer.ScopeOf(new ConversationReference { ChannelId = "facebook", Conversation = new ConversationAccount(id: "fb-1") });
        var teams = pacer.ScopeOf(Teams("tenant-a", "conv-a"));

        Assert.Equal(12, facebook.Pace.SendsPerSecond);
        Assert.Null(facebook.Conversation);
        Assert.Equal("msteams:tenant-a", teams.Name);
        Assert.Equal("conv-a", teams.Conversation);
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }
}
