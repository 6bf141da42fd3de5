using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using CxBot.Host.Bot;
using CxBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Extensions.Options;

namespace CxBot.Host.Invitations;

/// <summary>
/// Sends due invitations. Every host runs one; the store's take script leases each due invitation to
/// one of them. The contact policy is checked again at send time (the customer may have said stop,
/// or been surveyed, since the invitation was accepted), and sends are paced per channel.
/// </summary>
internal sealed class InvitationWorker(
    InvitationStore store,
    ContactBook book,
    ContactPolicy policy,
    CloudAdapter adapter,
    TurnRunner turns,
    IConfiguration configuration,
    IOptions<InvitationsOptions> options,
    TimeProvider clock,
    ILogger<InvitationWorker> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryWhenBusy = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, RateLimiter> _pace = new(StringComparer.Ordinal);

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
        var ids = await store.TakeDueAsync(clock.GetUtcNow(), BatchSize, cancellationToken);
        foreach (var id in ids) await HandleAsync(id, cancellationToken);
        return ids.Count;
    }

    private async Task HandleAsync(string id, CancellationToken cancellationToken)
    {
        if (id.EndsWith(InvitationStore.ReminderId(""), StringComparison.Ordinal))
        {
            await RemindAsync(id, id[..^InvitationStore.ReminderId("").Length], cancellationToken);
            return;
        }
        if (await store.FindAsync(id, cancellationToken) is not { Status: InvitationStatus.Scheduled or InvitationStatus.Postponed } invitation)
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

        using (var lease = await _pace.GetOrAdd(reference.ChannelId ?? "", NewLimiter).AcquireAsync(1, cancellationToken))
        {
            var started = false;
            try
            {
                var survey = new SurveyInvitation(invitation.SurveyId, invitation.CustomerId, invitation.Context, invitation.Language);
                await adapter.ContinueConversationAsync(configuration["MicrosoftAppId"] ?? "", reference,
                    async (turn, ct) => started = await turns.StartInvitedAsync(turn, survey, ct), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var retryAt = now + RetryAfterFailure;
                logger.DeliveryFailed(e, invitation.Id, retryAt);
                await store.RequeueAsync(invitation.Id, retryAt, cancellationToken);
                return;
            }
            if (!started)
            {
                var retryAt = now + RetryWhenBusy;
                logger.ConversationBusy(invitation.Id, retryAt);
                await HoldAsync(invitation with { Status = InvitationStatus.Postponed, Why = $"conversation_busy: a survey is running; retry at {retryAt:O}" }, retryAt, cancellationToken);
                return;
            }
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
            using (await _pace.GetOrAdd(reference.ChannelId ?? "", NewLimiter).AcquireAsync(1, cancellationToken))
            {
                try
                {
                    await adapter.ContinueConversationAsync(configuration["MicrosoftAppId"] ?? "", reference,
                        async (turn, ct) => sent = await turns.RemindAsync(turn, invitation.Id, ct), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.DeliveryFailed(e, invitation.Id, now + RetryAfterFailure);
                    await store.RequeueAsync(entry, now + RetryAfterFailure, cancellationToken);
                    return;
                }
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

    private RateLimiter NewLimiter(string channelId) => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = options.Value.SendsPerSecond,
        TokensPerPeriod = options.Value.SendsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = int.MaxValue,
        AutoReplenishment = true,
    });
}
