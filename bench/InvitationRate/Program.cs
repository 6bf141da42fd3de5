using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CxBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// How many proactive survey starts a second the invitation scheduler gets out, with one host and with
// two sharing Redis, when the pace is set too high to bind: what the hosts themselves can do. Each
// customer gets a Teams chat (an installationUpdate through /api/messages), the invitations go in
// through POST /api/invitations/batch, and a local Connector stand-in counts what arrives. The rate is
// read after the last batch was accepted, when only sending is left, over the backlog.
//
//   dotnet run -c Release --project bench/InvitationRate [invitations per run, 4000] [pace per second, 10000]
internal static class InvitationRateBench
{
    private const string ApiKey = "bench-invitations-key-0123456789";

    public static async Task<int> Main(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4_000;
        var pace = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;

        await using var redis = await RedisServer.StartNewAsync(appendOnly: false, CancellationToken.None);
        await using var channel = await ConnectorStandIn.StartAsync();
        Console.WriteLine($"# Invitation sends: {count} per run, pace {pace}/s per Teams tenant, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| hosts | accepted/s | sends/s after acceptance | sends/s overall | most in one second |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var hosts in new[] { 1, 2 })
        {
            var prefix = $"bench{hosts}";
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Redis"] = redis.ConnectionString,
                ["Redis:KeyPrefix"] = prefix,
                ["MicrosoftAppId"] = "",
                ["MicrosoftAppPassword"] = "",
                ["Admin:ApiKeys:0"] = ApiKey,
                ["Invitations:PollMilliseconds"] = "50",
                ["Invitations:QuietFromHour"] = "0",
                ["Invitations:QuietUntilHour"] = "0",
                ["Invitations:ReminderAfter"] = "00:00:00",
                ["Invitations:Pacing:msteams:SendsPerSecond"] = pace.ToString(CultureInfo.InvariantCulture),
                ["Invitations:Pacing:msteams:ConversationSendsPerSecond"] = "0",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            var apps = Enumerable.Range(0, hosts).Select(_ => new BenchHost(settings).Start()).ToList();
            var clients = apps.Select(a => new HttpClient { BaseAddress = a.BaseAddress, DefaultRequestHeaders = { { "X-Api-Key", ApiKey } } }).ToList();
            channel.Reset();

            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                using var response = await clients[i % hosts].PostAsJsonAsync("/api/messages", new JsonObject
                {
                    ["type"] = "installationUpdate",
                    ["action"] = "add",
                    ["id"] = $"install-{prefix}-{i}",
                    ["channelId"] = "msteams",
                    ["serviceUrl"] = channel.ServiceUrl,
                    ["conversation"] = new JsonObject { ["id"] = $"a:{prefix}-{i}", ["conversationType"] = "personal", ["tenantId"] = "tenant-bench" },
                    ["from"] = new JsonObject { ["id"] = $"29:{prefix}-{i}" },
                    ["recipient"] = new JsonObject { ["id"] = "28:cxbot", ["role"] = "bot" },
                    ["locale"] = "en-US",
                }, ct);
                response.EnsureSuccessStatusCode();
            });
            var beforeInvitations = channel.Count;

            var accepting = Stopwatch.StartNew();
            for (var from = 0; from < count; from += 1_000)
            {
                var batch = new JsonArray([.. Enumerable.Range(from, Math.Min(1_000, count - from)).Select(i => (JsonNode)new JsonObject
                {
                    ["id"] = $"{prefix}-{i}",
                    ["customer_id"] = $"msteams:29:{prefix}-{i}",
                    ["event"] = "purchase",
                })]);
                using var response = await clients[from / 1_000 % hosts].PostAsJsonAsync("/api/invitations/batch", new JsonObject { ["invitations"] = batch });
                response.EnsureSuccessStatusCode();
            }
            accepting.Stop();
            var acceptedAt = Stopwatch.GetTimestamp();
            var sentWhenAccepted = channel.Count - beforeInvitations;

            var deadline = Stopwatch.StartNew();
            while (channel.Count - beforeInvitations < count && deadline.Elapsed < TimeSpan.FromMinutes(5))
                await channel.ArrivedAsync(TimeSpan.FromSeconds(1));
            var arrivals = channel.Since(beforeInvitations);
            var sent = arrivals.Count;
            var last = arrivals[^1];
            var afterAcceptance = (sent - sentWhenAccepted) / Stopwatch.GetElapsedTime(acceptedAt, last).TotalSeconds;
            var overall = sent / Stopwatch.GetElapsedTime(arrivals[0], last).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {hosts} | {count / accepting.Elapsed.TotalSeconds:F0} | {afterAcceptance:F0} ({sent - sentWhenAccepted} sends) | {overall:F0} | {MostInOneSecond(arrivals)} |"));
            if (sent != count) Console.WriteLine($"  {sent} of {count} arrived");

            foreach (var client in clients) client.Dispose();
            foreach (var app in apps) await app.DisposeAsync();
        }
        return 0;
    }

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
}

/// <summary>The real host on Kestrel with the repository's appsettings.json and dialogs/.</summary>
internal sealed class BenchHost(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public Uri BaseAddress { get; private set; } = null!;

    public BenchHost Start()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(RepositoryPaths.Root);
        builder.UseEnvironment("Development");
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
    }
}

/// <summary>A channel's Connector API that accepts every activity and notes when it arrived.</summary>
internal sealed class ConnectorStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<long> _arrivals = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _nextId;

    private ConnectorStandIn(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    public int Count => _arrivals.Count;

    public static async Task<ConnectorStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new ConnectorStandIn(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", () =>
        {
            standIn._arrivals.Enqueue(Stopwatch.GetTimestamp());
            standIn._arrived.Release();
            return Results.Json(new { id = $"reply-{Interlocked.Increment(ref standIn._nextId)}" });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        standIn.ServiceUrl = address.TrimEnd('/') + "/";
        return standIn;
    }

    public void Reset() => _arrivals.Clear();

    public Task<bool> ArrivedAsync(TimeSpan timeout) => _arrived.WaitAsync(timeout);

    public IReadOnlyList<long> Since(int skip) => [.. _arrivals.Skip(skip).Order()];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
