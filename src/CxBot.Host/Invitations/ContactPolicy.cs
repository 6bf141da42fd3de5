using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CxBot.Host.Invitations;

/// <summary>What the contact policy decided for one invitation at one moment.</summary>
internal sealed record PolicyDecision(InvitationStatus Status, string? Why = null, DateTimeOffset? SendAt = null)
{
    public static PolicyDecision Send(DateTimeOffset at) => new(InvitationStatus.Scheduled, null, at);
}

/// <summary>What the policy needs to know about the customer, read from Redis before deciding.</summary>
internal sealed record CustomerContactFacts(bool OptedOut, DateTimeOffset? LastSurveyedAt);

/// <summary>
/// The contact policy, pure: opt-out, sampling, one survey per period, expiry and quiet hours in the
/// customer's time zone. The first rule that refuses wins, so the answer names one clear reason.
/// </summary>
internal sealed partial class ContactPolicy(IOptions<InvitationsOptions> options)
{
    private const int SampleBuckets = 10_000;

    private InvitationsOptions Options => options.Value;

    public PolicyDecision Decide(Invitation invitation, CustomerContactFacts facts, DateTimeOffset now)
    {
        if (facts.OptedOut) return new(InvitationStatus.Refused, "opted_out: the customer asked not to be surveyed");
        if (!IsSampled(invitation.CustomerId))
            return new(InvitationStatus.Refused, $"not_sampled: the customer is outside the {Options.SampleShare:P0} sample");
        var period = TimeSpan.FromDays(Options.SurveyContactPeriodDays.GetValueOrDefault(invitation.SurveyId, Options.ContactPeriodDays));
        if (facts.LastSurveyedAt is { } last && last + period > now)
            return new(InvitationStatus.Refused, $"contacted_recently: surveyed at {last:O}; next survey allowed from {last + period:O}");
        var at = invitation.SendAt > now ? invitation.SendAt : now;
        if (at >= invitation.ExpiresAt) return new(InvitationStatus.Expired, $"expired: not sent before {invitation.ExpiresAt:O}");
        if (QuietUntil(at, invitation.TimeZone) is { } quietEnd)
        {
            return quietEnd >= invitation.ExpiresAt
                ? new(InvitationStatus.Expired, $"expired: quiet hours in {invitation.TimeZone} last beyond {invitation.ExpiresAt:O}")
                : new(InvitationStatus.Postponed, $"quiet_hours: {at:O} is within quiet hours in {invitation.TimeZone}; postponed to {quietEnd:O}", quietEnd);
        }
        return PolicyDecision.Send(at);
    }

    /// <summary>A stable bucket of the customer id, so a customer is in or out of the sample on every invitation and every host.</summary>
    public bool IsSampled(string customerId)
    {
        if (Options.SampleShare >= 1) return true;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(customerId));
        var bucket = BitConverter.ToUInt32(hash, 0) % SampleBuckets;
        return bucket < Options.SampleShare * SampleBuckets;
    }

    /// <summary>When quiet hours end if <paramref name="at"/> falls within them in the customer's zone, else null.</summary>
    public DateTimeOffset? QuietUntil(DateTimeOffset at, string timeZone)
    {
        int from = Options.QuietFromHour, until = Options.QuietUntilHour;
        if (from == until) return null;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var hour = local.Hour;
        var quiet = from < until ? hour >= from && hour < until : hour >= from || hour < until;
        if (!quiet) return null;
        var endDay = local.Date.AddDays(from > until && hour >= from ? 1 : 0);
        var endLocal = endDay.AddHours(until);
        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
    }

    public static bool IsName(string value) => NamePattern().IsMatch(value);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex NamePattern();
}
