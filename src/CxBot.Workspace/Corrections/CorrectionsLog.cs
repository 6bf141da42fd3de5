using Microsoft.Extensions.Logging;

namespace CxBot.Workspace.Corrections;

internal static partial class CorrectionsLog
{
    [LoggerMessage(EventId = 7701, Level = LogLevel.Information, Message = "Analyzer taught {Count} stored corrections at start")]
    public static partial void Replayed(this ILogger logger, int count);

    [LoggerMessage(EventId = 7702, Level = LogLevel.Warning, Message = "Stored corrections could not be read; retrying in {Delay}")]
    public static partial void ReplayFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 7703, Level = LogLevel.Warning, Message = "The analyzer refused a correction of {ResponseId}/{QuestionId} ({Language})")]
    public static partial void NotTaught(this ILogger logger, Exception exception, string responseId, string questionId, string language);
}
