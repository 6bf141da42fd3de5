using System.Net;
using System.Runtime.ExceptionServices;
using CxBot.Host.Bot;
using CxBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace CxBot.Host.Invitations;

/// <summary>
/// Sends due invitations. Every host runs one; the store's take script leases each due invitation to
/// one of them. The contact policy is checked again at send time (the customer may have said stop,
/// or been surveyed, since the invitation was accepted), and sends are paced per channel by the
/// <see cref="SendPacer"/> every host shares. A batch is worked through a few at a time and its lease
/// renewed while it lasts, so a host that dies mid-burst leaves the rest to the others.
/// </summary>
internal sealed class InvitationWorker(
    InvitationStore store,
    ContactBook book,
    ContactPolicy policy,
    SendPacer pacer,
    CloudAdapter adapter,
    TurnRunner turns,
    IConfiguration configuration,
    IOptions<InvitationsOptions> options,
    TimeProvider clock,
    ILogger<InvitationWorker> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryWhenBusy = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be due: take the next at once.
                if (await SendDueAsync(stoppingToken) == BatchSize) continue;
            }
            catch (Exception e) when (RedisOutage.Is(e))
            {
                logger.SchedulerStoreUnavailable(e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failure must not stop the host: what was taken is leased, so it is taken again later.
                logger.SchedulerFailed(e);
            }
            try
            {
                await Task.Delay(poll, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Takes the invitations due now and handles each; returns how many were taken.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var batch = await store.TakeDueAsync(clock.GetUtcNow(), BatchSize, cancellationToken);
        if (batch.Ids.Count == 0) return 0;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewLeaseAsync(batch, done.Token);
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.SendConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(batch.Ids, parallel, async (id, ct) =>
            {
                try
                {
                    if (batch.Holds(id)) await HandleAsync(id, batch, ct);
                }
                finally
                {
                    batch.Finish(id);
                }
            });
        }
        finally
        {
            await done.CancelAsync();
            await renewal;
        }
        if (batch.LostCount > 0) logger.LeaseLost(batch.LostCount);
        return batch.Ids.Count;
    }

    /// <summary>Renews the batch's lease every third of it until the batch is done.</summary>
    private async Task RenewLeaseAsync(LeasedBatch batch, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.LeaseSeconds) / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await store.RenewAsync(batch, clock.GetUtcNow(), cancellationToken);
                }
                catch (Exception e) when (RedisOutage.Is(e))
                {
                    // The next tick tries again; a lease is three ticks long.
                    logger.SchedulerStoreUnavailable(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HandleAsync(string id, LeasedBatch batch, CancellationToken cancellationToken)
    {
        if (id.EndsWith(InvitationStore.ReminderId(""), StringComparison.Ordinal))
        {
            await RemindAsync(id, id[..^InvitationStore.ReminderId("").Length], cancellationToken);
            return;
        }
        if (await store.FindAsync(id, cancellationToken) is not { Status: InvitationStatus.Scheduled or InvitationStatus.Postponed or InvitationStatus.Retrying } invitation)
        {
            await store.DoneAsync(id, cancellationToken);
            return;
        }
        var now = clock.GetUtcNow();
        var decision = policy.Decide(invitation, await book.FactsAsync(invitation.CustomerId, cancellationToken), now);
        if (decision.Status == InvitationStatus.Postponed)
        {
            await HoldAsync(invitation with { Status = decision.Status, Why = decision.Why }, decision.SendAt, cancellationToken);
            return;
        }
        if (decision.Status != InvitationStatus.Scheduled)
        {
            await HoldAsync(invitation with { Status = decision.Status, Why = decision.Why }, null, cancellationToken);
            return;
        }
        if (await book.FindReferenceAsync(invitation.CustomerId, cancellationToken) is not { } reference)
        {
            await HoldAsync(invitation with { Status = InvitationStatus.Refused, Why = "no_conversation: the customer's chat is no longer known" }, null, cancellationToken);
            return;
        }

        var started = false;
        try
        {
            var send = new PacedSend(pacer, pacer.ScopeOf(reference));
            await send.WaitForFirstSlotAsync(cancellationToken);
            // The lease may have ended while this send waited for its slot.
            if (!batch.Holds(id)) return;
            var survey = new SurveyInvitation(invitation.SurveyId, invitation.CustomerId, invitation.Context, invitation.Language);
            // After a failed send the survey is already started (saved, then sent): its opening is sent again.
            started = await ContinueAsync(send, reference, async (turn, ct) =>
                await turns.StartInvitedAsync(turn, survey, ct) || invitation.Attempts > 0 && await turns.RemindAsync(turn, invitation.Id, ct), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await RetryLaterAsync(invitation, e, cancellationToken);
            return;
        }
        if (!started)
        {
            var retryAt = now + RetryWhenBusy;
            logger.ConversationBusy(invitation.Id, retryAt);
            await HoldAsync(invitation with { Status = InvitationStatus.Postponed, Why = $"conversation_busy: a survey is running; retry at {retryAt:O}" }, retryAt, cancellationToken);
            return;
        }
        // Pacing may have held the send: the contact date is when it went out.
        var sentAt = clock.GetUtcNow();
        await book.MarkSurveyedAsync(invitation.CustomerId, sentAt, cancellationToken);
        await store.UpdateAsync(invitation with { Status = InvitationStatus.Sent, Why = null, SentAt = sentAt }, cancellationToken);
        var reminder = options.Value.ReminderAfter;
        if (reminder > TimeSpan.Zero && sentAt + reminder < invitation.ExpiresAt)
            await store.RequeueAsync(InvitationStore.ReminderId(invitation.Id), sentAt + reminder, cancellationToken);
        await store.DoneAsync(invitation.Id, cancellationToken);
        logger.InvitationSent(invitation.Id, reference.ChannelId ?? "");
    }

    /// <summary>At most one reminder: whatever happens here, the invitation is marked and the entry leaves the queue.</summary>
    private async Task RemindAsync(string entry, string id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await store.FindAsync(id, cancellationToken) is not { Status: InvitationStatus.Sent, Reminder: null } invitation)
        {
            await store.DoneAsync(entry, cancellationToken);
            return;
        }
        string outcome;
        if (now >= invitation.ExpiresAt) outcome = "expired";
        else if ((await book.FactsAsync(invitation.CustomerId, cancellationToken)).OptedOut) outcome = "opted_out";
        else if (await book.FindReferenceAsync(invitation.CustomerId, cancellationToken) is not { } reference) outcome = "no_conversation";
        else if (policy.QuietUntil(now, invitation.TimeZone) is { } quietEnd && quietEnd < invitation.ExpiresAt)
        {
            await store.RequeueAsync(entry, quietEnd, cancellationToken);
            return;
        }
        else
        {
            var sent = false;
            try
            {
                var send = new PacedSend(pacer, pacer.ScopeOf(reference));
                await send.WaitForFirstSlotAsync(cancellationToken);
                sent = await ContinueAsync(send, reference, (turn, ct) => turns.RemindAsync(turn, invitation.Id, ct), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var (why, retryAt) = Failure(e, invitation.Attempts + 1, now);
                logger.SendFailed(e, invitation.Id, invitation.Attempts + 1, why);
                await store.RequeueAsync(entry, retryAt, cancellationToken);
                return;
            }
            outcome = sent ? "sent" : "answered";
        }
        logger.ReminderHandled(invitation.Id, outcome);
        await store.UpdateAsync(invitation with { Reminder = outcome }, cancellationToken);
        await store.DoneAsync(entry, cancellationToken);
    }

    private async Task HoldAsync(Invitation invitation, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        logger.InvitationHeld(invitation.Id, invitation.Status, invitation.Why);
        await store.UpdateAsync(invitation, cancellationToken);
        if (retryAt is { } at) await store.RequeueAsync(invitation.Id, at, cancellationToken);
        else await store.DoneAsync(invitation.Id, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="turn"/> in the stored conversation as part of <paramref name="send"/>. A failure
    /// inside the turn is rethrown here: the adapter's turn error handler would otherwise swallow it
    /// (and apologise to a customer who was never asked anything).
    /// </summary>
    private async Task<bool> ContinueAsync(PacedSend send, ConversationReference reference,
        Func<ITurnContext, CancellationToken, Task<bool>> turn, CancellationToken cancellationToken)
    {
        var done = false;
        ExceptionDispatchInfo? failure = null;
        using (send.Enter())
        {
            await adapter.ContinueConversationAsync(configuration["MicrosoftAppId"] ?? "", reference, async (context, ct) =>
            {
                try
                {
                    done = await turn(context, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            }, cancellationToken);
        }
        failure?.Throw();
        return done;
    }

    /// <summary>
    /// A send that failed after the reply client's own retries goes back to the queue, never lost: at
    /// the channel's Retry-After when it gave one, else after a delay that doubles with each attempt.
    /// The invitation says why until it is sent (or expires: the policy is checked again each time).
    /// </summary>
    private async Task RetryLaterAsync(Invitation invitation, Exception exception, CancellationToken cancellationToken)
    {
        var attempt = invitation.Attempts + 1;
        var (why, retryAt) = Failure(exception, attempt, clock.GetUtcNow());
        logger.SendFailed(exception, invitation.Id, attempt, why);
        await store.UpdateAsync(invitation with { Status = InvitationStatus.Retrying, Why = why, Attempts = attempt }, cancellationToken);
        await store.RequeueAsync(invitation.Id, retryAt, cancellationToken);
    }

    private (string Why, DateTimeOffset RetryAt) Failure(Exception exception, int attempt, DateTimeOffset now)
    {
        var backoff = TimeSpan.FromSeconds(options.Value.RetrySeconds * Math.Pow(2, Math.Min(attempt - 1, 16)));
        var delay = backoff < MaxRetryDelay ? backoff : MaxRetryDelay;
        if (exception is ErrorResponseException { Response: { } response })
        {
            var header = response.Headers?.FirstOrDefault(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value;
            var after = ChannelRetryAfter.Of(header?.FirstOrDefault(), now);
            if (after is { } serverSays) delay = serverSays;
            var retryAt = now + delay;
            return response.StatusCode == HttpStatusCode.TooManyRequests
                ? ($"rate_limited: the channel answered 429 Too Many Requests on attempt {attempt}; retry at {retryAt:O}", retryAt)
                : ($"send_failed: the channel answered {(int)response.StatusCode} on attempt {attempt}; retry at {retryAt:O}", retryAt);
        }
        return ($"send_failed: {exception.GetType().Name} on attempt {attempt}; retry at {now + delay:O}", now + delay);
    }
}
