using Microsoft.Extensions.Logging;

namespace CxBot.Storage;

/// <summary>Storage log events (4000-4099). Ids and counts only: keys and states may hold customer data.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Conversation {ConversationId} on {ChannelId} changed since it was loaded; commit refused")]
    public static partial void CommitConflict(this ILogger logger, string channelId, string conversationId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Activity {ActivityId} of conversation {ConversationId} on {ChannelId} was already committed; redelivery ignored")]
    public static partial void CommitDuplicate(this ILogger logger, string channelId, string conversationId, string? activityId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Conversation {ConversationId} on {ChannelId} saved {StateBytes} state bytes and {AnswerCount} answers")]
    public static partial void CommitSaved(this ILogger logger, string channelId, string conversationId, int stateBytes, int answerCount);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Storage write of {ItemCount} items refused: an eTag no longer matches")]
    public static partial void StorageWriteConflict(this ILogger logger, int itemCount);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} failed ({FailureType}); reconnecting in the background")]
    public static partial void ConnectionFailed(this ILogger logger, string? endPoint, string failureType, Exception? exception);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
    public static partial void ConnectionRestored(this ILogger logger, string? endPoint);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "Connecting to Redis at {EndPoints}")]
    public static partial void Connecting(this ILogger logger, string endPoints);
}
