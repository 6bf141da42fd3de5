using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Pulse;

/// <summary>
/// Three colleagues who rated every pillar, one who rated two and stopped, and thirteen analysed customer answers
/// in the last 30 days, plus rows that must not count (too old, the pulse's own, not analysed). Worked by hand:
/// customer service is rated 4.67 by the team while customers speak of it at net −50; friction is mentioned second
/// most by customers while the team ranks it 7.0 on average.
/// </summary>
internal static class PulseScenario
{
    public static readonly int?[][] Ratings =
    [
        //       adv cont dig  nond comm reps prod serv fric rep
        [4, 3, 5, 2, 3, 4, 4, 5, 2, 4],
        [3, 3, 4, 2, 2, 4, 5, 4, 3, 4],
        [5, 2, 4, 3, 3, 5, 4, 5, 1, 3],
        [2, 4, null, null, null, null, null, null, null, null],
    ];

    public static readonly string[]?[] Rankings =
    [
        ["products", "service", "digital", "reputation", "friction"],
        ["service", "products", "digital", "advertising", "reputation"],
        ["products", "reputation", "service", "digital", "content"],
        null,
    ];

    public static async Task SeedAsync(WorkspaceApp app, CancellationToken ct)
    {
        for (var i = 0; i < Ratings.Length; i++) await PulseSeed.ColleagueAsync(app, $"colleague{i + 1}", Ratings[i], Rankings[i], 2 + i, ct);
        // Older than the 30-day period: left out of it.
        await PulseSeed.ColleagueAsync(app, "colleague-old", [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], ["communication"], 45, ct);

        (string, string)[][] themes =
        [
            [("wait_time", "negative"), ("delivery", "positive")],
            [("issue_resolution", "negative")],
            [("wait_time", "negative"), ("issue_resolution", "negative")],
            [("returns_refunds", "positive")],
            [("digital_experience", "negative")],
            [("digital_experience", "positive"), ("automation", "negative")],
            [("product_quality", "positive")],
            [("price_value", "negative")],
            [("brand_trust", "positive")],
            [],
            [("ease_of_use", "negative")],
            [("ease_of_use", "negative")],
            [("ease_of_use", "negative"), ("billing_payment", "neutral")],
        ];
        for (var i = 0; i < themes.Length; i++)
            await PulseSeed.CustomerAsync(app, $"customer{i + 1}", i == 0 ? "<script>alert('pulse')</script> slow replies" : $"answer {i + 1}", themes[i], 1 + i, ct);

        await PulseSeed.CustomerAsync(app, "customer-old", "old", [("wait_time", "negative")], 40, ct);
        await PulseSeed.CustomerAsync(app, "customer-unanalysed", "not yet analysed", null, 1, ct);
        await PulseSeed.CustomerAsync(app, "colleague-comment", "said in the pulse", [("wait_time", "positive")], 1, ct, survey: "employee-pulse", journey: "employee_pulse");
    }
}
