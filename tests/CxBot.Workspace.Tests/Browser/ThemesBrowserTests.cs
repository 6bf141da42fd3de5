using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;
using CxBot.Workspace.Tests.Themes;

namespace CxBot.Workspace.Tests.Browser;

/// <summary>
/// tests/workspace/themes.test.mjs in Debian's headless chromium (playwright-core, axe-core) against the workspace
/// on Kestrel over seeded, analysed answers. Screenshots go to artifacts/workspace/.
/// </summary>
public sealed class ThemesBrowserTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task The_browser_drills_from_a_theme_to_its_answers_corrects_a_tag_and_sees_the_figures_change()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await SeedAsync(app, ct);

        await NodeTests.RunAsync("tests/workspace", "themes.test.mjs", new Dictionary<string, string>
        {
            ["CXBOT_URL"] = app.BaseAddress.ToString().TrimEnd('/'),
            ["CXBOT_USER"] = "ana",
            ["CXBOT_PASSWORD"] = WorkspaceApp.Password,
            ["CXBOT_ARTIFACTS"] = RepositoryPaths.InRoot("artifacts", "workspace"),
        }, ct);
    }

    /// <summary>The hand-checked rows of the theme tests, a hostile answer, and twelve weeks of mixed answers for the trends.</summary>
    private static async Task SeedAsync(WorkspaceApp app, CancellationToken ct)
    {
        await ThemeSeed.StandardAsync(app, ct);
        await ThemeSeed.AnswerAsync(app, "x1", 1, 4, "<script>window.workspaceOwned = true</script>The courier was late again",
            [new("delivery", "negative", "courier was late")], ct, sentiment: "negative");
        (string Text, SeedTheme[] Themes, string Sentiment)[] answers =
        [
            ("Waited forty minutes on hold", [new("wait_time", "negative", "on hold")], "negative"),
            ("The agent was kind and solved it", [new("staff_attitude", "positive", "agent was kind"), new("issue_resolution", "positive", "solved it")], "positive"),
            ("Too expensive for what you get", [new("price_value", "negative", "Too expensive")], "negative"),
            ("The app keeps crashing at checkout", [new("digital_experience", "negative", "app keeps crashing")], "negative"),
            ("Parcel came a day early", [new("delivery", "positive", "came a day early")], "positive"),
        ];
        for (var i = 0; i < 60; i++)
        {
            var (text, themes, sentiment) = answers[i % answers.Length];
            await ThemeSeed.AnswerAsync(app, $"w{i}", (i * 7 + i / 5) % 11, 20 + i, text, themes, ct, sentiment: sentiment,
                channel: i % 2 == 0 ? "webchat" : "telegram");
        }
    }
}
