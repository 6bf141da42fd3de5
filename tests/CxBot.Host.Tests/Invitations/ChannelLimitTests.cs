using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CxBot.Host.Invitations;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.Invitations;

/// <summary>Two hosts pacing Teams at 4 sends a second with one-second leases, no reminders.</summary>
public sealed class ChannelLimitFixture(RedisServer redis) : InvitationsHosts(redis, new Dictionary<string, string?>
{
    ["Invitations:ReminderAfter"] = "00:00:00",
    ["Invitations:LeaseSeconds"] = "1",
    ["Invitations:Pacing:msteams:SendsPerSecond"] = "4",
});

/// <summary>A channel that answers 429, and batches that outlast their lease or lose their host.</summary>
public sealed class ChannelLimitTests(ChannelLimitFixture host) : IClassFixture<ChannelLimitFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> InviteAsync(string customerId, string sendAt)
    {
        var (status, body) = await InvitationsHosts.InviteAsync(host.Http, new JsonObject
        {
            ["customer_id"] = customerId, ["event"] = "purchase", ["send_at"] = sendAt,
        }, Ct);
        Assert.Equal(201, status);
        return body["id"]!.GetValue<string>();
    }

    private async Task<JsonObject> ViewAsync(string id) =>
        (await host.Http.GetFromJsonAsync<JsonObject>($"/api/invitations/{id}", Ct))!;

    private static TimeSpan Between(long from, long to) => Stopwatch.GetElapsedTime(from, to);

    [Fact]
    public async Task A_429_with_Retry_After_in_seconds_is_waited_out_and_the_survey_sent_once()
    {
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct);
        var before = host.Channel.Log.Count;
        host.Channel.FailNext(1, 429, "1");
        var id = await InviteAsync(customerId, "now");

        Assert.True(await InvitationsHosts.EventuallyAsync(async () => await InvitationsHosts.StatusAsync(host.Http, id, Ct) == "sent", Ct));

        var log = host.Channel.Log.Skip(before).ToList();
        Assert.Equal([429, 200], log.Select(l => l.Status));
        Assert.True(Between(log[0].Timestamp, log[1].Timestamp) >= TimeSpan.FromSeconds(0.95), $"retried after {Between(log[0].Timestamp, log[1].Timestamp)}");
        Assert.Single(host.Channel.Received(conversationId));
    }

    [Fact]
    public async Task A_429_with_a_Retry_After_date_is_waited_out()
    {
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct);
        var before = host.Channel.Log.Count;
        host.Channel.FailNext(1, 429, DateTimeOffset.UtcNow.AddSeconds(3).ToString("r", CultureInfo.InvariantCulture));
        var id = await InviteAsync(customerId, "now");

        Assert.True(await InvitationsHosts.EventuallyAsync(async () => await InvitationsHosts.StatusAsync(host.Http, id, Ct) == "sent", Ct));

        var log = host.Channel.Log.Skip(before).ToList();
        Assert.Equal([429, 200], log.Select(l => l.Status));
        // An HTTP date has whole seconds: three seconds ahead is at least two.
        Assert.True(Between(log[0].Timestamp, log[1].Timestamp) >= TimeSpan.FromSeconds(1.9), $"retried after {Between(log[0].Timestamp, log[1].Timestamp)}");
        Assert.Single(host.Channel.Received(conversationId));
    }

    [Fact]
    public async Task A_send_the_channel_keeps_refusing_is_requeued_says_why_and_goes_out_later_once()
    {
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct);
        var before = host.Channel.Log.Count;
        // The first attempt and all four retries are refused.
        host.Channel.FailNext(5, 429, "1");
        var id = await InviteAsync(customerId, "now");

        Assert.True(await InvitationsHosts.EventuallyAsync(async () => await InvitationsHosts.StatusAsync(host.Http, id, Ct) == "retrying", Ct),
            "the invitation never said it was waiting to be retried");
        var retrying = await ViewAsync(id);
        Assert.StartsWith("rate_limited", retrying["why"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, retrying["failed_attempts"]!.GetValue<int>());

        Assert.True(await InvitationsHosts.EventuallyAsync(async () => await InvitationsHosts.StatusAsync(host.Http, id, Ct) == "sent", Ct));
        var sent = await ViewAsync(id);
        Assert.Null(sent["why"]);
        Assert.Equal([429, 429, 429, 429, 429, 200], host.Channel.Log.Skip(before).Select(l => l.Status));
        var received = Assert.Single(host.Channel.Received(conversationId));
        Assert.NotEqual("", new Infrastructure.Reply(received).Text);
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_a_reply_may_wait_requeues_the_invitation_for_then()
    {
        // A tenant of its own: the channel's two minutes hold every send to that tenant, on every host.
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct, tenantId: "tenant-held");
        var before = host.Channel.Log.Count;
        host.Channel.FailNext(1, 429, "120");
        var asked = DateTimeOffset.UtcNow;
        var id = await InviteAsync(customerId, "now");

        Assert.True(await InvitationsHosts.EventuallyAsync(async () => await InvitationsHosts.StatusAsync(host.Http, id, Ct) == "retrying", Ct));

        var why = (await ViewAsync(id))["why"]!.GetValue<string>();
        Assert.StartsWith("rate_limited", why, StringComparison.Ordinal);
        var retryAt = DateTimeOffset.Parse(why[(why.LastIndexOf("retry at ", StringComparison.Ordinal) + 9)..], CultureInfo.InvariantCulture);
        Assert.True(retryAt >= asked.AddSeconds(119), $"retry at {retryAt:O}, asked at {asked:O}");
        Assert.Equal([429], host.Channel.Log.Skip(before).Select(l => l.Status));
        Assert.Empty(host.Channel.Received(conversationId));
    }

    [Fact]
    public async Task A_batch_slower_than_its_lease_stays_with_its_host_and_each_invitation_is_sent_once()
    {
        // All due at one instant, so one host takes them together: at 4 a second they take over two
        // seconds, twice the lease, and the other host polls all the while.
        var customers = new List<(string CustomerId, string ConversationId)>();
        for (var i = 0; i < 10; i++) customers.Add(await host.InstallAsync(host.Http, Ct));
        var at = DateTimeOffset.UtcNow.AddSeconds(2).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var invited = new List<(string ConversationId, string InvitationId)>();
        foreach (var (customerId, conversationId) in customers) invited.Add((conversationId, await InviteAsync(customerId, at)));

        Assert.True(await InvitationsHosts.EventuallyAsync(async () =>
        {
            foreach (var (_, id) in invited)
                if (await InvitationsHosts.StatusAsync(host.Http, id, Ct) != "sent") return false;
            return true;
        }, Ct, seconds: 20));

        Assert.All(invited, i => Assert.Single(host.Channel.Received(i.ConversationId)));
    }

    [Fact]
    public async Task Invitations_taken_by_a_host_that_died_are_sent_by_the_others_once_its_lease_ends()
    {
        var customers = new List<(string CustomerId, string ConversationId)>();
        for (var i = 0; i < 5; i++) customers.Add(await host.InstallAsync(host.Http, Ct));
        var due = DateTimeOffset.UtcNow.AddSeconds(2);
        var invited = new List<(string ConversationId, string InvitationId)>();
        foreach (var (customerId, conversationId) in customers)
            invited.Add((conversationId, await InviteAsync(customerId, due.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))));

        // A third host takes them as they fall due and is never heard of again.
        var store = host.App.Services.GetRequiredService<InvitationStore>();
        var taken = await store.TakeDueAsync(due.AddMilliseconds(10), 100, Ct);
        Assert.Equal(invited.Select(i => i.InvitationId).Order(), taken.Ids.Order());
        var leaseEnd = DateTimeOffset.FromUnixTimeMilliseconds(taken.Token);

        Assert.True(await InvitationsHosts.EventuallyAsync(async () =>
        {
            foreach (var (_, id) in invited)
                if (await InvitationsHosts.StatusAsync(host.Http, id, Ct) != "sent") return false;
            return true;
        }, Ct, seconds: 20));

        foreach (var (conversationId, id) in invited)
        {
            Assert.Single(host.Channel.Received(conversationId));
            var sentAt = DateTimeOffset.Parse((await ViewAsync(id))["sent_at"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            Assert.True(sentAt >= leaseEnd, $"sent at {sentAt:O}, before the lease ended at {leaseEnd:O}");
        }
    }
}
