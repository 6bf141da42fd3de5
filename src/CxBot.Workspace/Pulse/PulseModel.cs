using CxBot.Responses.Metrics;

namespace CxBot.Workspace.Pulse;

/// <summary>One colleague's pulse as read from the store: ratings by pillar id and the ranking, most important first.</summary>
internal sealed record PulseResponse(IReadOnlyDictionary<string, int> Ratings, IReadOnlyList<string>? Ranking);

/// <summary>How often customers' open answers speak of a pillar, and how: answers with positive and with negative mentions.</summary>
internal sealed record PillarMentions(string Pillar, long Mentions, long Positive, long Negative);

internal enum Disagreement { None, RatedWellSpokenOfBadly, RatedPoorlySpokenOfWell, MentionedMostRankedLow }

/// <summary>The team's view of one pillar beside the customers' answers about it.</summary>
internal sealed record PillarView(
    string Pillar,
    Estimate Rating,
    long Rankings,
    double? AverageRank,
    Estimate TopThree,
    Estimate Share,
    long Mentions,
    double? Net,
    int? MentionRank,
    Disagreement Disagreement)
{
    /// <summary>The team's rating on the net sentiment's scale: 1 → −100, 3 → 0, 5 → +100.</summary>
    public double? TeamIndex => Rating.Value is { } v ? (v - 3) * 50 : null;
}

internal sealed record PulseModel(
    int Days,
    DateTimeOffset From,
    DateTimeOffset To,
    long Colleagues,
    Estimate Total,
    long CustomerAnswers,
    IReadOnlyList<PillarView> Pillars,
    DisagreementRules Rules);

/// <summary>
/// The pulse page's numbers, pure so a test can check them by hand. Ratings: mean and Student t interval
/// (<see cref="Statistics.Mean"/>). Total /50: over colleagues who rated all ten pillars. Average rank: a
/// pillar left out of a top-N ranking takes the middle of the places left (top 5 of 10: (6 + 10) / 2 = 8),
/// the usual way to score ties. Top-3 share and mention share: Wilson intervals. Net sentiment: answers that
/// speak of the pillar positively minus those that speak of it negatively, per 100 answers that mention it
/// (an answer praising one of its themes and faulting another counts as neither).
/// </summary>
internal static class PulseCalculator
{
    private const int TopThree = 3;

    public static PulseModel Compute(PillarMap map, int days, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyList<PulseResponse> responses, long customerAnswers, IReadOnlyList<PillarMentions> mentions)
    {
        var count = map.Pillars.Count;
        var rankings = responses.Where(r => r.Ranking is { Count: > 0 }).Select(r => r.Ranking!).ToList();
        var complete = responses.Where(r => map.Pillars.All(p => r.Ratings.ContainsKey(p.Id))).Select(r => (double)map.Pillars.Sum(p => r.Ratings[p.Id])).ToList();
        var total = Statistics.Mean(complete.Count, complete.Sum(), complete.Sum(t => t * t), count, 5 * count);
        var byPillar = mentions.ToDictionary(m => m.Pillar, StringComparer.Ordinal);
        long Mentioned(string id) => byPillar.TryGetValue(id, out var m) ? m.Mentions : 0;

        var views = new List<PillarView>(count);
        foreach (var pillar in map.Pillars)
        {
            var scores = responses.Where(r => r.Ratings.ContainsKey(pillar.Id)).Select(r => (double)r.Ratings[pillar.Id]).ToList();
            var rating = Statistics.Mean(scores.Count, scores.Sum(), scores.Sum(s => s * s), 1, 5);
            double? averageRank = rankings.Count == 0 ? null : rankings.Average(r => RankOf(r, pillar.Id, count));
            var topThree = Statistics.Proportion(rankings.Count, rankings.Count(r => r.Take(TopThree).Contains(pillar.Id, StringComparer.Ordinal)));
            var m = byPillar.GetValueOrDefault(pillar.Id) ?? new PillarMentions(pillar.Id, 0, 0, 0);
            double? net = m.Mentions == 0 ? null : 100.0 * (m.Positive - m.Negative) / m.Mentions;
            int? mentionRank = m.Mentions == 0 ? null : 1 + map.Pillars.Count(p => Mentioned(p.Id) > m.Mentions);
            var view = new PillarView(pillar.Id, rating, rankings.Count, averageRank, topThree,
                Statistics.Proportion(customerAnswers, m.Mentions), m.Mentions, net, mentionRank, Disagreement.None);
            views.Add(view with { Disagreement = Judge(view, map.Rules) });
        }

        return new PulseModel(days, from, to, responses.Count, total, customerAnswers, views, map.Rules);
    }

    /// <summary>The place of a pillar in one ranking; unranked pillars share the mean of the places left.</summary>
    public static double RankOf(IReadOnlyList<string> ranking, string pillar, int pillars)
    {
        for (var i = 0; i < ranking.Count; i++)
            if (ranking[i] == pillar) return i + 1;
        return (ranking.Count + 1 + pillars) / 2.0;
    }

    public static Disagreement Judge(PillarView view, DisagreementRules rules)
    {
        var enoughMentions = view.Mentions >= rules.MinMentions;
        if (view.Rating.N >= rules.MinRatings && enoughMentions && view.Net is { } net && view.Rating.Value is { } rating)
        {
            if (rating >= rules.RatedWell && net <= rules.NegativeNet) return Disagreement.RatedWellSpokenOfBadly;
            if (rating <= rules.RatedPoorly && net >= rules.PositiveNet) return Disagreement.RatedPoorlySpokenOfWell;
        }

        if (view.Rankings >= rules.MinRatings && enoughMentions && view.MentionRank <= rules.CustomersTop && view.AverageRank >= rules.TeamLowRank)
            return Disagreement.MentionedMostRankedLow;
        return Disagreement.None;
    }
}
