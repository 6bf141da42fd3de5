using System.Diagnostics;
using System.Text;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Browser;

/// <summary>tests/workspace/users.test.mjs in Debian's headless chromium against the workspace on Kestrel; screenshots go to artifacts/workspace/.</summary>
public sealed class UsersBrowserTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task In_the_browser_an_admin_adds_a_member_who_signs_in_and_the_export_links_carry_the_filters()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = RepositoryPaths.InRoot("tests", "workspace");
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        for (var i = 0; i < 12; i++)
        {
            await app.SeedAsync($"u{i}", "nps", i % 11, 1 + 2 * i, ct, channel: i % 2 == 0 ? "telegram" : "webchat",
                text: i % 4 == 0 ? "=cmd|' /C calc'!A0 the courier was late" : null);
        }

        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=spec", "users.test.mjs"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CXBOT_URL"] = app.BaseAddress.ToString().TrimEnd('/');
        start.Environment["CXBOT_ADMIN"] = "adam";
        start.Environment["CXBOT_PASSWORD"] = WorkspaceApp.Password;
        start.Environment["CXBOT_ARTIFACTS"] = RepositoryPaths.InRoot("artifacts", "workspace");
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var reading = Task.WhenAll(CopyAsync(process.StandardOutput, output), CopyAsync(process.StandardError, output));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(NodeTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node users.test.mjs ran past {NodeTimeout}:\n{output}");
        }

        await reading;
        Assert.True(process.ExitCode == 0, $"node users.test.mjs failed:\n{output}");
        Assert.Equal(2, await app.CountAsync("select count(*) from workspace_users where role = 'analyst' and name like 'mira-%'", ct));
        Assert.Equal(2, await app.CountAsync("select count(*) from workspace_audit where action = 'user.add' and user_name = 'adam'", ct));
        Assert.Equal(2, await app.CountAsync("select count(*) from workspace_audit where action = 'export.responses' and after -> 'filters' ->> 'channel' = 'telegram'", ct));
        foreach (var size in new[] { "laptop", "phone" })
        {
            Assert.True(File.Exists(RepositoryPaths.InRoot("artifacts", "workspace", $"users-{size}.png")), $"users-{size}.png");
        }
    }

    private static async Task CopyAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
