using CxBot.Host.Tests.Infrastructure;
using CxBot.Testing;
using StackExchange.Redis;

namespace CxBot.Host.Tests.Surveys;

/// <summary>
/// What a conversation costs in Redis: the state is written on every turn, so it must stay small
/// (the JS SDK peer keeps up to 1,613 B because its dialog stack holds whole prompt activities).
/// </summary>
public sealed class StateSizeTests(RedisServer redis) : IAsyncLifetime
{
    private readonly string _prefix = RedisServer.NewPrefix();
    private ChannelStandIn _channel = null!;
    private BotApp _app = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _channel = await ChannelStandIn.StartAsync(CancellationToken.None);
        _app = new BotApp(redis.ConnectionString, _prefix).Start();
        _http = new HttpClient { BaseAddress = _app.BaseAddress };
    }

    [Fact]
    public async Task The_largest_state_written_during_a_whole_survey_stays_under_400_bytes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var connection = redis.Connect();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var db = connection.GetDatabase();
        var chat = new CustomerChat(_http, _channel, locale: "ru-RU");
        var largest = 0L;
        foreach (var message in new[] { "здравствуйте", "2", "курьер опоздал на два часа и нагрубил", "1", "очень сложно" })
        {
            await chat.SendAsync(message, ct);
            var keys = server.Keys(pattern: $"{_prefix}:*conv*{chat.ConversationId}*").ToList();
            var key = Assert.Single(keys);
            largest = Math.Max(largest, await db.StringLengthAsync(key).WaitAsync(ct));
        }
        Assert.InRange(largest, 1, 400);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _channel.DisposeAsync();
    }
}
