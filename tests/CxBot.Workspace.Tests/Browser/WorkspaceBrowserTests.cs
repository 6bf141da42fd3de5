using System.Diagnostics;
using System.Text;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Browser;

/// <summary>
/// tests/workspace/overview.test.mjs in Debian's headless chromium (playwright-core, axe-core) against the
/// workspace on Kestrel over seeded answers. Screenshots go to artifacts/workspace/ and docs/.
/// </summary>
public sealed class WorkspaceBrowserTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task The_browser_signs_in_reads_the_overview_as_the_metrics_api_and_finds_no_serious_accessibility_issue()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = RepositoryPaths.InRoot("tests", "workspace");
        if (!Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], directory, [], ct);
        }

        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await SeedAsync(app, ct);

        await RunAsync("node", ["--test", "--test-reporter=spec", "overview.test.mjs"], directory, new Dictionary<string, string>
        {
            ["CXBOT_URL"] = app.BaseAddress.ToString().TrimEnd('/'),
            ["CXBOT_API_KEY"] = WorkspaceApp.ApiKey,
            ["CXBOT_USER"] = "ana",
            ["CXBOT_PASSWORD"] = WorkspaceApp.Password,
            ["CXBOT_ARTIFACTS"] = RepositoryPaths.InRoot("artifacts", "workspace"),
            ["CXBOT_DOCS"] = RepositoryPaths.InRoot("docs"),
            ["NO_COLOR"] = "1",
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

    private static async Task RunAsync(string file, string[] args, string directory, Dictionary<string, string> environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

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
            throw new TimeoutException($"{file} {string.Join(' ', args)} ran past {NodeTimeout}:\n{output}");
        }

        await reading;
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed:\n{output}");
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
