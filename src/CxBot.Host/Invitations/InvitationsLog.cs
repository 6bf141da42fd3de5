namespace CxBot.Host.Invitations;

/// <summary>Log messages of invitations: ids, events, statuses and reasons, never customer text.</summary>
internal static partial class InvitationsLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Invitation {InvitationId} for event {Event} survey {SurveyId}: {Status}")]
    public static partial void InvitationAccepted(this ILogger logger, string invitationId, string @event, string surveyId, InvitationStatus status);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Invitation {InvitationId} {Status}: {Why}")]
    public static partial void InvitationHeld(this ILogger logger, string invitationId, InvitationStatus status, string? why);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Invitation {InvitationId} sent on {ChannelId}")]
    public static partial void InvitationSent(this ILogger logger, string invitationId, string channelId);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "Invitation {InvitationId} could not be delivered; retry at {RetryAt}")]
    public static partial void DeliveryFailed(this ILogger logger, Exception exception, string invitationId, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "The invitation scheduler could not reach Redis; trying again")]
    public static partial void SchedulerStoreUnavailable(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Warning, Message = "Could not keep the conversation reference or opt-out of a customer on {ChannelId}")]
    public static partial void ContactBookUnavailable(this ILogger logger, Exception exception, string channelId);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Information, Message = "Invitation {InvitationId} not sent: a survey is running in the conversation; retry at {RetryAt}")]
    public static partial void ConversationBusy(this ILogger logger, string invitationId, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 8008, Level = LogLevel.Information, Message = "Reminder of invitation {InvitationId}: {Outcome}")]
    public static partial void ReminderHandled(this ILogger logger, string invitationId, string outcome);

    [LoggerMessage(EventId = 8009, Level = LogLevel.Warning, Message = "The response store's contact preferences could not be read; only the Redis opt-outs were checked")]
    public static partial void ResponseStoreUnavailable(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Error, Message = "The invitation scheduler failed; leased invitations will be taken again")]
    public static partial void SchedulerFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Warning, Message = "The shared send pace could not be read from Redis; each host paces its own sends until it can")]
    public static partial void SharedPaceUnavailable(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Information, Message = "The shared send pace is read from Redis again")]
    public static partial void SharedPaceRestored(this ILogger logger);

    [LoggerMessage(EventId = 8013, Level = LogLevel.Warning, Message = "The channel asked to slow down: sends on {Scope} held for {Pause}")]
    public static partial void ChannelThrottled(this ILogger logger, string scope, TimeSpan pause);

    [LoggerMessage(EventId = 8014, Level = LogLevel.Warning, Message = "{Count} invitations of a batch were taken by another host after their lease ended; this host leaves them")]
    public static partial void LeaseLost(this ILogger logger, int count);

    [LoggerMessage(EventId = 8015, Level = LogLevel.Warning, Message = "Invitation {InvitationId} could not be delivered (attempt {Attempt}): {Why}")]
    public static partial void SendFailed(this ILogger logger, Exception exception, string invitationId, int attempt, string why);
}
