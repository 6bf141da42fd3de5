using Microsoft.Extensions.Logging;

namespace CxBot.Workspace.Alerts;

// Ids, names, counts and status codes only: never a secret, a webhook address or an alert's text.
internal static partial class AlertLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Alert delivery {DeliveryId} for case {CaseId} delivered to webhook {Webhook} on attempt {Attempt}")]
    public static partial void Delivered(this ILogger logger, Guid deliveryId, long caseId, string webhook, int attempt);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Alert delivery {DeliveryId} to webhook {Webhook} failed on attempt {Attempt} ({Status}); retrying in {DelayMs} ms")]
    public static partial void WillRetry(this ILogger logger, Guid deliveryId, string webhook, int attempt, string status, long delayMs);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Alert delivery {DeliveryId} for case {CaseId} to webhook {Webhook} failed after {Attempts} attempts ({Status}); replay it on /workspace/alerts")]
    public static partial void DeliveryFailed(this ILogger logger, Guid deliveryId, long caseId, string webhook, int attempts, string status);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "{Failed} alert deliveries have failed and wait for a replay on /workspace/alerts")]
    public static partial void FailedWaiting(this ILogger logger, long failed);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Error, Message = "An alert dispatch round failed; the deliveries wait in the database and are tried again")]
    public static partial void DispatcherError(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Information, Message = "Workspace user {User} replayed alert delivery {DeliveryId}")]
    public static partial void Replayed(this ILogger logger, string user, Guid deliveryId);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Information, Message = "Deleted {Count} alert deliveries delivered more than {Days} days ago")]
    public static partial void Pruned(this ILogger logger, int count, int days);
}
