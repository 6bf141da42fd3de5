namespace CxBot.Host.Bot;

/// <summary>Log messages of the turn path. Ids, counts and languages only: never what a customer typed.</summary>
internal static partial class BotLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Turn failed on {ChannelId} conversation {ConversationId} ({ActivityType})")]
    public static partial void TurnFailed(this ILogger logger, Exception exception, string? channelId, string? conversationId, string? activityType);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Could not send the apology on {ChannelId} conversation {ConversationId}")]
    public static partial void ApologyFailed(this ILogger logger, Exception exception, string? channelId, string? conversationId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Conversation {ConversationId} changed during the turn; retry {Attempt}")]
    public static partial void TurnConflict(this ILogger logger, string conversationId, int attempt);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Activity {ActivityId} on conversation {ConversationId} was already handled; ignored")]
    public static partial void DuplicateActivity(this ILogger logger, string? activityId, string conversationId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "State store unavailable for conversation {ConversationId}; the customer was asked to resend")]
    public static partial void StoreUnavailable(this ILogger logger, Exception exception, string conversationId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Conversation {ConversationId} kept changing; gave up after {Attempts} attempts")]
    public static partial void TurnGaveUp(this ILogger logger, string conversationId, int attempts);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Started {SurveyId}@{Version} in {Language} on {ChannelId} conversation {ConversationId}")]
    public static partial void SurveyStarted(this ILogger logger, string surveyId, int version, string language, string channelId, string conversationId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Survey {SurveyId}@{Version} of conversation {ConversationId} is no longer loaded; starting the current version")]
    public static partial void SurveyVersionGone(this ILogger logger, string surveyId, int version, string conversationId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "MicrosoftAppId is empty: channel authentication is OFF. Use this only on a developer machine.")]
    public static partial void ChannelAuthOff(this ILogger logger);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "A card on {ChannelId} conversation {ConversationId} was tapped after its question closed; nothing recorded")]
    public static partial void StaleCardTap(this ILogger logger, string channelId, string conversationId);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Could not replace question card {ActivityId} on {ChannelId} conversation {ConversationId}")]
    public static partial void CardUpdateFailed(this ILogger logger, Exception exception, string? activityId, string channelId, string conversationId);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "The open question card of a {ChannelId} chat could not be read or kept")]
    public static partial void LastCardUnavailable(this ILogger logger, Exception exception, string channelId);
}
