using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Browser;

/// <summary>
/// tests/workspace/overview.test.mjs in Debian's headless chromium (playwright-core, axe-core) against the
/// workspace on Kestrel over seeded answers. Screenshots go to artifacts/workspace/ and docs/.
/// </summary>
public sealed class WorkspaceBrowserTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task The_browser_signs_in_reads_the_overview_as_the_metrics_api_and_finds_no_serious_accessibility_issue()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await SeedAsync(app, ct);

        await NodeTests.RunAsync("tests/workspace", "overview.test.mjs", new Dictionary<string, string>
        {
            ["CXBOT_URL"] = app.BaseAddress.ToString().TrimEnd('/'),
            ["CXBOT_API_KEY"] = WorkspaceApp.ApiKey,
            ["CXBOT_USER"] = "ana",
            ["CXBOT_PASSWORD"] = WorkspaceApp.Password,
            ["CXBOT_ARTIFACTS"] = RepositoryPaths.InRoot("artifacts", "workspace"),
            ["CXBOT_DOCS"] = RepositoryPaths.InRoot("docs"),
        }, ct);
    }

    /// <summary>Twenty-four weeks of answers in three channels and two languages, with a spread of scores and comments.</summary>
    private static async Task SeedAsync(WorkspaceApp app, CancellationToken ct)
    {
        string[] comments =
        [
            "<script>window.workspaceOwned = true</script>The app crashed at checkout",
            "Delivery was quick and the courier was polite.",
            "Доставка задержалась на три дня.",
            "Obsługa była bardzo pomocna.",
        ];
        for (var i = 0; i < 168; i++)
        {
            var channel = (i % 3) switch { 0 => "webchat", 1 => "telegram", _ => "msteams" };
            var language = i % 4 == 1 ? "ru" : "en";
            await app.SeedAsync($"b{i}n", "nps", (i * 7 + i / 10) % 11, i + 0.5, ct, channel: channel, language: language,
                text: i % 9 == 0 ? comments[i / 9 % comments.Length] : null);
            await app.SeedAsync($"b{i}c", "csat", 1 + (i * 3 + i / 7) % 5, i + 0.25, ct, channel: channel, language: language);
            await app.SeedAsync($"b{i}e", "ces", 1 + (i * 5 + i / 5) % 7, i + 0.75, ct, channel: channel, language: language);
        }
    }
}
