using System.Diagnostics;
using System.Text;
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
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task The_browser_reads_the_pulse_page_as_its_json_sees_both_disagreements_and_finds_no_serious_accessibility_issue()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = RepositoryPaths.InRoot("tests", "workspace");
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules")), "tests/workspace/node_modules: run npm ci there first");

        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await PulseScenario.SeedAsync(app, ct);

        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=spec", "pulse.test.mjs"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CXBOT_URL"] = app.BaseAddress.ToString().TrimEnd('/');
        start.Environment["CXBOT_USER"] = "vera";
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
            throw new TimeoutException($"node --test pulse.test.mjs ran past {NodeTimeout}:\n{output}");
        }

        await reading;
        Assert.True(process.ExitCode == 0, $"node --test pulse.test.mjs failed:\n{output}");
        Assert.All(new[] { "pulse-laptop.png", "pulse-phone.png" }, f => Assert.True(File.Exists(RepositoryPaths.InRoot("artifacts", "workspace", f)), f));
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
