using System.Net;
using System.Net.Http.Headers;

namespace CxBot.Host.Invitations;

/// <summary>
/// One proactive send in progress. The worker takes the first slot before it continues the
/// conversation; every further request the SDK makes to the channel's Connector API during that send
/// (a retry after 429 or 5xx, a second activity) takes a slot of its own in <see cref="PacedSendHandler"/>,
/// so the channel never sees more than the pace, retries included. It travels with the send in an
/// AsyncLocal because the SDK's Connector client offers no way to hand it down.
/// </summary>
internal sealed class PacedSend(SendPacer pacer, PaceScope scope)
{
    private static readonly AsyncLocal<PacedSend?> Ambient = new();

    private int _prepaid;
    private long _due;

    public static PacedSend? Current => Ambient.Value;

    public PaceScope Scope => scope;

    /// <summary>The first slot, taken before the send starts.</summary>
    public async Task WaitForFirstSlotAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _due, await pacer.WaitForSlotAsync(scope, cancellationToken));
        Volatile.Write(ref _prepaid, 1);
    }

    /// <summary>Makes this the send that requests in the current async flow belong to, until disposed.</summary>
    public IDisposable Enter()
    {
        // Not async on purpose: an AsyncLocal set inside an async method would not outlive it.
        var previous = Ambient.Value;
        Ambient.Value = this;
        return new Exit(previous);
    }

    /// <summary>The first request uses the slot taken before the send, unless the turn took so long that it went stale.</summary>
    internal Task BeforeRequestAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _prepaid, 0) == 1 && pacer.StillDue(Volatile.Read(ref _due))
            ? Task.CompletedTask
            : pacer.WaitForSlotAsync(scope, cancellationToken);

    internal Task ThrottledAsync(TimeSpan pause, CancellationToken cancellationToken) => pacer.HoldAsync(scope, pause, cancellationToken);

    private sealed class Exit(PacedSend? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}

/// <summary>
/// On the client the SDK sends channel replies with, inside the retry: paces each attempt of a proactive
/// send to the Connector API, and when the channel answers 429 holds the whole scope, on every host,
/// for as long as its Retry-After says (a second when it says nothing).
/// </summary>
internal sealed class PacedSendHandler : DelegatingHandler
{
    private static readonly TimeSpan PauseWithoutRetryAfter = TimeSpan.FromSeconds(1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Token requests and other hosts are not the channel's Connector API: only its conversations are paced.
        if (PacedSend.Current is not { } send || request.RequestUri?.AbsolutePath.Contains("/v3/conversations/", StringComparison.Ordinal) != true)
            return await base.SendAsync(request, cancellationToken);
        await send.BeforeRequestAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            await send.ThrottledAsync(ChannelRetryAfter.Of(response.Headers.RetryAfter, DateTimeOffset.UtcNow) ?? PauseWithoutRetryAfter, cancellationToken);
        return response;
    }
}

/// <summary>A channel's Retry-After, in seconds ("120") or as an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT").</summary>
internal static class ChannelRetryAfter
{
    public static TimeSpan? Of(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    public static TimeSpan? Of(string? value, DateTimeOffset now) =>
        RetryConditionHeaderValue.TryParse(value, out var header) ? Of(header, now) : null;
}
