using Microsoft.Extensions.Logging;

namespace CxBot.Workspace;

internal static partial class WorkspaceLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Workspace user {User} signed in with role {Role}")]
    public static partial void SignedIn(this ILogger logger, string user, string role);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Workspace sign-in refused")]
    public static partial void SignInRefused(this ILogger logger);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Workspace form without a valid anti-forgery token refused on {Path}")]
    public static partial void FormRefused(this ILogger logger, string path);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Workspace user {User} made {Action} on {Entity}")]
    public static partial void Wrote(this ILogger logger, string user, string action, string entity);
}
