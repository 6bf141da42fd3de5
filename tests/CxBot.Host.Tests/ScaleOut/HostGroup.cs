using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CxBot.Host.Tests.Auth;
using CxBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CxBot.Host.Tests.ScaleOut;

/// <summary>
/// Several host processes (the built CxBot.Host.dll, as deployed) sharing one Redis and one key prefix,
/// behind "one address": <see cref="PostAsync"/> sends each activity to the host the caller's turn
/// number picks, as a round-robin balancer would, and moves on to the next host when one refuses the
/// connection, as a balancer's health check would.
/// </summary>
internal sealed class HostGroup : IAsyncDisposable
{
    private readonly HostProcess[] _hosts;
    private readonly HttpClient[] _clients;
    private readonly bool[] _down;
    private readonly bool[] _killed;

    private HostGroup(HostProcess[] hosts, string redisConnection, string prefix)
    {
        _hosts = hosts;
        _clients = [.. hosts.Select(h => new HttpClient { BaseAddress = h.BaseAddress, Timeout = TimeSpan.FromSeconds(30) })];
        _down = new bool[hosts.Length];
        _killed = new bool[hosts.Length];
        RedisConnection = redisConnection;
        Prefix = prefix;
    }

    public string RedisConnection { get; }

    public string Prefix { get; }

    public IReadOnlyList<HostProcess> Hosts => _hosts;

    public static async Task<HostGroup> StartAsync(
        int count, string redisConnection, string prefix, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = redisConnection,
            ["Redis__KeyPrefix"] = prefix,
            ["MicrosoftAppId"] = "",
            ["MicrosoftAppPassword"] = "",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        var starts = Enumerable.Range(0, count).Select(_ => HostProcess.StartAsync(environment, cancellationToken)).ToArray();
        try
        {
            return new HostGroup(await Task.WhenAll(starts), redisConnection, prefix);
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully)) await start.Result.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL one host, as a crashed machine would go: no graceful shutdown.</summary>
    public async Task KillAsync(int index)
    {
        _killed[index] = true;
        await _hosts[index].DisposeAsync();
    }

    /// <summary>
    /// POSTs an activity to host <paramref name="turn"/> mod the host count; a host that refuses the
    /// connection is taken out and the same activity (same id) goes to the next one.
    /// </summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, int turn, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < _hosts.Length; attempt++)
        {
            var index = (turn + attempt) % _hosts.Length;
            if (Volatile.Read(ref _down[index])) continue;
            try
            {
                return await _clients[index].PostAsJsonAsync("/api/messages", activity, cancellationToken);
            }
            catch (HttpRequestException)
            {
                Volatile.Write(ref _down[index], true);
            }
        }

        throw new InvalidOperationException("No host accepted the request.");
    }

    /// <summary>How often a host has printed <paramref name="text"/> so far.</summary>
    public int Printed(int index, string text)
    {
        var output = _hosts[index].Output;
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>Waits, within <paramref name="timeout"/>, until a host has printed <paramref name="text"/> more than <paramref name="before"/> times.</summary>
    public async Task WaitForPrintedAsync(int index, string text, int before, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (Printed(index, text) <= before) await timer.WaitForNextTickAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Host {index} did not print '{text}' within {timeout}.{Environment.NewLine}{Diagnostics}");
        }
    }

    /// <summary>Every recorded answer, read with the product's own stream reader (every shard, on every node).</summary>
    public async Task<IReadOnlyList<AnswerRecord>> RecordedAsync(CancellationToken cancellationToken)
    {
        using var storage = StorageServices(RedisConnection, Prefix);
        return await storage.GetRequiredService<IAnswerStream>().ReadAllAsync(cancellationToken);
    }

    /// <summary>The storage services a host builds, for reading what the hosts wrote.</summary>
    public static ServiceProvider StorageServices(string redisConnection, string prefix)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redisConnection,
            ["Redis:KeyPrefix"] = prefix,
        });
        builder.Services.AddLogging();
        builder.AddCxBotStorage();
        return builder.Services.BuildServiceProvider();
    }

    public string Diagnostics => string.Join(Environment.NewLine, _hosts.Select((h, i) => $"Host {i}:{Environment.NewLine}{(_killed[i] ? "(killed)" : h.Output)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        for (var i = 0; i < _hosts.Length; i++)
        {
            if (!_killed[i]) await _hosts[i].DisposeAsync();
        }
    }
}
