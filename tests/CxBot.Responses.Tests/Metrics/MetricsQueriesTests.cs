using CxBot.Responses.Metrics;
using CxBot.Responses.Tests.Infrastructure;
using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Responses.Tests.Metrics;

public sealed class MetricsQueriesTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly MetricFilter March = new(new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Nps_from_stored_answers_matches_the_hand_computed_value_and_slices_by_channel_and_context()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        int[] teams = [10, 9, 9, 9, 9, 8, 7, 7, 3, 0];
        int[] telegram = [9, 2];
        var answers = new List<AnswerRecord>();
        for (var i = 0; i < teams.Length; i++)
            answers.Add(Answers.Score($"t{i}", "nps", "nps", teams[i], i, context: new Dictionary<string, string> { ["region"] = i < 5 ? "north" : "south" }));
        for (var i = 0; i < telegram.Length; i++)
            answers.Add(Answers.Score($"g{i}", "nps", "nps", telegram[i], 60 * 24 * 3 + i, channel: "telegram"));
        await store.AddAsync(answers, ct);
        await store.DrainAsync(ct);
        var metrics = store.Services.GetRequiredService<MetricsQueries>();

        var byChannel = await metrics.QueryAsync(MetricKind.Nps, March, null, "channel", ct);
        var msteams = byChannel.Single(r => r.Slice == "msteams");
        Assert.Equal(Statistics.Nps(10, 5, 2), msteams.Score);
        Assert.Equal(30, msteams.Score.Value!.Value, 6);
        Assert.Equal(Statistics.Nps(2, 1, 1), byChannel.Single(r => r.Slice == "telegram").Score);

        var byRegion = await metrics.QueryAsync(MetricKind.Nps, March with { Channel = "msteams" }, null, "context.region", ct);
        Assert.Equal(100, byRegion.Single(r => r.Slice == "north").Score.Value!.Value, 6);
        Assert.Equal(-40, byRegion.Single(r => r.Slice == "south").Score.Value!.Value, 6);

        var byDay = await metrics.QueryAsync(MetricKind.Nps, March, "day", null, ct);
        Assert.Equal([10L, 2L], byDay.Select(r => r.N));
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero), byDay[1].Bucket);
    }

    [Fact]
    public async Task A_period_without_answers_has_no_rows_and_a_comparison_with_it_is_not_significant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync([Answers.Score("c1", "csat", "csat", 5), Answers.Score("c2", "csat", "csat", 4), Answers.Score("c3", "csat", "csat", 2)], ct);
        await store.DrainAsync(ct);
        var metrics = store.Services.GetRequiredService<MetricsQueries>();
        var february = new MetricFilter(new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Empty(await metrics.QueryAsync(MetricKind.Csat, february, null, null, ct));
        var csat = Assert.Single(await metrics.QueryAsync(MetricKind.Csat, March, null, null, ct));
        Assert.Equal(Statistics.Proportion(3, 2), csat.Score);
        Assert.Equal(11.0 / 3, csat.Mean!.Value!.Value, 6);

        var diff = Assert.Single(await metrics.CompareAsync(MetricKind.Csat, february, March, null, ct));
        Assert.Null(diff.Score.Value);
        Assert.False(diff.Score.Significant);
    }

    [Fact]
    public async Task The_funnel_counts_partial_responses_and_where_they_stopped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync(
        [
            Answers.Score("f1", "nps", "nps", 9), Answers.Open("f1", "why", "fast"), Answers.Event("f1", AnswerRecord.CompleteEvent, 1),
            Answers.Score("f2", "nps", "nps", 4), Answers.Open("f2", "why", "slow", minute: 1),
            Answers.Score("f3", "nps", "nps", 7),
        ], ct);
        await store.DrainAsync(ct);

        var funnel = await store.Services.GetRequiredService<MetricsQueries>().FunnelAsync(March, ct);

        Assert.Equal(3, funnel.Started);
        Assert.Equal(1, funnel.Completed);
        var nps = funnel.Questions.Single(q => q.QuestionId == "nps");
        var why = funnel.Questions.Single(q => q.QuestionId == "why");
        Assert.Equal((3L, 1L), (nps.Answered, nps.DroppedHere));
        Assert.Equal((2L, 1L), (why.Answered, why.DroppedHere));
        Assert.Equal(Statistics.Proportion(3, 2), why.AnswerRate);
    }

    [Fact]
    public async Task Themes_are_counted_with_their_sentiment()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync(
        [
            Answers.Open("h1", "why", "The courier delivered my parcel two weeks late"),
            Answers.Open("h2", "why", "Delivery was late again and the box was damaged"),
        ], ct);
        await store.DrainAsync(ct);

        var themes = await store.Services.GetRequiredService<MetricsQueries>().ThemesAsync(March, null, null, ct);

        Assert.NotEmpty(themes);
        Assert.Equal(
            await store.ScalarAsync("select count(*) from answer_themes", ct),
            themes.Sum(t => t.Mentions));
        Assert.All(themes, t => Assert.Equal(t.Mentions, t.Positive + t.Negative + t.Neutral));
    }
}
