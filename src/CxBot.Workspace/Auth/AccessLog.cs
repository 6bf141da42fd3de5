using Microsoft.Extensions.Logging;

namespace CxBot.Workspace.Auth;

internal static partial class AccessLog
{
    [LoggerMessage(EventId = 7151, Level = LogLevel.Warning, Message = "Workspace sign-in refused: locked for {Minutes} more minutes")]
    public static partial void SignInLocked(this ILogger logger, int minutes);

    [LoggerMessage(EventId = 7152, Level = LogLevel.Warning, Message = "Workspace OpenID Connect sign-in failed: {Reason}")]
    public static partial void OidcFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 7153, Level = LogLevel.Warning, Message = "Workspace OpenID Connect user has no mapped role ({Claims} values in the role claim)")]
    public static partial void OidcNoRole(this ILogger logger, int claims);

    [LoggerMessage(EventId = 7154, Level = LogLevel.Information, Message = "Workspace user {User} exported {Export} with {Rows} rows")]
    public static partial void Exported(this ILogger logger, string user, string export, long rows);

    [LoggerMessage(EventId = 7155, Level = LogLevel.Warning, Message = "Redis is unreachable: sign-in failures are counted by this host alone until it answers again")]
    public static partial void SignInCountersLocal(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7156, Level = LogLevel.Information, Message = "Redis answers again: sign-in failures are counted across hosts")]
    public static partial void SignInCountersShared(this ILogger logger);
}
