using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;
using CxBot.Workspace.Tests.Pulse;

namespace CxBot.Workspace.Tests.Browser;

/// <summary>
/// tests/workspace/pulse.test.mjs in Debian's headless chromium (playwright-core, axe-core) against the workspace
/// on Kestrel over the hand-worked pulse period. Screenshots go to artifacts/workspace/.
/// </summary>
public sealed class PulseBrowserTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task The_browser_reads_the_pulse_page_as_its_json_sees_both_disagreements_and_finds_no_serious_accessibility_issue()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await PulseScenario.SeedAsync(app, ct);

        await NodeTests.RunAsync("tests/workspace", "pulse.test.mjs", new Dictionary<string, string>
        {
            ["CXBOT_URL"] = app.BaseAddress.ToString().TrimEnd('/'),
            ["CXBOT_USER"] = "vera",
            ["CXBOT_PASSWORD"] = WorkspaceApp.Password,
            ["CXBOT_ARTIFACTS"] = RepositoryPaths.InRoot("artifacts", "workspace"),
        }, ct);

        Assert.All(new[] { "pulse-laptop.png", "pulse-phone.png" }, f => Assert.True(File.Exists(RepositoryPaths.InRoot("artifacts", "workspace", f)), f));
    }
}
