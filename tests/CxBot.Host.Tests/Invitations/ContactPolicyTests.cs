using CxBot.Host.Invitations;
using Microsoft.Extensions.Options;

namespace CxBot.Host.Tests.Invitations;

public sealed class ContactPolicyTests
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly CustomerContactFacts Fresh = new(false, null);

    private static ContactPolicy Policy(Action<InvitationsOptions>? configure = null)
    {
        var options = new InvitationsOptions { QuietFromHour = 21, QuietUntilHour = 8 };
        configure?.Invoke(options);
        return new ContactPolicy(Options.Create(options));
    }

    private static Invitation For(string customerId, DateTimeOffset sendAt, string timeZone = "UTC", string survey = "post-purchase") =>
        new("inv-1", customerId, "purchase", survey, sendAt, sendAt.AddDays(7), timeZone, new Dictionary<string, string>(), null,
            InvitationStatus.Scheduled, null, null, sendAt);

    [Fact]
    public void An_eligible_customer_in_daytime_is_scheduled_for_the_requested_time()
    {
        var decision = Policy().Decide(For("c-1", Noon.AddHours(2)), Fresh, Noon);
        Assert.Equal(InvitationStatus.Scheduled, decision.Status);
        Assert.Equal(Noon.AddHours(2), decision.SendAt);
    }

    [Fact]
    public void A_customer_who_said_stop_is_refused_with_the_reason()
    {
        var decision = Policy().Decide(For("c-1", Noon), new CustomerContactFacts(true, null), Noon);
        Assert.Equal(InvitationStatus.Refused, decision.Status);
        Assert.StartsWith("opted_out", decision.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_surveyed_within_the_period_is_refused_and_told_when_the_next_is_allowed()
    {
        var decision = Policy().Decide(For("c-1", Noon), new CustomerContactFacts(false, Noon.AddDays(-10)), Noon);
        Assert.Equal(InvitationStatus.Refused, decision.Status);
        Assert.StartsWith("contacted_recently", decision.Why, StringComparison.Ordinal);
        Assert.Contains(Noon.AddDays(20).ToString("O"), decision.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_survey_with_a_shorter_period_may_be_sent_sooner()
    {
        var policy = Policy(o => o.SurveyContactPeriodDays["support-ticket"] = 7);
        var facts = new CustomerContactFacts(false, Noon.AddDays(-10));
        Assert.Equal(InvitationStatus.Scheduled, policy.Decide(For("c-1", Noon, survey: "support-ticket"), facts, Noon).Status);
        Assert.Equal(InvitationStatus.Refused, policy.Decide(For("c-1", Noon, survey: "post-purchase"), facts, Noon).Status);
    }

    [Fact]
    public void Late_evening_in_the_customers_time_zone_postpones_to_the_morning_there()
    {
        // 19:00 UTC is 22:00 in Bucharest in summer (UTC+3): quiet until 08:00 local, 05:00 UTC.
        var at = new DateTimeOffset(2026, 6, 10, 19, 0, 0, TimeSpan.Zero);
        var decision = Policy().Decide(For("c-1", at, "Europe/Bucharest"), Fresh, at);
        Assert.Equal(InvitationStatus.Postponed, decision.Status);
        Assert.Equal(new DateTimeOffset(2026, 6, 11, 5, 0, 0, TimeSpan.Zero), decision.SendAt);
        Assert.StartsWith("quiet_hours", decision.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_instant_is_daytime_elsewhere_and_is_not_postponed()
    {
        var at = new DateTimeOffset(2026, 6, 10, 19, 0, 0, TimeSpan.Zero);
        Assert.Equal(InvitationStatus.Scheduled, Policy().Decide(For("c-1", at, "America/New_York"), Fresh, at).Status);
    }

    [Fact]
    public void An_invitation_past_its_expiry_is_not_sent()
    {
        var decision = Policy().Decide(For("c-1", Noon), Fresh, Noon.AddDays(8));
        Assert.Equal(InvitationStatus.Expired, decision.Status);
    }

    [Fact]
    public void Quiet_hours_that_end_after_expiry_expire_the_invitation()
    {
        var late = new DateTimeOffset(2026, 6, 10, 22, 0, 0, TimeSpan.Zero);
        var invitation = For("c-1", late) with { ExpiresAt = late.AddHours(1) };
        Assert.Equal(InvitationStatus.Expired, Policy().Decide(invitation, Fresh, late).Status);
    }

    [Fact]
    public void Sampling_keeps_about_the_configured_share_and_the_same_customers_every_time()
    {
        var policy = Policy(o => o.SampleShare = 0.3);
        var customers = Enumerable.Range(0, 2_000).Select(i => $"customer-{i}").ToList();
        var sampled = customers.Where(policy.IsSampled).ToList();
        Assert.InRange(sampled.Count, 500, 700);
        Assert.Equal(sampled, customers.Where(Policy(o => o.SampleShare = 0.3).IsSampled));
        var outside = customers.First(c => !policy.IsSampled(c));
        var decision = policy.Decide(For(outside, Noon), Fresh, Noon);
        Assert.Equal(InvitationStatus.Refused, decision.Status);
        Assert.StartsWith("not_sampled", decision.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_combine_and_the_first_refusal_is_the_reason_given()
    {
        var policy = Policy(o => o.SampleShare = 0.5);
        var outside = Enumerable.Range(0, 100).Select(i => $"c-{i}").First(c => !policy.IsSampled(c));
        var lateInBucharest = new DateTimeOffset(2026, 6, 10, 19, 0, 0, TimeSpan.Zero);
        var everything = new CustomerContactFacts(true, lateInBucharest.AddDays(-1));
        Assert.StartsWith("opted_out", policy.Decide(For(outside, lateInBucharest, "Europe/Bucharest"), everything, lateInBucharest).Why, StringComparison.Ordinal);
        Assert.StartsWith("not_sampled", policy.Decide(For(outside, lateInBucharest, "Europe/Bucharest"), everything with { OptedOut = false }, lateInBucharest).Why, StringComparison.Ordinal);
        var inside = Enumerable.Range(0, 100).Select(i => $"c-{i}").First(policy.IsSampled);
        Assert.StartsWith("contacted_recently", policy.Decide(For(inside, lateInBucharest, "Europe/Bucharest"), everything with { OptedOut = false }, lateInBucharest).Why, StringComparison.Ordinal);
        Assert.Equal(InvitationStatus.Postponed, policy.Decide(For(inside, lateInBucharest, "Europe/Bucharest"), Fresh, lateInBucharest).Status);
    }
}
