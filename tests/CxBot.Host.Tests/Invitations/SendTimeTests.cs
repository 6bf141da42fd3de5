using CxBot.Host.Invitations;

namespace CxBot.Host.Tests.Invitations;

public sealed class SendTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, 0)]
    [InlineData("now", 0)]
    [InlineData("PT48H", 48 * 60)]
    [InlineData("P2D", 48 * 60)]
    [InlineData("2d", 48 * 60)]
    [InlineData("36h", 36 * 60)]
    [InlineData("90m", 90)]
    public void Delays_are_counted_from_now(string? text, int minutes)
    {
        Assert.True(SendTime.TryParse(text, Now, out var at));
        Assert.Equal(Now.AddMinutes(minutes), at);
    }

    [Fact]
    public void An_instant_with_an_offset_is_taken_as_it_is()
    {
        Assert.True(SendTime.TryParse("2026-03-02T10:00:00+02:00", Now, out var at));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), at);
    }

    [Theory]
    [InlineData("2026-03-02T10:00:00")]
    [InlineData("tomorrow")]
    [InlineData("-2d")]
    [InlineData("P400D")]
    [InlineData("PTxH")]
    public void Ambiguous_or_unreadable_times_are_refused(string text) =>
        Assert.False(SendTime.TryParse(text, Now, out _));
}
