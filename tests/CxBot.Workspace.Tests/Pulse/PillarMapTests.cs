using System.Text.Json;
using CxBot.Responses.Metrics;
using CxBot.Surveys.Definitions;
using CxBot.Testing;
using CxBot.Workspace.Pulse;

namespace CxBot.Workspace.Tests.Pulse;

/// <summary>The pillar-to-theme data file and the pure rules behind the pulse page.</summary>
public sealed class PillarMapTests
{
    private static readonly PillarMap Map = PillarMap.Load();

    [Fact]
    public void The_pillars_are_the_pulse_surveys_questions_and_ranking_options_in_order()
    {
        var survey = SurveyLoader.LoadOrThrow(RepositoryPaths.InRoot("dialogs")).Latest(Map.Survey)!;
        var ranking = survey.Find(Map.Ranking)!;

        Assert.Equal(QuestionKind.Ranking, ranking.Kind);
        Assert.Equal(ranking.Options.Select(o => o.Id), Map.Pillars.Select(p => p.Id));
        Assert.Equal(survey.Questions.Where(q => q.Kind == QuestionKind.Likert).Select(q => q.Id), Map.Pillars.Select(p => p.Id));
    }

    [Fact]
    public void Every_mapped_theme_is_a_theme_of_the_taxonomy()
    {
        using var taxonomy = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.InRoot("src", "CxBot.Analysis", "Data", "taxonomy.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var themes = taxonomy.RootElement.GetProperty("themes").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToHashSet();

        Assert.All(Map.Pillars.SelectMany(p => p.Themes), t => Assert.Contains(t, themes));
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, "a", 1.0)]
    [InlineData(new[] { "a", "b" }, "b", 2.0)]
    [InlineData(new[] { "a", "b", "c", "d", "e" }, "z", 8.0)]
    [InlineData(new[] { "a", "b", "c" }, "z", 7.0)]
    public void An_unranked_pillar_takes_the_middle_of_the_places_left(string[] ranking, string pillar, double expected) =>
        Assert.Equal(expected, PulseCalculator.RankOf(ranking, pillar, 10));

    private static PillarView View(double rating, long ratings, double? net, long mentions, int? mentionRank = null, double? averageRank = null) =>
        new("service", new Estimate(ratings, rating, null, null), ratings, averageRank, Estimate.Empty, Estimate.Empty, mentions, net, mentionRank, Disagreement.None);

    [Theory]
    [InlineData(4.0, 3, -20.0, 3, "RatedWellSpokenOfBadly")]
    [InlineData(3.99, 3, -80.0, 10, "None")]
    [InlineData(4.5, 3, -19.0, 10, "None")]
    [InlineData(4.5, 2, -80.0, 10, "None")]
    [InlineData(4.5, 3, -80.0, 2, "None")]
    [InlineData(2.5, 3, 20.0, 3, "RatedPoorlySpokenOfWell")]
    [InlineData(2.6, 3, 90.0, 3, "None")]
    public void Rating_against_sentiment_flags_exactly_at_the_thresholds(double rating, long ratings, double net, long mentions, string expected) =>
        Assert.Equal(expected, PulseCalculator.Judge(View(rating, ratings, net, mentions), Map.Rules).ToString());

    [Theory]
    [InlineData(3, 6.0, "MentionedMostRankedLow")]
    [InlineData(4, 9.0, "None")]
    [InlineData(1, 5.9, "None")]
    public void Mentioned_most_but_ranked_low_is_flagged(int mentionRank, double averageRank, string expected) =>
        Assert.Equal(expected, PulseCalculator.Judge(View(3.5, 5, 0, 5, mentionRank, averageRank), Map.Rules).ToString());
}
