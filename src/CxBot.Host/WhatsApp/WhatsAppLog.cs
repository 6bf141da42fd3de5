namespace CxBot.Host.WhatsApp;

internal static partial class WhatsAppLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "WhatsApp webhook call refused: {Reason}")]
    public static partial void WebhookRefused(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "WhatsApp webhook verified")]
    public static partial void WebhookVerified(this ILogger logger);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Debug, Message = "WhatsApp webhook call: {Messages} messages, {Skipped} skipped")]
    public static partial void WebhookReceived(this ILogger logger, int messages, int skipped);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Error, Message = "WhatsApp turn failed for message {MessageId}")]
    public static partial void TurnFailed(this ILogger logger, Exception exception, string? messageId);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Error, Message = "WhatsApp apology could not be sent for message {MessageId}")]
    public static partial void ApologyFailed(this ILogger logger, Exception exception, string? messageId);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Information, Message = "WhatsApp is off: set WhatsApp:PhoneNumberId, AccessToken, AppSecret and VerifyToken to turn it on")]
    public static partial void WhatsAppOff(this ILogger logger);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Information, Message = "WhatsApp template {Template} ({Language}) sent as message {MessageId}")]
    public static partial void TemplateSent(this ILogger logger, string template, string language, string messageId);
}
