using System.Net;
using System.Text.RegularExpressions;
using CxBot.Analysis;
using CxBot.Responses;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Workspace.Corrections;
using CxBot.Workspace.Tests.Infrastructure;
using CxBot.Workspace.Tests.Themes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CxBot.Workspace.Tests.Corrections;

/// <summary>Tag corrections: stored, audited, counted in the theme figures, and taught to the analyzer, also after a restart.</summary>
public sealed partial class CorrectionTests(RedisServer redis, PostgresServer postgres)
{
    // Words no theme cue of the taxonomy speaks for: only a correction can give this answer a theme.
    private const string Taught = "My grandmother liked the colour of the envelope";
    private const string Similar = "My grandmother really liked the colour of the envelope";

    internal static async Task<HttpResponseMessage> CorrectAsync(HttpClient http, string response, CancellationToken ct, bool withToken = true, params (string Name, string Value)[] fields)
    {
        var path = $"/workspace/answers/{response}/{ThemeSeed.Question}";
        var token = withToken ? await WorkspaceApp.FormTokenAsync(http, path, ct) : null;
        return await http.PostAsync($"{path}/correct", WorkspaceApp.Form(token, fields), ct);
    }

    [Fact]
    public async Task A_correction_changes_the_theme_figures_and_is_audited_with_before_and_after()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var analyst = await app.SignedInAsync("ana", ct);

