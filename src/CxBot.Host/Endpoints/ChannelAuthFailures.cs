using Microsoft.IdentityModel.Tokens;

namespace CxBot.Host.Endpoints;

/// <summary>
/// Answers 401 when the Bot Framework SDK rejects a channel token with an IdentityModel exception.
/// Why: CloudAdapter turns only UnauthorizedAccessException into 401; a forged signature, an unknown
/// key id or a not-yet-valid token throws an IdentityModel exception instead, which would otherwise
/// reach the exception handler and be answered 500, as if the bot were broken rather than the caller.
/// </summary>
internal static partial class ChannelAuthFailures
{
    public static IApplicationBuilder UseChannelAuthFailures(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api/messages", StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            try
            {
                await next(context);
            }
            // A malformed token throws SecurityTokenArgumentException, an ArgumentException, not a SecurityTokenException.
            catch (Exception e) when ((e is SecurityTokenException or SecurityTokenArgumentException) && !context.Response.HasStarted)
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ChannelAuthFailures));
                // The exception type says what failed; its message may quote the token, so it is not logged.
                ChannelTokenRejected(logger, e.GetType().Name);
                context.Response.Clear();
                await TypedResults.Problem(
                    "The channel's token could not be validated.",
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unauthorized").ExecuteAsync(context);
            }
        });

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Channel token rejected on /api/messages: {Reason}")]
    private static partial void ChannelTokenRejected(ILogger logger, string reason);
}
