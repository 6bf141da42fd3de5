using CxBot.Host.DirectLine;
using CxBot.Host.Invitations;
using CxBot.Workspace.Cases;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;

namespace CxBot.Host.Cases;

/// <summary>
/// Sends a CX team member's message to the customer through the bot: on the conversation the customer last used
/// (their stored reference), proactively, unless they opted out. The case thread is opened before the send, so a
/// customer who answers at once is already heard as a reply; it is closed again if the channel refuses the message.
/// </summary>
internal sealed class BotMessenger(
    ContactBook contacts,
    CaseThreads threads,
    CloudAdapter adapter,
    IConfiguration configuration,
    ILogger<BotMessenger> logger,
    DirectLineAdapter? directLine = null) : ICustomerMessenger
{
    public async Task<MessageDelivery> SendAsync(CustomerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if ((await contacts.FactsAsync(message.CustomerId, cancellationToken)).OptedOut)
        {
            return MessageDelivery.Refused(MessageRefusals.OptedOut);
        }

        if (await contacts.FindReferenceAsync(message.CustomerId, cancellationToken) is not { ChannelId: { } channelId, Conversation.Id: { } conversationId } reference)
        {
            return MessageDelivery.Refused(MessageRefusals.NoConversation);
        }

        await threads.OpenAsync(channelId, conversationId, new CaseThread(message.CaseId, message.Language), cancellationToken);
        try
        {
            var activity = MessageFactory.Text(message.Text);
            activity.TextFormat = TextFormatTypes.Plain;
            activity.Locale = message.Language;
            // Web chat runs on the bot's own Direct Line: its conversations are continued by that adapter, not the Connector.
            BotAdapter via = channelId == DirectLineAdapter.ChannelId && directLine is not null ? directLine : adapter;
            await via.ContinueConversationAsync(configuration["MicrosoftAppId"] ?? "", reference,
                (turn, ct) => turn.SendActivityAsync(activity, ct), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.CaseMessageFailed(e, message.CaseId, channelId);
            await threads.EndAsync(message.CaseId, channelId, conversationId, CancellationToken.None);
            return MessageDelivery.Refused(MessageRefusals.DeliveryFailed);
        }

        logger.CaseMessageSent(message.CaseId, channelId);
        return MessageDelivery.Delivered(channelId, conversationId);
    }

    public Task EndThreadAsync(long caseId, string channelId, string conversationId, CancellationToken cancellationToken) =>
        threads.EndAsync(caseId, channelId, conversationId, cancellationToken);
}
