using Microsoft.Extensions.Logging;

namespace CxBot.Workspace.Cases;

internal static partial class CasesLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Case {CaseId} opened ({Opened}), urgent {Urgent}, {ReasonCount} reasons")]
    public static partial void CaseOpened(this ILogger logger, long caseId, bool opened, bool urgent, int reasonCount);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Message on case {CaseId}: sent {Sent}, refusal {Refusal}")]
    public static partial void MessageHandled(this ILogger logger, long caseId, bool sent, string? refusal);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Case scan failed; retried on the next pass")]
    public static partial void ScanFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "The reply thread of case {CaseId} could not be ended; it expires on its own")]
    public static partial void ThreadNotEnded(this ILogger logger, Exception exception, long caseId);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning, Message = "The message on case {CaseId} could not be sent")]
    public static partial void MessageFailed(this ILogger logger, Exception exception, long caseId);
}
