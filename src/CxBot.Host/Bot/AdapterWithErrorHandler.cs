using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace CxBot.Host.Bot;

/// <summary>
/// The CloudAdapter with one place for failed turns: log (ids only), apologise in the customer's
/// language, and let the request finish. Survey state is only written by a successful turn, so a
/// failure loses nothing that was saved.
/// </summary>
internal sealed class AdapterWithErrorHandler : CloudAdapter
{
    public AdapterWithErrorHandler(BotFrameworkAuthentication auth, ReplyTexts replies, ILogger<AdapterWithErrorHandler> logger, IEnumerable<Microsoft.Bot.Builder.IMiddleware> middleware)
        : base(auth, logger)
    {
        // Registered middleware (the case reply thread) runs before the bot on every channel turn.
        foreach (var m in middleware) Use(m);
        OnTurnError = (turnContext, exception) => FailedTurn.HandleAsync(turnContext, exception, replies, logger);
    }
}

/// <summary>What every adapter of the bot does when a turn fails: log it (ids only) and apologise in the customer's language.</summary>
internal static class FailedTurn
{
    public static async Task HandleAsync(ITurnContext turnContext, Exception exception, ReplyTexts replies, ILogger logger)
    {
        var activity = turnContext.Activity;
        logger.TurnFailed(exception, activity.ChannelId, activity.Conversation?.Id, activity.Type);
        try
        {
            await turnContext.SendActivityAsync(replies.Apology(activity.Locale));
        }
        catch (Exception sendFailure)
        {
            logger.ApologyFailed(sendFailure, activity.ChannelId, activity.Conversation?.Id);
        }
    }
}
