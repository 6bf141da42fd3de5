using System.Text.Json.Nodes;
using CxBot.Host.Bot;
using CxBot.Host.Invitations;
using CxBot.Testing;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CxBot.Host.Tests.Invitations;

/// <summary>Hosts with a key prefix of their own and no reminders, so a scheduler on a moved clock sees only this class's invitations.</summary>
public sealed class ScheduleFixture(RedisServer redis)
    : InvitationsHosts(redis, new Dictionary<string, string?> { ["Invitations:ReminderAfter"] = "00:00:00", ["Invitations:Pacing:msteams:SendsPerSecond"] = "4" });

/// <summary>
/// The scheduler of another process (a restarted host, say) running on a clock the test moves: what
/// is due is read from Redis, not from memory.
/// </summary>
public sealed class ScheduleTests(ScheduleFixture host) : IClassFixture<ScheduleFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InvitationWorker SchedulerAt(TimeProvider clock)
    {
        var services = host.App.Services;
        return new InvitationWorker(services.GetRequiredService<InvitationStore>(), services.GetRequiredService<ContactBook>(),
            services.GetRequiredService<ContactPolicy>(), services.GetRequiredService<SendPacer>(), services.GetRequiredService<CloudAdapter>(), services.GetRequiredService<TurnRunner>(),
            services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IOptions<InvitationsOptions>>(), clock,
            NullLogger<InvitationWorker>.Instance);
    }

    [Fact]
    public async Task An_invitation_two_days_ahead_is_sent_once_the_clock_reaches_it()
    {
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct);
        var (_, body) = await InvitationsHosts.InviteAsync(host.Http, new JsonObject
        {
            ["customer_id"] = customerId, ["event"] = "purchase", ["send_at"] = "P2D", ["context"] = new JsonObject { ["order_id"] = "Z-88" },
        }, Ct);
        var id = body["id"]!.GetValue<string>();
        var clock = new MovableClock();

        clock.Advance(TimeSpan.FromDays(1));
        await SchedulerAt(clock).SendDueAsync(Ct);
        Assert.Equal("scheduled", await InvitationsHosts.StatusAsync(host.Http, id, Ct));
        Assert.Empty(host.Channel.Received(conversationId));

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await SchedulerAt(clock).SendDueAsync(Ct);
        await SchedulerAt(clock).SendDueAsync(Ct);

        Assert.Equal("sent", await InvitationsHosts.StatusAsync(host.Http, id, Ct));
        Assert.Contains("Z-88", new Infrastructure.Reply(Assert.Single(host.Channel.Received(conversationId))).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_postponed_by_quiet_hours_goes_out_in_the_customers_morning()
    {
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct);
        var zone = InvitationsHosts.ZoneAtLocalHour(23);
        var (_, body) = await InvitationsHosts.InviteAsync(host.Http, new JsonObject
        {
            ["customer_id"] = customerId, ["event"] = "purchase", ["context"] = new JsonObject { ["timezone"] = zone },
        }, Ct);
        var morning = DateTimeOffset.Parse(body["send_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var id = body["id"]!.GetValue<string>();
        var clock = new MovableClock();

        await SchedulerAt(clock).SendDueAsync(Ct);
        Assert.Equal("postponed", await InvitationsHosts.StatusAsync(host.Http, id, Ct));
        Assert.Empty(host.Channel.Received(conversationId));

        clock.Advance(morning - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5));
        await SchedulerAt(clock).SendDueAsync(Ct);

        Assert.Equal("sent", await InvitationsHosts.StatusAsync(host.Http, id, Ct));
        Assert.Single(host.Channel.Received(conversationId));
    }

    [Fact]
    public async Task A_burst_of_due_invitations_is_paced_per_channel_and_none_is_dropped()
    {
        var ids = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var (customerId, _) = await host.InstallAsync(host.Http, Ct);
            var (_, body) = await InvitationsHosts.InviteAsync(host.Http, new JsonObject { ["customer_id"] = customerId, ["event"] = "purchase", ["send_at"] = "PT30H" }, Ct);
            ids.Add(body["id"]!.GetValue<string>());
        }
        var clock = new MovableClock();
        clock.Advance(TimeSpan.FromHours(30) + TimeSpan.FromMinutes(1));
        var scheduler = SchedulerAt(clock);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (await scheduler.SendDueAsync(Ct) > 0)
        {
        }
        watch.Stop();

        // 4 a second, evenly spaced: the last of 9 leaves 8 intervals of 250 ms after the first.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"9 sends took {watch.Elapsed}: not paced");
        foreach (var id in ids) Assert.Equal("sent", await InvitationsHosts.StatusAsync(host.Http, id, Ct));
    }

    /// <summary>The system clock moved forward by the test; timers still run on real time.</summary>
    private sealed class MovableClock : TimeProvider
    {
        private TimeSpan _offset;

        public void Advance(TimeSpan by) => _offset += by;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
    }
}
