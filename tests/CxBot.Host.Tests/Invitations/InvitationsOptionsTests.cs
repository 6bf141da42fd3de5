using CxBot.Host.Invitations;
using CxBot.Testing;
using Microsoft.Extensions.Configuration;

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

    [Fact]
    public void A_pace_out_of_range_names_its_key()
    {
        var failure = Failure(o => o.Pacing["msteams"] = new ChannelPace { SendsPerSecond = 0, Burst = 0, ConversationSendsPerSecond = -1 });
        Assert.Contains("Invitations:Pacing:msteams:SendsPerSecond", failure, StringComparison.Ordinal);
        Assert.Contains("Invitations:Pacing:msteams:Burst", failure, StringComparison.Ordinal);
        Assert.Contains("Invitations:Pacing:msteams:ConversationSendsPerSecond", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_paces_are_the_platforms_published_limits()
    {
        var options = new ConfigurationBuilder().AddJsonFile(RepositoryPaths.InRoot("appsettings.json")).Build()
            .GetSection(InvitationsOptions.Section).Get<InvitationsOptions>()!;

        var teams = options.PaceOf("msteams");
        Assert.Equal(30, teams.SendsPerSecond);
        Assert.True(teams.PerTenant);
        Assert.Equal(7, teams.ConversationSendsPerSecond);
        Assert.Equal(1, options.PaceOf("MSTeams").Burst);
        Assert.Equal(options.SendsPerSecond, options.PaceOf("facebook").SendsPerSecond);
        Assert.True(new InvitationsRulesValidator().Validate(null, options).Succeeded);
    }
}
