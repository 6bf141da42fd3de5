namespace CxBot.Host.DirectLine;

/// <summary>Log messages of the bot-hosted Direct Line: ids and counts, never what a customer typed.</summary>
internal static partial class DirectLineLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Direct Line {ActivityType} {ActivityId} on conversation {ConversationId}")]
    public static partial void ActivityReceived(this ILogger logger, string conversationId, string activityType, string activityId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Stream opened on conversation {ConversationId} from watermark {Watermark}")]
    public static partial void StreamOpened(this ILogger logger, string conversationId, long watermark);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Stream closed on conversation {ConversationId} at watermark {Watermark}")]
    public static partial void StreamClosed(this ILogger logger, string conversationId, long watermark);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Refused a stream for conversation {ConversationId}: origin not allowed")]
    public static partial void StreamOriginRefused(this ILogger logger, string conversationId);
}
