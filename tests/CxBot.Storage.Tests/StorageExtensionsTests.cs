using CxBot.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Storage.Tests;

public sealed class StorageExtensionsTests(RedisServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_registered_services_work_against_Redis()
    {
        using var host = BuildHost(new() { ["ConnectionStrings:Redis"] = server.ConnectionString, ["Redis:KeyPrefix"] = RedisServer.NewPrefix() });
        await host.StartAsync(Ct);

        var store = host.Services.GetRequiredService<IConversationStore>();
        var conversation = new ConversationKey("directline", "di-1");
        var outcome = await store.CommitAsync(conversation, new TurnCommit([1], null, "a1", [TestAnswers.For(conversation, "nps", "10")]), Ct);
        var answers = await host.Services.GetRequiredService<IAnswerStream>().ReadAllAsync(Ct);

        Assert.Equal(CommitOutcome.Saved, outcome);
        Assert.Single(answers);
        Assert.IsType<RedisStorage>(host.Services.GetRequiredService<IStorage>());
        Assert.Same(host.Services.GetRequiredService<IStorage>(), host.Services.GetRequiredService<RedisStorage>());
        await host.StopAsync(Ct);
    }

    [Fact]
    public void The_connection_fails_fast_and_reconnects_by_itself()
    {
        var options = StorageExtensions.ConnectionOptions(new RedisOptions { ConnectionString = "redis.example:6380,password=secret" });

        Assert.False(options.AbortOnConnectFail);
        Assert.InRange(options.ConnectTimeout, 1, 5_000);
        Assert.InRange(options.SyncTimeout, 1, 5_000);
        Assert.InRange(options.AsyncTimeout, 1, 5_000);
        Assert.Equal("secret", options.Password);
    }

    [Fact]
    public async Task A_missing_connection_string_stops_start_up_naming_the_key()
    {
        using var host = BuildHost([]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("ConnectionStrings:Redis", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Redis:ConversationTtlDays", "0")]
    [InlineData("Redis:ConversationTtlDays", "366")]
    [InlineData("Redis:AnswerStreamShards", "0")]
    [InlineData("Redis:AnswerStreamShards", "1025")]
    [InlineData("Redis:KeyPrefix", "cx{prod}")]
    [InlineData("Redis:KeyPrefix", "")]
    public async Task Out_of_range_settings_stop_start_up_naming_the_key(string key, string value)
    {
        using var host = BuildHost(new() { ["ConnectionStrings:Redis"] = "127.0.0.1:6379", [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_seven_days_sixteen_shards_and_prefix_cx()
    {
        using var host = BuildHost(new() { ["ConnectionStrings:Redis"] = "127.0.0.1:6379" });

        var options = host.Services.GetRequiredService<IOptions<RedisOptions>>().Value;

        Assert.Equal(("cx", 7, 16), (options.KeyPrefix, options.ConversationTtlDays, options.AnswerStreamShards));
        Assert.Equal("127.0.0.1:6379", options.ConnectionString);
    }

    [Fact]
    public void The_multiplexer_is_created_only_when_first_needed()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "127.0.0.1:1" });
        builder.AddCxBotStorage();

        var registration = builder.Services.Single(s => s.ServiceType == typeof(IConnectionMultiplexer));

        Assert.Equal(ServiceLifetime.Singleton, registration.Lifetime);
        Assert.NotNull(registration.ImplementationFactory);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCxBotStorage();
        return builder.Build();
    }
}
