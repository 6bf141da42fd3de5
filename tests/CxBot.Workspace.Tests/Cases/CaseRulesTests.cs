using CxBot.Workspace.Cases;

namespace CxBot.Workspace.Tests.Cases;

public sealed class CaseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static ResponseFacts Facts(int? nps = null, int? csat = null, bool churn = false, bool wants = false)
    {
        var scores = new Dictionary<string, int>();
        if (nps is { } n) scores["nps"] = n;
        if (csat is { } c) scores["csat"] = c;
        return new ResponseFacts("r", "c", "telegram", "conv", "en", Now, scores, churn, wants);
    }

    [Fact]
    public void The_shipped_rules_are_valid_and_name_detractors_low_csat_churn_risk_and_contact_requests()
    {
        var options = CaseData.ShippedOptions();

        Assert.True(new CaseRulesValidator().Validate(null, options).Succeeded);
        Assert.Equal(["detractor", "low_csat", "churn_risk", "wants_contact"], options.Rules.Select(r => r.Name));
    }

    [Theory]
    [InlineData(6, true)]
    [InlineData(0, true)]
    [InlineData(7, false)]
    [InlineData(10, false)]
    public void A_detractor_is_an_nps_of_six_or_less(int nps, bool opens)
    {
        var decision = CaseRules.Decide(CaseData.ShippedOptions().Rules, Facts(nps: nps), Now);

        Assert.Equal(opens, decision is not null);
        if (decision is not null)
        {
            Assert.Equal(["detractor"], decision.Reasons);
            Assert.False(decision.Urgent);
            Assert.Equal(Now.AddHours(72), decision.DueAt);
        }
    }

    [Fact]
    public void A_detractor_who_asks_to_be_contacted_is_urgent_and_due_by_the_shortest_rule()
    {
        var decision = CaseRules.Decide(CaseData.ShippedOptions().Rules, Facts(nps: 2, csat: 2, wants: true), Now)!;

        Assert.Equal(["detractor", "low_csat", "wants_contact"], decision.Reasons);
        Assert.True(decision.Urgent);
        Assert.Equal(Now.AddHours(24), decision.DueAt);
    }

    [Fact]
    public void A_happy_customer_with_churn_risk_opens_an_urgent_case_and_a_happy_one_without_none()
    {
        var rules = CaseData.ShippedOptions().Rules;

        Assert.Equal(["churn_risk"], CaseRules.Decide(rules, Facts(nps: 9, churn: true), Now)!.Reasons);
        Assert.Null(CaseRules.Decide(rules, Facts(nps: 9, csat: 5), Now));
    }

    [Fact]
    public void A_rule_with_both_a_metric_and_a_signal_or_an_unknown_metric_is_refused_with_its_key()
    {
        var options = new CasesOptions
        {
            Rules =
            [
                new CaseRule { Name = "both", Metric = "nps", AtMost = 6, Signal = "churn_risk" },
                new CaseRule { Name = "odd", Metric = "ltv", AtMost = 1 },
                new CaseRule { Name = "odd", Signal = "angry" },
            ],
        };

        var result = new CaseRulesValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Workspace:Cases:Rules:0", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Workspace:Cases:Rules:1:Metric", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Workspace:Cases:Rules:2:Signal", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("'odd' more than once", StringComparison.Ordinal));
    }
}
