using CxBot.Workspace.Alerts;

namespace CxBot.Workspace.Tests.Alerts;

public sealed class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    [Fact]
    public void Each_wait_is_between_half_and_all_of_a_doubling_ceiling()
    {
        var random = new Random(7);
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var ceiling = TimeSpan.FromSeconds(Math.Min(3600, 10 * Math.Pow(2, attempt - 1)));
            Assert.Equal(ceiling, Backoff.Ceiling(attempt, Base, Max));
            for (var i = 0; i < 200; i++)
            {
                Assert.InRange(Backoff.Delay(attempt, Base, Max, random.NextDouble()), ceiling / 2, ceiling);
            }
        }
    }

    [Fact]
    public void Below_the_maximum_a_later_wait_is_never_shorter_than_an_earlier_one_whatever_the_jitter()
    {
        // 10 s · 2^8 = 2560 s is the last ceiling below the hour; from there on the waits jitter within [30, 60] minutes.
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            Assert.True(Backoff.Delay(attempt + 1, Base, Max, 0) >= Backoff.Delay(attempt, Base, Max, 1), $"attempt {attempt}");
        }
    }

    [Fact]
    public void Jitter_spreads_the_waits_of_many_senders()
    {
        var random = new Random(11);
        var waits = Enumerable.Range(0, 100).Select(_ => Backoff.Delay(4, Base, Max, random.NextDouble())).ToList();
        Assert.True(waits.Distinct().Count() > 90);
        Assert.True(waits.Max() - waits.Min() > TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Retry_after_is_honoured_when_longer_and_capped_at_the_maximum()
    {
        var options = new AlertOptions { BaseDelay = Base, MaxDelay = TimeSpan.FromMinutes(10) };

        Assert.Equal(TimeSpan.FromMinutes(2), Backoff.Next(1, TimeSpan.FromMinutes(2), options, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(7.5), Backoff.Next(1, TimeSpan.FromSeconds(1), options, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(10), Backoff.Next(1, TimeSpan.FromHours(3), options, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(10), Backoff.Next(40, null, options, 1));
    }
}
