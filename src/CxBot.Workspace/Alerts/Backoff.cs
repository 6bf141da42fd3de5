namespace CxBot.Workspace.Alerts;

/// <summary>
/// Exponential backoff with "equal jitter": after the n-th failed attempt the wait is drawn from
/// [d/2, d] where d = min(max, base · 2^(n-1)). Half the wait is random so many hosts retrying after the
/// same outage spread out, and half is fixed so each wait is at least as long as the one before (until the
/// maximum is reached; from then on the waits stay within [max/2, max]).
/// </summary>
internal static class Backoff
{
    public static TimeSpan Ceiling(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        // 2^30 already exceeds any configured maximum; the cap keeps the multiplication from overflowing.
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var ticks = Math.Min(maxDelay.Ticks, baseDelay.Ticks * factor);
        return TimeSpan.FromTicks((long)ticks);
    }

    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        var ceiling = Ceiling(failedAttempts, baseDelay, maxDelay);
        return TimeSpan.FromTicks(ceiling.Ticks / 2 + (long)(ceiling.Ticks / 2 * Math.Clamp(random, 0, 1)));
    }

    /// <summary>The wait before the next attempt: the backoff, or the receiver's Retry-After when that is longer, never past the maximum.</summary>
    public static TimeSpan Next(int failedAttempts, TimeSpan? retryAfter, AlertOptions options, double random)
    {
        var delay = Delay(failedAttempts, options.BaseDelay, options.MaxDelay, random);
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked;
        }

        return delay > options.MaxDelay ? options.MaxDelay : delay;
    }
}