        // r2 said "Fast delivery, great": the team says it is about price, negatively, and the customer may leave.
        using var saved = await CorrectAsync(analyst, "r2", ct, true,
            ("theme:delivery", "remove"), ("add", "price_value"), ("addSentiment", "negative"), ("sentiment", "negative"), ("churn", "true"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var themes = await ThemeExplorerTests.ThemesAsync(analyst, ct);
        // delivery: r1 (neg), r4 (neg) → net −100; with r1 r4 (2 D) = −100, without r2 r3 r5 r6 (2 P, 1 D) = +25 → impact −125.
        var delivery = themes["delivery"];
        Assert.Equal((2, 0, 2), (delivery.GetProperty("mentions").GetInt32(), delivery.GetProperty("positive").GetInt32(), delivery.GetProperty("negative").GetInt32()));
        Assert.Equal(-100, ThemeExplorerTests.Number(delivery.GetProperty("netSentiment"))!.Value, 6);
        Assert.Equal(-125, ThemeExplorerTests.Number(delivery.GetProperty("impact").GetProperty("value"))!.Value, 6);
        // price_value: r5 (neutral), r2 (neg) → net −50; with r2 r5 (1 P) = 50, without r1 r3 r4 r6 (1 P, 3 D) = −50 → impact +100.
        var price = themes["price_value"];
        Assert.Equal((2, 1, 1), (price.GetProperty("mentions").GetInt32(), price.GetProperty("neutral").GetInt32(), price.GetProperty("negative").GetInt32()));
        Assert.Equal(100, ThemeExplorerTests.Number(price.GetProperty("impact").GetProperty("value"))!.Value, 6);

        Assert.Equal(1, await app.CountAsync("""
            select count(*) from workspace_audit where user_name = 'ana' and role = 'analyst' and action = 'answer.correct' and entity = 'answer:r2/why'
              and before -> 'labels' ->> 'sentiment' = 'positive' and before -> 'labels' -> 'themes' @> '[{"theme": "delivery", "sentiment": "positive"}]'
              and after -> 'labels' ->> 'sentiment' = 'negative' and after -> 'labels' -> 'themes' = '[{"theme": "price_value", "sentiment": "negative"}]'
              and (after -> 'labels' ->> 'churnRisk')::boolean and not (before -> 'labels' ->> 'churnRisk')::boolean
            """, ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from answer_corrections where response_id = 'r2' and analyzer_sentiment = 'positive' and analyzer_themes = '{delivery}'", ct));

        // The answer page says the labels are human-verified, and keeps the analyzer's stored labels beside them.
        var page = await analyst.GetStringAsync("/workspace/answers/r2/why", ct);
        Assert.Contains("data-field=\"verified\"", page, StringComparison.Ordinal);
        Assert.Matches(LabelPanel("team", "price_value"), page);
        Assert.Matches(LabelPanel("stored", "delivery"), page);
    }

    [Fact]
    public async Task A_later_revision_of_the_answer_sets_the_team_labels_aside_until_it_is_reviewed_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var analyst = await app.SignedInAsync("ana", ct);
        using var saved = await CorrectAsync(analyst, "r2", ct, true, ("theme:delivery", "remove"), ("sentiment", "negative"));
        Assert.Equal(2, (await ThemeExplorerTests.ThemesAsync(analyst, ct))["delivery"].GetProperty("mentions").GetInt32());

        // The customer went back and changed the answer: the pipeline stored revision 2 with the analyzer's labels.
        await using (var revise = app.Data.CreateCommand("update answers set answer_id = 'r2:why:2', revision = 2, masked_text = 'Fast delivery, really great' where response_id = 'r2' and question_id = 'why'"))
        {
            await revise.ExecuteNonQueryAsync(ct);
        }

        Assert.Equal(3, (await ThemeExplorerTests.ThemesAsync(analyst, ct))["delivery"].GetProperty("mentions").GetInt32());
        var page = await analyst.GetStringAsync("/workspace/answers/r2/why", ct);
        Assert.Contains("data-field=\"unverified\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_analyzer_learns_a_correction_at_once_and_tags_a_similar_new_text_differently()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.AnswerAsync(app, "g1", 9, 1, Taught, [], ct, sentiment: "positive");
        var analyzer = app.App.Services.GetRequiredService<ITextAnalyzer>();
        var before = await AnalyzeAsync(analyzer, Similar, ct);
        Assert.DoesNotContain(before.Themes, t => t.Theme == "loyalty_rewards");
        Assert.False(before.ChurnRisk);
        using var analyst = await app.SignedInAsync("ana", ct);
        Assert.DoesNotMatch(LabelPanel("now", "loyalty_rewards"), await analyst.GetStringAsync("/workspace/answers/g1/why", ct));

        using var saved = await CorrectAsync(analyst, "g1", ct, true, ("add", "loyalty_rewards"), ("addSentiment", "negative"), ("sentiment", "negative"), ("churn", "true"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await AnalyzeAsync(analyzer, Similar, ct);
        var theme = Assert.Single(after.Themes);
        Assert.Equal(("loyalty_rewards", Sentiment.Negative), (theme.Theme, theme.Sentiment));
        Assert.Equal(Sentiment.Negative, after.Sentiment);
        Assert.True(after.ChurnRisk);
        Assert.Matches(LabelPanel("now", "loyalty_rewards"), await analyst.GetStringAsync("/workspace/answers/g1/why", ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_restarted_host_or_worker_is_taught_the_stored_corrections_at_start(bool workspaceHost)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.AnswerAsync(app, "g1", 9, 1, Taught, [], ct, sentiment: "positive");
        using var analyst = await app.SignedInAsync("ana", ct);
        using var saved = await CorrectAsync(analyst, "g1", ct, true, ("add", "loyalty_rewards"), ("addSentiment", "negative"), ("sentiment", "negative"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // A second process over the same store: the bot's host with the workspace, or `cxbot worker`.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = app.App.Configuration.GetConnectionString("Redis"),
            ["ConnectionStrings:Postgres"] = app.App.Configuration.GetConnectionString("Postgres"),
            ["Redis:KeyPrefix"] = RedisServer.NewPrefix(),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddCxBotStorage();
        builder.AddCxBotAnalysis();
        builder.AddCxBotResponses(runWorkers: false);
        if (workspaceHost) builder.AddCxBotWorkspace();
        else builder.AddCxBotCorrectionReplay();
        using var restarted = builder.Build();
        var fresh = restarted.Services.GetRequiredService<ITextAnalyzer>();
        Assert.DoesNotContain((await AnalyzeAsync(fresh, Similar, ct)).Themes, t => t.Theme == "loyalty_rewards");

        await restarted.StartAsync(ct);
        try
        {
            Assert.Equal(1, await restarted.Services.GetRequiredService<CorrectionReplay>().Replayed.WaitAsync(TimeSpan.FromSeconds(30), ct));
            var theme = Assert.Single((await AnalyzeAsync(fresh, Similar, ct)).Themes);
            Assert.Equal(("loyalty_rewards", Sentiment.Negative), (theme.Theme, theme.Sentiment));
        }
        finally
        {
            await restarted.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Agreement_over_time_counts_how_often_the_analyzer_said_what_the_team_did()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var analyst = await app.SignedInAsync("ana", ct);

        // r1: confirmed as it was (all agree); r2: theme and sentiment changed (churn agrees); r3: churn flagged only.
        using var r1 = await CorrectAsync(analyst, "r1", ct, true, ("sentiment", "negative"));
        using var r2 = await CorrectAsync(analyst, "r2", ct, true, ("theme:delivery", "remove"), ("add", "price_value"), ("addSentiment", "negative"), ("sentiment", "negative"));
        using var r3 = await CorrectAsync(analyst, "r3", ct, true, ("sentiment", "positive"), ("churn", "true"));
        Assert.All(new[] { r1, r2, r3 }, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));

        var html = await analyst.GetStringAsync("/workspace/corrections", ct);

        var row = Regex.Match(html, "<table class=\"audit agreement\">.*?<tbody><tr><td>[0-9-]+</td><td>(\\d+)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr></tbody>", RegexOptions.Singleline);
        Assert.True(row.Success, "one week of agreement");
        Assert.Equal(("3", "66.7 %", "66.7 %", "66.7 %"), (row.Groups[1].Value, row.Groups[2].Value, row.Groups[3].Value, row.Groups[4].Value));
        Assert.Contains("data-field=\"corrections.themesAgree\">66.7 %", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correction_with_an_unknown_theme_or_sentiment_is_refused_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var analyst = await app.SignedInAsync("ana", ct);

        using var unknownTheme = await CorrectAsync(analyst, "r2", ct, true, ("add", "no_such_theme"), ("addSentiment", "negative"), ("sentiment", "negative"));
        using var mixedTheme = await CorrectAsync(analyst, "r2", ct, true, ("theme:delivery", "mixed"), ("sentiment", "negative"));
        using var noSentiment = await CorrectAsync(analyst, "r2", ct, true, ("theme:delivery", "negative"));
        var token = await WorkspaceApp.FormTokenAsync(analyst, "/workspace/answers/r1/why", ct);
        using var noText = await analyst.PostAsync("/workspace/answers/r6/why/correct", WorkspaceApp.Form(token, ("sentiment", "negative")), ct);

        Assert.Equal(HttpStatusCode.BadRequest, unknownTheme.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, mixedTheme.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noSentiment.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noText.StatusCode);
        Assert.Equal(0, await app.CountAsync("select count(*) from answer_corrections", ct));
        Assert.Equal(0, await app.CountAsync("select count(*) from workspace_audit where action = 'answer.correct'", ct));
    }

    private static async Task<TextAnalysis> AnalyzeAsync(ITextAnalyzer analyzer, string text, CancellationToken ct) =>
        (await analyzer.AnalyzeAsync([new AnalysisRequest("probe", text, "en")], ct)).Single();

    private static Regex LabelPanel(string kind, string theme) =>
        new($"data-labels=\"{kind}\"((?!</section>).)*data-theme=\"{theme}\"", RegexOptions.Singleline);
}
