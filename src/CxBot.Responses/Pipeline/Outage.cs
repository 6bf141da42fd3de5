using System.Net.Sockets;
using CxBot.Storage;
using Npgsql;

namespace CxBot.Responses.Pipeline;

/// <summary>
/// Tells "a store is unreachable, wait and try again" apart from "this entry is bad". Only the second
/// counts as an attempt toward the dead-letter stream: an outage must never dead-letter good answers.
/// </summary>
internal static class Outage
{
    public static bool Is(Exception exception) => exception switch
    {
        _ when RedisOutage.Is(exception) => true,
        // Class 08: connection exceptions; 57P01-57P03: shutdown, crash, not yet accepting connections;
        // 53xxx: out of resources; 40001/40P01: serialization failure and deadlock, worth a retry too.
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState is "40001" or "40P01",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException or TimeoutException => true,
        _ => false,
    };
}
