using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Browser;

/// <summary>tests/workspace/users.test.mjs in Debian's headless chromium against the workspace on Kestrel; screenshots go to artifacts/workspace/.</summary>
public sealed class UsersBrowserTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task In_the_browser_an_admin_adds_a_member_who_signs_in_and_the_export_links_carry_the_filters()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        for (var i = 0; i < 12; i++)
        {
            await app.SeedAsync($"u{i}", "nps", i % 11, 1 + 2 * i, ct, channel: i % 2 == 0 ? "telegram" : "webchat",
                text: i % 4 == 0 ? "=cmd|' /C calc'!A0 the courier was late" : null);
        }

        await NodeTests.RunAsync("tests/workspace", "users.test.mjs", new Dictionary<string, string>
        {
            ["CXBOT_URL"] = app.BaseAddress.ToString().TrimEnd('/'),
            ["CXBOT_ADMIN"] = "adam",
            ["CXBOT_PASSWORD"] = WorkspaceApp.Password,
            ["CXBOT_ARTIFACTS"] = RepositoryPaths.InRoot("artifacts", "workspace"),
        }, ct);

        Assert.Equal(2, await app.CountAsync("select count(*) from workspace_users where role = 'analyst' and name like 'mira-%'", ct));
        Assert.Equal(2, await app.CountAsync("select count(*) from workspace_audit where action = 'user.add' and user_name = 'adam'", ct));
        Assert.Equal(2, await app.CountAsync("select count(*) from workspace_audit where action = 'export.responses' and after -> 'filters' ->> 'channel' = 'telegram'", ct));
        foreach (var size in new[] { "laptop", "phone" })
        {
            Assert.True(File.Exists(RepositoryPaths.InRoot("artifacts", "workspace", $"users-{size}.png")), $"users-{size}.png");
        }
    }
}
