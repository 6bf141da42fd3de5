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
    public AdapterWithErrorHandler(BotFrameworkAuthentication auth, ReplyTexts replies, ILogger<AdapterWithErrorHandler> logger)
        : base(auth, logger)
    {
        OnTurnError = async (turnContext, exception) =>
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
        };
    }
}
