using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.Infrastructure;

/// <summary>A host and a channel stand-in for one test class, on the assembly's redis-server with a prefix of its own.</summary>
public sealed class BotAppFixture(RedisServer redis) : IAsyncLifetime
{
    public BotApp App { get; private set; } = null!;
    public ChannelStandIn Channel { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Channel = await ChannelStandIn.StartAsync(CancellationToken.None);
        App = new BotApp(redis.ConnectionString, RedisServer.NewPrefix()).Start();
        Http = new HttpClient { BaseAddress = App.BaseAddress };
    }

    public CustomerChat NewChat(string channelId = "webchat", string? locale = null) => new(Http, Channel, channelId, locale);

    public async Task<IReadOnlyList<AnswerRecord>> RecordedAsync(string conversationId, CancellationToken cancellationToken) =>
        [.. (await App.Services.GetRequiredService<IAnswerStream>().ReadAllAsync(cancellationToken)).Where(a => a.ConversationId == conversationId)];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await Channel.DisposeAsync();
    }
}
