using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxBot.Workspace.Pulse;

/// <summary>One pillar of customer experience and the CX themes through which customers speak of it.</summary>
internal sealed record Pillar(string Id, IReadOnlyList<string> Themes);

/// <summary>
/// When the team's view and the customers' answers disagree (thresholds from <c>Pulse/pillars.json</c>):
/// <list type="bullet">
/// <item>rated well, spoken of badly: the team's average is at least <see cref="RatedWell"/> (of 5) while
/// customers' net sentiment on the pillar is at most <see cref="NegativeNet"/>;</item>
/// <item>rated poorly, spoken of well: the team's average is at most <see cref="RatedPoorly"/> while the
/// net sentiment is at least <see cref="PositiveNet"/>;</item>
/// <item>mentioned most, ranked low: the pillar is among the <see cref="CustomersTop"/> customers mention
/// most while the team's average rank is <see cref="TeamLowRank"/> or lower down.</item>
/// </list>
/// Each needs at least <see cref="MinRatings"/> colleagues' ratings (or rankings) and <see cref="MinMentions"/>
/// customer mentions, so a handful of answers does not raise an alarm.
/// </summary>
internal sealed record DisagreementRules(
    double RatedWell, double RatedPoorly, double NegativeNet, double PositiveNet,
    int MinRatings, int MinMentions, int CustomersTop, double TeamLowRank);

/// <summary>The pulse survey, its ranking question, the pillars in the survey's order and the rules.</summary>
internal sealed record PillarMap(string Survey, string Ranking, IReadOnlyList<Pillar> Pillars, DisagreementRules Rules)
{
    private const string Resource = "CxBot.Workspace.Pulse.pillars.json";

    public static PillarMap Load()
    {
        using var stream = typeof(PillarMap).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is not embedded.");
        var map = JsonSerializer.Deserialize(stream, PulseJson.Default.PillarMap)
            ?? throw new InvalidOperationException($"{Resource} is empty.");
        if (map.Pillars.Count == 0 || map.Pillars.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count() != map.Pillars.Count
            || map.Pillars.Any(p => p.Themes.Count == 0))
        {
            throw new InvalidOperationException($"{Resource}: every pillar needs a unique id and at least one theme.");
        }

        return map;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(PillarMap))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class PulseJson : JsonSerializerContext;
