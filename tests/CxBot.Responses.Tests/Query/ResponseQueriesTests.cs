using CxBot.Responses.Query;
using CxBot.Responses.Tests.Infrastructure;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Responses.Tests.Query;

public sealed class ResponseQueriesTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task Pages_follow_a_stable_cursor_without_gaps_or_repeats_while_new_responses_arrive()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync(Enumerable.Range(0, 25).Select(i => Answers.Score($"s{i:D2}", "nps", "nps", i % 11, minute: i)), ct);
        await store.DrainAsync(ct);
        var queries = store.Services.GetRequiredService<ResponseQueries>();

        var first = await queries.ListAsync(new ResponseFilter(), null, 10, ct);
        await store.AddAsync([Answers.Score("newest", "nps", "nps", 10, minute: 100)], ct);
        await store.DrainAsync(ct);
        var second = await queries.ListAsync(new ResponseFilter(), first.NextCursor, 10, ct);
        var third = await queries.ListAsync(new ResponseFilter(), second.NextCursor, 10, ct);

        var seen = first.Items.Concat(second.Items).Concat(third.Items).Select(r => r.ResponseId).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"s{i:D2}"), seen);
        Assert.Null(third.NextCursor);
    }

    [Fact]
    public async Task Filters_by_score_band_channel_and_churn_risk()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync(
        [
            Answers.Score("b1", "nps", "nps", 10), Answers.Score("b2", "nps", "nps", 8), Answers.Score("b3", "nps", "nps", 2, channel: "telegram"),
            Answers.Open("b3", "why", "I am cancelling my subscription and moving to another shop", channel: "telegram"),
        ], ct);
        await store.DrainAsync(ct);
        var queries = store.Services.GetRequiredService<ResponseQueries>();

        async Task<string[]> Ids(ResponseFilter f) => [.. (await queries.ListAsync(f, null, 50, ct)).Items.Select(i => i.ResponseId).Order()];

        Assert.Equal(["b1"], await Ids(new ResponseFilter(ScoreBand: "promoter")));
        Assert.Equal(["b2"], await Ids(new ResponseFilter(ScoreBand: "passive")));
        Assert.Equal(["b3"], await Ids(new ResponseFilter(Channel: "telegram")));
        Assert.Equal(["b3"], await Ids(new ResponseFilter(ChurnRisk: true)));
        Assert.Equal(["b1", "b2"], await Ids(new ResponseFilter(ChurnRisk: false)));
    }

    [Fact]
    public async Task Filters_by_touchpoint_and_by_one_context_attribute()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync(
        [
            Answers.Score("k1", "nps", "nps", 10, context: new Dictionary<string, string> { ["journey"] = "checkout", ["plan"] = "gold" }),
            Answers.Score("k2", "nps", "nps", 8, context: new Dictionary<string, string> { ["journey"] = "checkout", ["plan"] = "silver" }),
            Answers.Score("k3", "nps", "nps", 2, context: new Dictionary<string, string> { ["journey"] = "delivery", ["plan"] = "gold" }),
            Answers.Score("k4", "nps", "nps", 6),
        ], ct);
        await store.DrainAsync(ct);
        var queries = store.Services.GetRequiredService<ResponseQueries>();

        async Task<string[]> Ids(ResponseFilter f) => [.. (await queries.ListAsync(f, null, 50, ct)).Items.Select(i => i.ResponseId).Order()];

        Assert.Equal(["k1", "k2"], await Ids(new ResponseFilter(Journey: "checkout")));
        Assert.Equal(["k1", "k3"], await Ids(new ResponseFilter(ContextKey: "plan", ContextValue: "gold")));
        Assert.Equal(["k1"], await Ids(new ResponseFilter(Journey: "checkout", ContextKey: "plan", ContextValue: "gold")));
        Assert.Equal(["k1", "k2", "k3", "k4"], await Ids(new ResponseFilter(ContextKey: "plan")));
        Assert.Empty(await Ids(new ResponseFilter(ContextKey: "plan", ContextValue: "platinum")));
    }

    [Theory]
    [InlineData("en", "The couriers were rude to my grandmother", "courier")]
    [InlineData("ru", "Курьеры грубили моей бабушке", "курьер")]
    [InlineData("ro", "Curierii au întârziat două zile", "curierii intarziat")]
    [InlineData("pl", "Kurier spóźnił się z przesyłką", "spoznil")]
    public async Task Full_text_search_finds_masked_open_text_in_each_language(string language, string text, string query)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync([Answers.Open("w1", "why", text, language), Answers.Open("w2", "why", "Everything was fine, thanks", language)], ct);
        await store.DrainAsync(ct);
        var queries = store.Services.GetRequiredService<ResponseQueries>();

        var found = await queries.ListAsync(new ResponseFilter(Search: query), null, 10, ct);

        Assert.Equal("w1", Assert.Single(found.Items).ResponseId);
    }

    [Fact]
    public async Task Csv_export_quotes_commas_and_defuses_formulas()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync([Answers.Open("v1", "why", "=HYPERLINK(\"x\"), slow, \"very\" slow")], ct);
        await store.DrainAsync(ct);
        var writer = new StringWriter();

        await store.Services.GetRequiredService<ResponseQueries>().WriteCsvAsync(new ResponseFilter(), writer, ct);

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("response_id,", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("\"'=HYPERLINK(\"\"x\"\"), slow, \"\"very\"\" slow\"", lines[1], StringComparison.Ordinal);
    }
}
