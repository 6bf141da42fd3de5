using Microsoft.Bot.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Storage;

public static class StorageExtensions
{
    // Short timeouts: when Redis is down a turn should fail within seconds (and the customer get an
    // apology), not hang for the library's default of several seconds per attempt.
    private const int ConnectTimeoutMs = 3_000;
    private const int CommandTimeoutMs = 3_000;

    /// <summary>
    /// Redis storage: <see cref="IStorage"/> for the SDK's BotState, <see cref="IConversationStore"/>
    /// for survey turns, <see cref="IAnswerStream"/> for reading answers. Options come from the "Redis"
    /// section and <c>ConnectionStrings:Redis</c>, validated at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddCxBotStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptionsWithValidateOnStart<RedisOptions, RedisOptionsValidator>()
            .BindConfiguration(RedisOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString("Redis"));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisConnectionStringValidator>());

        // One multiplexer for the whole process, created on first use: it multiplexes every command
        // over one connection and reconnects by itself when Redis comes back.
        builder.Services.TryAddSingleton<IConnectionMultiplexer>(sp => Connect(
            sp.GetRequiredService<IOptions<RedisOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("CxBot.Storage.Redis")));

        builder.Services.TryAddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<RedisOptions>>().Value));
        builder.Services.TryAddSingleton<RedisStorage>();
        builder.Services.TryAddSingleton<IStorage>(sp => sp.GetRequiredService<RedisStorage>());
        builder.Services.TryAddSingleton<IConversationStore, RedisConversationStore>();
        builder.Services.TryAddSingleton<IAnswerStream, RedisAnswerStream>();
        return builder;
    }

    internal static ConfigurationOptions ConnectionOptions(RedisOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.ConnectionString
            ?? throw new InvalidOperationException($"{RedisOptions.ConnectionStringKey} is required."));

        // Without this the first connect failure throws and the multiplexer never retries; with it,
        // commands fail fast (RedisConnectionException / RedisTimeoutException) while Redis is away
        // and succeed again once it is back.
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = ConnectTimeoutMs;
        configuration.SyncTimeout = CommandTimeoutMs;
        configuration.AsyncTimeout = CommandTimeoutMs;
        configuration.ClientName ??= "cxbot";
        // The library's own socket threads compete with the thread pool on small machines; profiled: the pool is faster here.
        configuration.SocketManager = SocketManager.ThreadPool;
        return configuration;
    }

    private static ConnectionMultiplexer Connect(RedisOptions options, ILogger logger)
    {
        var configuration = ConnectionOptions(options);
        logger.Connecting(string.Join(", ", configuration.EndPoints));
        var connection = ConnectionMultiplexer.Connect(configuration);
        connection.ConnectionFailed += (_, e) => logger.ConnectionFailed(e.EndPoint?.ToString(), e.FailureType.ToString(), e.Exception);
        connection.ConnectionRestored += (_, e) => logger.ConnectionRestored(e.EndPoint?.ToString());
        return connection;
    }
}
