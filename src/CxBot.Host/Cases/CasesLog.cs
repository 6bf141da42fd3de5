namespace CxBot.Host.Cases;

internal static partial class CasesLog
{
    [LoggerMessage(EventId = 8701, Level = LogLevel.Information, Message = "Message on case {CaseId} sent on {ChannelId}")]
    public static partial void CaseMessageSent(this ILogger logger, long caseId, string channelId);

    [LoggerMessage(EventId = 8702, Level = LogLevel.Warning, Message = "Message on case {CaseId} not accepted by {ChannelId}")]
    public static partial void CaseMessageFailed(this ILogger logger, Exception exception, long caseId, string channelId);

    [LoggerMessage(EventId = 8703, Level = LogLevel.Information, Message = "Reply to case {CaseId} taken on {ChannelId}")]
    public static partial void ReplyTaken(this ILogger logger, long caseId, string channelId);

    [LoggerMessage(EventId = 8704, Level = LogLevel.Information, Message = "Reply to case {CaseId} stored")]
    public static partial void ReplyStored(this ILogger logger, long caseId);

    [LoggerMessage(EventId = 8705, Level = LogLevel.Warning, Message = "Case replies not stored yet; they wait in Redis")]
    public static partial void RepliesNotStored(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8706, Level = LogLevel.Warning, Message = "Case thread lookup failed on {ChannelId}; the message runs as a survey turn")]
    public static partial void ThreadLookupFailed(this ILogger logger, Exception exception, string channelId);

    [LoggerMessage(EventId = 8707, Level = LogLevel.Warning, Message = "Case scan failed; the next pass retries")]
    public static partial void CaseScanFailed(this ILogger logger, Exception exception);
}
