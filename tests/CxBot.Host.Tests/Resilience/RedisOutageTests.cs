using CxBot.Host.Tests.Infrastructure;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CxBot.Host.Tests.Resilience;

/// <summary>Redis restarts and outages, each test with a redis-server of its own (AOF on, as in production).</summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ChannelStandIn _channel = null!;
    private BotApp _app = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync(appendOnly: true, CancellationToken.None);
        _channel = await ChannelStandIn.StartAsync(CancellationToken.None);
        _app = new BotApp(_redis.ConnectionString, RedisServer.NewPrefix()).Start();
        _http = new HttpClient { BaseAddress = _app.BaseAddress };
    }

    [Fact]
    public async Task After_a_Redis_restart_the_survey_resumes_where_it_was()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = new CustomerChat(_http, _channel, locale: "pl-PL");
        await chat.SendAsync("czesc", ct);
        await chat.SendAsync("8", ct);

        var restored = RestoredAsync(ct);
        await _redis.RestartAsync(ct);
        await restored;

        var csat = await chat.SendAsync("Szybka dostawa", ct);
        Assert.Equal(5, csat.Buttons.Count);
        var recorded = await RecordedAsync(chat, ct);
        Assert.Equal(["nps", "reason"], recorded.Select(a => a.QuestionId));
    }

    [Fact]
    public async Task With_Redis_down_the_customer_gets_an_apology_and_the_answer_counts_once_Redis_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = new CustomerChat(_http, _channel, locale: "ru-RU");
        await chat.SendAsync("здравствуйте", ct);

        var restored = RestoredAsync(ct);
        await _redis.StopAsync(ct);
        var apology = await chat.SendAsync("9", ct);
        Assert.Empty(apology.Buttons);
        Assert.NotEqual("", apology.Text);

        await _redis.StartAsync(ct);
        await restored;
        var reason = await chat.SendAsync("9", ct);
        Assert.NotEqual(apology.Text, reason.Text);

        var recorded = await RecordedAsync(chat, ct);
        Assert.Equal("9", Assert.Single(recorded).ValueJson);
    }

    // Subscribe before Redis goes away, so the reconnect cannot be missed.
    private Task RestoredAsync(CancellationToken ct) =>
        RedisSignals.NextRestoreAsync(_app.Services.GetRequiredService<IConnectionMultiplexer>(), TimeSpan.FromSeconds(30), ct);

    private async Task<IReadOnlyList<CxBot.Storage.AnswerRecord>> RecordedAsync(CustomerChat chat, CancellationToken ct) =>
        [.. (await _app.Services.GetRequiredService<CxBot.Storage.IAnswerStream>().ReadAllAsync(ct)).Where(a => a.ConversationId == chat.ConversationId && a.Event == "answer")];

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _channel.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
