using StackExchange.Redis;

namespace CxBot.Storage;

/// <summary>Recognises the exceptions that mean "Redis is unreachable right now, try again later".</summary>
public static class RedisOutage
{
    /// <summary>
    /// True for <see cref="RedisConnectionException"/> (no connection), <see cref="RedisTimeoutException"/>
    /// (which derives from <see cref="TimeoutException"/>, not <see cref="RedisException"/>) and other
    /// <see cref="RedisException"/>s raised while talking to the server. Not for a concurrency conflict.
    /// </summary>
    public static bool Is(Exception exception) => exception is RedisException or RedisTimeoutException;
}
