namespace CxBot.Workspace.Cases;

/// <summary>What the rules look at in one stored response: its scores by metric and the analyzer's flags on its text.</summary>
internal sealed record ResponseFacts(
    string ResponseId,
    string? CustomerId,
    string ChannelId,
    string? ConversationId,
    string Language,
    DateTimeOffset StoredAt,
    IReadOnlyDictionary<string, int> Scores,
    bool ChurnRisk,
    bool WantsContact);

/// <summary>The case the rules call for: its reasons (rule names, in rule order), urgency and due time.</summary>
internal sealed record CaseDecision(IReadOnlyList<string> Reasons, bool Urgent, DateTimeOffset DueAt);

/// <summary>The rules, pure: facts in, a decision (or none) out.</summary>
internal static class CaseRules
{
    public static CaseDecision? Decide(IReadOnlyList<CaseRule> rules, ResponseFacts facts, DateTimeOffset openedAt)
    {
        var matched = rules.Where(r => Matches(r, facts)).ToList();
        if (matched.Count == 0) return null;
        return new CaseDecision([.. matched.Select(r => r.Name)], matched.Any(r => r.Urgent), openedAt.AddHours(matched.Min(r => r.DueHours)));
    }

    private static bool Matches(CaseRule rule, ResponseFacts facts) =>
        rule.Metric is { } metric ? facts.Scores.TryGetValue(metric, out var score) && score <= rule.AtMost
        : rule.Signal switch
        {
            "churn_risk" => facts.ChurnRisk,
            "wants_contact" => facts.WantsContact,
            _ => false,
        };
}
