using Microsoft.Extensions.Logging;

namespace CxBot.Responses;

/// <summary>Response store log events (6000-6099). Ids and counts only, never answer text.</summary>
internal static partial class ResponsesLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Migration {Version} {Name} applied")]
    public static partial void MigrationApplied(this ILogger logger, int version, string name);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Pipeline worker {Consumer} started on {Shards} answer streams")]
    public static partial void WorkerStarted(this ILogger logger, string consumer, int shards);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Pipeline round failed; entries wait in Redis, next attempt in {DelayMs} ms")]
    public static partial void StoreUnavailable(this ILogger logger, Exception exception, int delayMs);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Entry {EntryId} of {Stream} failed (attempt {Attempt} of {MaxAttempts}): {ErrorType}")]
    public static partial void EntryFailed(this ILogger logger, string entryId, string stream, int attempt, int maxAttempts, string errorType);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Error, Message = "Entry {EntryId} of {Stream} moved to the dead-letter stream after {Attempts} attempts")]
    public static partial void DeadLettered(this ILogger logger, string entryId, string stream, int attempts);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Information, Message = "Claimed {Count} entries idle longer than {IdleSeconds} s from {Stream}")]
    public static partial void Claimed(this ILogger logger, int count, string stream, int idleSeconds);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Information, Message = "Replayed {Count} dead-letter entries")]
    public static partial void Replayed(this ILogger logger, int count);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Erased a customer: {Responses} responses; items erased per store: {Stores}")]
    public static partial void Erased(this ILogger logger, int responses, string stores);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Information, Message = "Retention purged the open text of {Answers} answers older than {Days} days")]
    public static partial void RetentionPurged(this ILogger logger, int answers, int days);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Warning, Message = "Retention run failed; trying again later")]
    public static partial void RetentionFailed(this ILogger logger, Exception exception);
}
