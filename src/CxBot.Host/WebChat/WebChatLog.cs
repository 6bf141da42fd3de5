namespace CxBot.Host.WebChat;

/// <summary>Log messages of the web chat page: ids only. The signing key is never logged.</summary>
internal static partial class WebChatLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "WebChat:SigningKey is not set: using a random key for this process. Tokens and survey links will not survive a restart or work across processes.")]
    public static partial void RandomSigningKey(this ILogger logger);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Web chat token issued for conversation {ConversationId} (invited: {Invited})")]
    public static partial void TokenIssued(this ILogger logger, string conversationId, bool invited);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "A survey link for {SurveyId} was used again and refused")]
    public static partial void InvitationReused(this ILogger logger, string surveyId);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Web chat page served at {Address}")]
    public static partial void PageServed(this ILogger logger, string address);
}
