using Microsoft.Extensions.Logging;

namespace CxBot.Analysis.SemanticKernel;

/// <summary>Log lines of the LLM analyzer: ids, counts and reasons only, never answer text or keys.</summary>
internal static partial class SemanticKernelLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "LLM request for {Purpose} failed ({Failure}) on attempt {Attempt}")]
    public static partial void RequestFailed(this ILogger logger, string purpose, string failure, int attempt);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "LLM circuit opened by {Purpose} for {Seconds} s after consecutive failures")]
    public static partial void CircuitOpened(this ILogger logger, string purpose, double seconds);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "LLM circuit is open; {Purpose} not sent")]
    public static partial void CircuitOpen(this ILogger logger, string purpose);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "LLM result for answer {AnswerId} rejected ({Reason}); the embedded result is used")]
    public static partial void ResultRejected(this ILogger logger, string answerId, string reason);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "LLM result for answer {AnswerId} named {Count} theme ids outside the taxonomy; they were dropped")]
    public static partial void UnknownThemesDropped(this ILogger logger, string answerId, int count);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning, Message = "LLM reply for a batch of {Count} answers rejected as a whole ({Reason}); the embedded results are used")]
    public static partial void BatchRejected(this ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Debug, Message = "Follow-up question from the LLM rejected ({Reason})")]
    public static partial void FollowUpRejected(this ILogger logger, string reason);
}
