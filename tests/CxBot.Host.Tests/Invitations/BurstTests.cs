using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CxBot.Host.Invitations;
using CxBot.Testing;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.Invitations;

/// <summary>Two hosts sharing Redis, Teams paced at 400 sends a second per tenant, no reminders, quiet logs.</summary>
public sealed class BurstFixture(RedisServer redis) : InvitationsHosts(redis, new Dictionary<string, string?>
{
    ["Invitations:ReminderAfter"] = "00:00:00",
    ["Invitations:Pacing:msteams:SendsPerSecond"] = BurstTests.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["Logging:LogLevel:Default"] = "Warning",
});

/// <summary>A burst of 10,000 invitations: spread out at the channel's pace by two hosts, none dropped, none doubled.</summary>
public sealed class BurstTests(BurstFixture host) : IClassFixture<BurstFixture>
{
    public const int Limit = 400;
    private const int Count = 10_000;
    private const int BatchSize = 1_000;
    private const string Tenant = "tenant-burst";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Batch(int from) => new()
    {
        ["invitations"] = new JsonArray([.. Enumerable.Range(from, BatchSize).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"burst-{i}",
            ["customer_id"] = $"burst-customer-{i}",
            ["event"] = "purchase",
        })]),
    };

    private static async Task<JsonObject> PostBatchAsync(HttpClient http, int from)
    {
        using var response = await http.PostAsJsonAsync("/api/invitations/batch", Batch(from), Ct);
        Assert.True(response.IsSuccessStatusCode, $"batch at {from} answered {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    /// <summary>The most requests that arrived within any one second (a sliding window over the arrival times).</summary>
    private static int MostInOneSecond(IReadOnlyList<long> timestamps)
    {
        var most = 0;
        for (int first = 0, last = 0; last < timestamps.Count; last++)
        {
            while (Stopwatch.GetElapsedTime(timestamps[first], timestamps[last]) >= TimeSpan.FromSeconds(1)) first++;
            most = Math.Max(most, last - first + 1);
        }
        return most;
    }

    [Fact]
    public async Task Ten_thousand_invitations_are_spread_out_by_two_hosts_within_the_pace_each_sent_once_through_a_stretch_of_429s()
    {
        // Every customer has a personal Teams chat in one tenant, as after the app was installed for them.
        var book = host.App.Services.GetRequiredService<ContactBook>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = Ct }, async (i, ct) =>
            await book.SaveReferenceAsync($"burst-customer-{i}", new ConversationReference
            {
                ChannelId = "msteams",
                ServiceUrl = host.Channel.ServiceUrl,
                Conversation = new ConversationAccount(id: $"a:burst-{i}", tenantId: Tenant) { ConversationType = "personal" },
                User = new ChannelAccount(id: $"29:burst-{i}"),
                Bot = new ChannelAccount(id: "28:cxbot"),
                Locale = "en-US",
            }, ct));

        var accepting = Stopwatch.StartNew();
        var created = 0;
        for (var from = 0; from < Count; from += BatchSize)
            created += (await PostBatchAsync(from % (2 * BatchSize) == 0 ? host.Http : host.SecondHttp, from))["created"]!.GetValue<int>();
        accepting.Stop();
        var again = await PostBatchAsync(host.SecondHttp, 0);
        Assert.Equal(Count, created);
        Assert.Equal(BatchSize, again["existing"]!.GetValue<int>());

        // Once sending is under way the channel refuses a stretch of requests, as a throttled tenant does.
        var store = host.App.Services.GetRequiredService<InvitationStore>();
        var throttled = false;
        const int Refusals = 150;
        var finished = await InvitationsHosts.EventuallyAsync(async () =>
        {
            if (!throttled && host.Channel.Log.Count >= Count / 4)
            {
                host.Channel.FailNext(Refusals, 429, "1");
                throttled = true;
            }
            return throttled && host.Channel.Log.Count(l => l.Status == 200) >= Count && await store.QueuedAsync(Ct) == 0;
        }, Ct, seconds: 80);
        Assert.True(finished, $"{host.Channel.Log.Count(l => l.Status == 200)} of {Count} sent");

        var log = host.Channel.Log;
        var sent = log.Where(l => l.Status == 200).Select(l => l.Timestamp).Order().ToList();
        var attempts = log.Select(l => l.Timestamp).Order().ToList();
        var duration = Stopwatch.GetElapsedTime(attempts[0], attempts[^1]);
        var most = MostInOneSecond(attempts);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"accepted {Count} in {accepting.Elapsed.TotalSeconds:F1} s ({Count / accepting.Elapsed.TotalSeconds:F0}/s); " +
            $"sent in {duration.TotalSeconds:F1} s ({Count / duration.TotalSeconds:F0}/s against a limit of {Limit}/s); " +
            $"most requests in any one second {most} (sends {MostInOneSecond(sent)}); 429s answered {log.Count(l => l.Status == 429)}; requests {log.Count}");

        Assert.Equal(Count, sent.Count);
        Assert.Equal(Refusals, log.Count(l => l.Status == 429));
        for (var i = 0; i < Count; i++) Assert.Single(host.Channel.Received($"a:burst-{i}"));
        // Retries are paced too, so the limit holds for every request; the tolerance is the window's edge
        // (a send leaves at or after its slot, never before, so a late one can meet the next second's).
        Assert.True(most <= Limit * 1.05 + 2, $"{most} requests within one second against a limit of {Limit}");
        var statuses = new string?[Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = Ct }, async (i, ct) =>
            statuses[i] = (await store.FindAsync($"burst-{i}", ct))?.Status.ToString());
        Assert.All(statuses, s => Assert.Equal(nameof(InvitationStatus.Sent), s));
    }
}
