using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;
using CxBot.Workspace.Tests.Themes;

namespace CxBot.Workspace.Tests.Browser;

/// <summary>
/// tests/workspace/theme-names.test.mjs in Debian's headless chromium (playwright-core, axe-core) against the workspace
/// on Kestrel: theme names in Russian, Romanian and Polish. Screenshots go to artifacts/workspace/.
/// </summary>
public sealed class ThemeNamesBrowserTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task The_browser_reads_theme_names_in_the_chosen_language_while_menus_send_theme_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);

        await NodeTests.RunAsync("tests/workspace", "theme-names.test.mjs", new Dictionary<string, string>
        {
            ["CXBOT_URL"] = app.BaseAddress.ToString().TrimEnd('/'),
            ["CXBOT_USER"] = "ana",
            ["CXBOT_PASSWORD"] = WorkspaceApp.Password,
            ["CXBOT_ARTIFACTS"] = RepositoryPaths.InRoot("artifacts", "workspace"),
        }, ct);
    }
}
