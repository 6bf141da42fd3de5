using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Alerts;

/// <summary>
/// The "Workspace:Alerts" section: where alerts for new urgent cases go and how hard to try. Secrets (and Teams
/// webhook URLs, which carry a key in their path) belong in environment variables or user secrets, e.g.
/// <c>Workspace__Alerts__Webhooks__0__Secret</c>.
/// </summary>
public sealed class AlertOptions
{
    public const string Section = "Workspace:Alerts";

    public List<AlertWebhook> Webhooks { get; set; } = [];

    /// <summary>The workspace's public address (https://cx.example.com); case links in alerts are made absolute with it.</summary>
    public string? WorkspaceUrl { get; set; }

    /// <summary>The language of the labels in a Teams card.</summary>
    [RegularExpression("^(en|ru|pl|ro)$", ErrorMessage = "Workspace:Alerts:Language must be en, ru, pl or ro.")]
    public string Language { get; set; } = "en";

    /// <summary>Attempts before a delivery is marked failed (it then waits for a replay).</summary>
    [Range(1, 100, ErrorMessage = "Workspace:Alerts:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>The delay after the first failed attempt; it doubles with each further one, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Workspace:Alerts:BaseDelay must be between 1 ms and 1 hour.")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>No wait between attempts is longer, a receiver's Retry-After included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "Workspace:Alerts:MaxDelay must be between 1 ms and 1 day.")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00", ErrorMessage = "Workspace:Alerts:RequestTimeout must be between 50 ms and 5 minutes.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a dispatcher looks for due deliveries when no new alert wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Workspace:Alerts:PollInterval must be between 10 ms and 10 minutes.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1, 500, ErrorMessage = "Workspace:Alerts:BatchSize must be between 1 and 500.")]
    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// Delivered rows older than this many days are deleted by the dispatcher; failed and pending rows are never
    /// deleted automatically, because someone still has to see or replay them.
    /// </summary>
    [Range(1, 3_650, ErrorMessage = "Workspace:Alerts:KeepDeliveredDays must be between 1 and 3650.")]
    public int KeepDeliveredDays { get; set; } = 30;

    /// <summary>How often a dispatcher deletes old delivered rows, one bounded batch at a time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Workspace:Alerts:PruneInterval must be between 10 ms and 1 day.")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most delivered rows one prune deletes; a backlog is worked off a batch per poll round.</summary>
    [Range(1, 10_000, ErrorMessage = "Workspace:Alerts:PruneBatchSize must be between 1 and 10000.")]
    public int PruneBatchSize { get; set; } = 1_000;

    /// <summary>False stops this host from posting (another host does); it still queues alerts and shows the page.</summary>
    public bool RunDispatcher { get; set; } = true;

    public AlertWebhook? Find(string name) => Webhooks.Find(w => string.Equals(w.Name, name, StringComparison.Ordinal));
}

/// <summary>One receiver of alerts.</summary>
public sealed class AlertWebhook
{
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    /// <summary>The HMAC key for the X-CxBot-Signature header; required for the json format.</summary>
    public string? Secret { get; set; }

    /// <summary>"json" (the documented, signed payload) or "teams" (a message with an Adaptive Card).</summary>
    public string Format { get; set; } = AlertFormats.Json;
}

public static class AlertFormats
{
    public const string Json = "json";
    public const string Teams = "teams";
}

[OptionsValidator]
internal sealed partial class AlertOptionsValidator : IValidateOptions<AlertOptions>;

/// <summary>The rules across fields: each webhook's name, address, format and secret, and the delays' order.</summary>
internal sealed partial class AlertWebhooksValidator : IValidateOptions<AlertOptions>
{
    public const int MinSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var hook = options.Webhooks[i];
            var key = $"{AlertOptions.Section}:Webhooks:{i}";
            if (!WebhookName().IsMatch(hook.Name ?? ""))
            {
                failures.Add($"{key}:Name is required: 1 to 64 letters, digits, '.', '_' or '-'.");
            }

            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                // The address itself is not repeated: a Teams webhook URL is a credential.
                failures.Add($"{key}:Url must be an absolute http or https address.");
            }

            if (hook.Format is not (AlertFormats.Json or AlertFormats.Teams))
            {
                failures.Add($"{key}:Format must be '{AlertFormats.Json}' or '{AlertFormats.Teams}'.");
            }
            else if (hook.Format == AlertFormats.Json && (hook.Secret?.Length ?? 0) < MinSecretLength)
            {
                failures.Add($"{key}:Secret must be at least {MinSecretLength} characters for the json format (receivers verify the HMAC with it).");
            }
        }

        foreach (var duplicate in options.Webhooks.GroupBy(w => w.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"{AlertOptions.Section}:Webhooks names '{duplicate.Key}' more than once.");
        }

        if (!string.IsNullOrWhiteSpace(options.WorkspaceUrl)
            && (!Uri.TryCreate(options.WorkspaceUrl, UriKind.Absolute, out var workspace) || (workspace.Scheme != Uri.UriSchemeHttps && workspace.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"{AlertOptions.Section}:WorkspaceUrl must be an absolute http or https address.");
        }

        if (options.MaxDelay < options.BaseDelay)
        {
            failures.Add($"{AlertOptions.Section}:MaxDelay must not be shorter than {AlertOptions.Section}:BaseDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex WebhookName();
}
