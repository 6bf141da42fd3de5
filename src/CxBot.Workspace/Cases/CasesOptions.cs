using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Cases;

/// <summary>The "Workspace:Cases" section: the rules that open cases, and how often the host looks for new responses.</summary>
public sealed class CasesOptions
{
    public const string Section = "Workspace:Cases";

    /// <summary>Each rule that matches a response adds its name to the case's reasons; the first urgent one makes it urgent.</summary>
    public List<CaseRule> Rules { get; set; } = [];

    [Range(1, 3_600, ErrorMessage = "Workspace:Cases:ScanSeconds must be between 1 and 3600.")]
    public int ScanSeconds { get; set; } = 15;

    /// <summary>Answers stored this long before the cursor are looked at again: a transaction may commit after a later one.</summary>
    [Range(0, 3_600, ErrorMessage = "Workspace:Cases:OverlapSeconds must be between 0 and 3600.")]
    public int OverlapSeconds { get; set; } = 120;

    /// <summary>How long after a message the customer's next chat message is taken as a reply to the case.</summary>
    [Range(1, 24 * 30, ErrorMessage = "Workspace:Cases:ReplyWindowHours must be between 1 and 720.")]
    public int ReplyWindowHours { get; set; } = 168;
}

/// <summary>
/// One rule: a score at or below <see cref="AtMost"/> on a <see cref="Metric"/> question (nps, csat, ces), or a
/// <see cref="Signal"/> the analyzer raised on open text (churn_risk, wants_contact).
/// </summary>
public sealed class CaseRule
{
    public string Name { get; set; } = "";

    public string? Metric { get; set; }

    public int? AtMost { get; set; }

    public string? Signal { get; set; }

    public bool Urgent { get; set; }

    public int DueHours { get; set; } = 72;
}

[OptionsValidator]
internal sealed partial class CasesOptionsValidator : IValidateOptions<CasesOptions>;

/// <summary>Each rule is either a metric with a threshold or a signal, with a unique name and a due time.</summary>
internal sealed partial class CaseRulesValidator : IValidateOptions<CasesOptions>
{
    public static IReadOnlyList<string> Metrics { get; } = ["nps", "csat", "ces"];

    public static IReadOnlyList<string> Signals { get; } = ["churn_risk", "wants_contact"];

    public ValidateOptionsResult Validate(string? name, CasesOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var key = $"Workspace:Cases:Rules:{i}";
            if (!RuleName().IsMatch(rule.Name)) failures.Add($"{key}:Name must be lower case letters, digits and underscores, not '{rule.Name}'.");
            if ((rule.Metric is null) == (rule.Signal is null)) failures.Add($"{key} needs either Metric (with AtMost) or Signal, not both.");
            if (rule.Metric is not null && (!Metrics.Contains(rule.Metric) || rule.AtMost is null))
                failures.Add($"{key}:Metric must be one of {string.Join(", ", Metrics)} and have AtMost.");
            if (rule.Signal is not null && !Signals.Contains(rule.Signal))
                failures.Add($"{key}:Signal must be one of {string.Join(", ", Signals)}.");
            if (rule.DueHours is < 1 or > 24 * 90) failures.Add($"{key}:DueHours must be between 1 and 2160.");
        }

        foreach (var duplicate in options.Rules.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"Workspace:Cases:Rules names '{duplicate.Key}' more than once.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex RuleName();
}
