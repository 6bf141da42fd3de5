using System.Net;
using System.Net.Http.Headers;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Testing;

namespace CxBot.Host.Tests.Telemetry;

/// <summary>The pipeline's lag, rates and failures are exported for Prometheus at /metrics, to key holders only.</summary>
public sealed class MetricsEndpointTests(RedisServer redis) : IAsyncLifetime
{
    private const string AdminKey = "metrics-test-key-0123456789";
    private PostgresServer _postgres = null!;
    private ChannelStandIn _channel = null!;
    private BotApp _app = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresServer.StartNewAsync(CancellationToken.None);
        _channel = await ChannelStandIn.StartAsync(CancellationToken.None);
        _app = new BotApp(redis.ConnectionString, RedisServer.NewPrefix(), new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _postgres.ConnectionString(),
            ["Admin:ApiKeys:0"] = AdminKey,
        }).Start();
        _http = new HttpClient { BaseAddress = _app.BaseAddress };
    }

    [Fact]
    public async Task Metrics_need_an_admin_key()
    {
        using var response = await _http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Answers_flowing_through_the_pipeline_show_in_the_exported_metrics()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = new CustomerChat(_http, _channel, locale: "en-US");
        await chat.SendAsync("hi", ct);
        await chat.SendAsync("9", ct);

        // The workers store the answer in the background: read /metrics until they have (bounded).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        string body;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            using var response = await _http.SendAsync(request, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (body.Contains("cxbot_pipeline_entries_stored", StringComparison.Ordinal)) break;
            await Task.Delay(250, timeout.Token); // the exporter has no event to wait on; bounded by the timeout
        }
        while (true);

        Assert.Contains("cxbot_pipeline_lag", body);
        Assert.Contains("http_server_request_duration", body);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _channel.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
