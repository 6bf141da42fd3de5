using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CxBot.Host.Invitations;

/// <summary>The "Invitations" section: journey events, the contact policy and the scheduler's pace.</summary>
public sealed class InvitationsOptions
{
    public const string Section = "Invitations";

    /// <summary>Journey event → the survey it starts unless the invitation names one. Teams add their own events here.</summary>
    public Dictionary<string, string> Events { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Share of eligible customers invited (0–1], fixed per customer by a stable hash of the customer id.</summary>
    [Range(0.0001, 1.0, ErrorMessage = "Invitations:SampleShare must be in (0, 1].")]
    public double SampleShare { get; set; } = 1.0;

    /// <summary>At most one survey per customer within this many days.</summary>
    [Range(0, 365, ErrorMessage = "Invitations:ContactPeriodDays must be between 0 and 365.")]
    public int ContactPeriodDays { get; set; } = 30;

    /// <summary>Survey id → its own contact period in days.</summary>
    public Dictionary<string, int> SurveyContactPeriodDays { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Quiet hours in the customer's time zone: no survey from QuietFromHour to QuietUntilHour (local, 0–23).</summary>
    [Range(0, 23, ErrorMessage = "Invitations:QuietFromHour must be between 0 and 23.")]
    public int QuietFromHour { get; set; } = 21;

    [Range(0, 23, ErrorMessage = "Invitations:QuietUntilHour must be between 0 and 23.")]
    public int QuietUntilHour { get; set; } = 8;

    /// <summary>The time zone of customers whose context has no <c>timezone</c> (IANA id).</summary>
    [Required]
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>An invitation not sent within this many days of its send time is dropped.</summary>
    [Range(1, 90, ErrorMessage = "Invitations:ExpiryDays must be between 1 and 90.")]
    public int ExpiryDays { get; set; } = 7;

    /// <summary>The one gentle reminder, this long after the invitation was sent if the customer has not answered yet; zero: none.</summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often the scheduler looks for due invitations.</summary>
    [Range(10, 60_000, ErrorMessage = "Invitations:PollMilliseconds must be between 10 and 60000.")]
    public int PollMilliseconds { get; set; } = 1_000;

    /// <summary>Proactive sends per second on a channel that has no entry in <see cref="Pacing"/>.</summary>
    [Range(1, 1_000, ErrorMessage = "Invitations:SendsPerSecond must be between 1 and 1000.")]
    public int SendsPerSecond { get; set; } = 25;

    /// <summary>
    /// Channel id → its pace, shared by every host through Redis. The shipped numbers are the platforms'
    /// published limits (appsettings.json); a channel not listed gets <see cref="SendsPerSecond"/>.
    /// </summary>
    public Dictionary<string, ChannelPace> Pacing { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many invitations one host sends at once; the pace, not this, bounds the rate.</summary>
    [Range(1, 64, ErrorMessage = "Invitations:SendConcurrency must be between 1 and 64.")]
    public int SendConcurrency { get; set; } = 8;

    /// <summary>How long a taken batch stays with its host without a renewal; renewed every third of it while the host works.</summary>
    [Range(1, 3_600, ErrorMessage = "Invitations:LeaseSeconds must be between 1 and 3600.")]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>When a send fails without a Retry-After, the invitation is tried again this much later (doubling per attempt, at most 5 minutes).</summary>
    [Range(1, 3_600, ErrorMessage = "Invitations:RetrySeconds must be between 1 and 3600.")]
    public int RetrySeconds { get; set; } = 30;

    /// <summary>The pace of a channel without an entry in <see cref="Pacing"/>.</summary>
    public ChannelPace PaceOf(string channelId) =>
        Pacing.TryGetValue(channelId, out var pace) ? pace : new ChannelPace { SendsPerSecond = SendsPerSecond };

    /// <summary>How long a stored conversation reference is kept after the customer last started a survey.</summary>
    [Range(1, 730, ErrorMessage = "Invitations:ReferenceDays must be between 1 and 730.")]
    public int ReferenceDays { get; set; } = 180;

    /// <summary>Where customers open web chat links (https://survey.example.com); empty: the address the API was called on.</summary>
    [Url(ErrorMessage = "Invitations:PublicBaseUrl must be an absolute URL.")]
    public string? PublicBaseUrl { get; set; }

    /// <summary>Built-in journey events, always known; <see cref="Events"/> may give them a default survey.</summary>
    public static readonly IReadOnlyList<string> BuiltInEvents = ["purchase", "support_ticket_closed", "onboarding_completed", "cancellation"];

    public bool IsKnownEvent(string name) => BuiltInEvents.Contains(name, StringComparer.Ordinal) || Events.ContainsKey(name);
}

[OptionsValidator]
internal sealed partial class InvitationsOptionsValidator : IValidateOptions<InvitationsOptions>;

/// <summary>Rules spanning keys: the default time zone must exist, overrides must be sane.</summary>
internal sealed class InvitationsRulesValidator : IValidateOptions<InvitationsOptions>
{
    public ValidateOptionsResult Validate(string? name, InvitationsOptions options)
    {
        var failures = new List<string>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.DefaultTimeZone, out _))
            failures.Add($"Invitations:DefaultTimeZone '{options.DefaultTimeZone}' is not a known IANA time zone.");
        if (options.ReminderAfter < TimeSpan.Zero || options.ReminderAfter >= TimeSpan.FromDays(options.ExpiryDays))
            failures.Add("Invitations:ReminderAfter must be zero (no reminder) or a positive time shorter than Invitations:ExpiryDays.");
        foreach (var (survey, days) in options.SurveyContactPeriodDays)
            if (days is < 0 or > 365) failures.Add($"Invitations:SurveyContactPeriodDays:{survey} must be between 0 and 365.");
        foreach (var (channel, pace) in options.Pacing)
        {
            if (pace is null || pace.SendsPerSecond is < 0.01 or > 10_000)
                failures.Add($"Invitations:Pacing:{channel}:SendsPerSecond must be between 0.01 and 10000.");
            if (pace is not null && pace.Burst is < 1 or > 10_000)
                failures.Add($"Invitations:Pacing:{channel}:Burst must be between 1 and 10000.");
            if (pace is not null && pace.ConversationSendsPerSecond is < 0 or > 1_000)
                failures.Add($"Invitations:Pacing:{channel}:ConversationSendsPerSecond must be between 0 (no limit) and 1000.");
        }
        foreach (var (evt, survey) in options.Events)
            if (!ContactPolicy.IsName(evt) || string.IsNullOrWhiteSpace(survey))
                failures.Add($"Invitations:Events:{evt} needs a lower-case event name (a-z, 0-9, _) and a survey id.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// How fast proactive sends may leave on one channel: <see cref="SendsPerSecond"/> per channel (or per
/// tenant when <see cref="PerTenant"/>, as Teams counts), at most <see cref="Burst"/> at once, and at most
/// <see cref="ConversationSendsPerSecond"/> into one conversation (0: no such limit).
/// </summary>
public sealed class ChannelPace
{
    public double SendsPerSecond { get; set; } = 25;

    /// <summary>Sends allowed back to back before the pace applies; 1 spaces every send evenly.</summary>
    public int Burst { get; set; } = 1;

    public bool PerTenant { get; set; }

    public double ConversationSendsPerSecond { get; set; }
}
