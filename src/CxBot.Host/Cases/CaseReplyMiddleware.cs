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

        // The lookup goes out now and the survey turn's state load right behind it on the one multiplexed
        // connection, so a message costs no extra round trip; the turn stands aside if a thread is open.
        var lookup = new PendingCaseThread(LookupAsync(activity.ChannelId, conversationId, cancellationToken));
        turnContext.TurnState.Add(lookup);
        await next(cancellationToken);
        var thread = await lookup.Thread;
        if (thread is null)
        {
            return;
        }

        var text = redactor.Redact(activity.Text.Trim()).MaskedText;
        var activityId = string.IsNullOrEmpty(activity.Id) ? Guid.CreateVersion7().ToString("N") : activity.Id;
        await outbox.AddAsync(new CustomerReply(thread.CaseId, activityId, text, activity.Timestamp ?? time.GetUtcNow()), cancellationToken);
        logger.ReplyTaken(thread.CaseId, activity.ChannelId);
        await turnContext.SendActivityAsync(MessageFactory.Text(texts.ReplyReceived(thread.Language)), cancellationToken);
    }

    private async Task<CaseThread?> LookupAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        try
        {
            return await threads.FindAsync(channelId, conversationId, cancellationToken);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            // The survey turn meets the same outage and apologises in the customer's language.
            logger.ThreadLookupFailed(e, channelId);
            return null;
        }
    }
}

/// <summary>
/// The case-thread lookup of this turn, in flight while the survey turn loads its state. When it finds an open
/// thread the survey turn does nothing and the message goes to the case.
/// </summary>
internal sealed record PendingCaseThread(Task<CaseThread?> Thread);
