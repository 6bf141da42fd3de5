using CxBot.Host.Invitations;

namespace CxBot.Host.Tests.Invitations;

public sealed class InvitationsOptionsTests
{
    private static string? Failure(Action<InvitationsOptions> configure)
    {
        var options = new InvitationsOptions();
        configure(options);
        var result = new InvitationsRulesValidator().Validate(null, options);
        return result.Failed ? result.FailureMessage : null;
    }

    [Fact]
    public void The_shipped_defaults_are_valid() => Assert.Null(Failure(_ => { }));

    [Fact]
    public void An_unknown_default_time_zone_names_its_key() =>
        Assert.Contains("Invitations:DefaultTimeZone", Failure(o => o.DefaultTimeZone = "Mars/Olympus"), StringComparison.Ordinal);

    [Fact]
    public void A_reminder_later_than_expiry_is_refused() =>
        Assert.Contains("Invitations:ReminderAfter", Failure(o => o.ReminderAfter = TimeSpan.FromDays(8)), StringComparison.Ordinal);

    [Fact]
    public void A_team_event_needs_a_plain_name_and_a_survey() =>
        Assert.Contains("Invitations:Events:Contract Renewed", Failure(o => o.Events["Contract Renewed"] = "onboarding"), StringComparison.Ordinal);
}
