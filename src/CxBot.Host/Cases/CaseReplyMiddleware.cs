using CxBot.Analysis;
using CxBot.Storage;
using CxBot.Workspace.Cases;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CxBot.Host.Cases;

/// <summary>
/// While a case thread is open on a chat, the customer's message there is their reply to the CX team: it goes to the
/// case (masked, through the outbox) and the customer gets a short acknowledgement, instead of a survey turn.
/// The acknowledgement is sent only once the reply is safely in Redis.
/// </summary>
internal sealed class CaseReplyMiddleware(CaseThreads threads, CaseReplyOutbox outbox, IPiiRedactor redactor, CaseTexts texts, TimeProvider time, ILogger<CaseReplyMiddleware> logger)
    : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (activity.Type != ActivityTypes.Message || string.IsNullOrWhiteSpace(activity.Text) || activity.Conversation?.Id is not { } conversationId)
        {
            await next(cancellationToken);
            return;
        }

        CaseThread? thread;
        try
        {
            thread = await threads.FindAsync(activity.ChannelId, conversationId, cancellationToken);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            // The survey turn meets the same outage and apologises in the customer's language.
            logger.ThreadLookupFailed(e, activity.ChannelId);
            await next(cancellationToken);
            return;
        }

        if (thread is null)
        {
            await next(cancellationToken);
            return;
        }

        var text = redactor.Redact(activity.Text.Trim()).MaskedText;
        var activityId = string.IsNullOrEmpty(activity.Id) ? Guid.CreateVersion7().ToString("N") : activity.Id;
        await outbox.AddAsync(new CustomerReply(thread.CaseId, activityId, text, activity.Timestamp ?? time.GetUtcNow()), cancellationToken);
        logger.ReplyTaken(thread.CaseId, activity.ChannelId);
        await turnContext.SendActivityAsync(MessageFactory.Text(texts.ReplyReceived(thread.Language)), cancellationToken);
    }
}
