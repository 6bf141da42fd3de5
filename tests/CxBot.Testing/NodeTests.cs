using System.Diagnostics;

namespace CxBot.Testing;

/// <summary>
/// A Node test file of the repository (tests/webchat, tests/workspace) run with <c>node --test</c>: the folder's
/// packages installed with <c>npm ci</c> first when its node_modules is missing.
/// </summary>
public static class NodeTests
{
    /// <summary>How long npm ci, and then the test file, may run.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    /// <summary>
    /// Runs <c>node --test --test-reporter=spec [options] script</c> in <paramref name="folder"/> (relative to the
    /// repository root) with the environment and NO_COLOR=1, and returns what it printed. Throws with that output when
    /// it fails or runs past <see cref="Bound"/>.
    /// </summary>
    public static async Task<string> RunAsync(
        string folder, string script, IReadOnlyDictionary<string, string> environment, CancellationToken ct, params IEnumerable<string> options)
    {
        var directory = Path.Combine(RepositoryPaths.Root, folder);
        if (!Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            await RunAsync(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = directory }, ct);
        }

        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=spec", .. options, script]) { WorkingDirectory = directory };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["NO_COLOR"] = "1";
        return await RunAsync(start, ct);
    }

    private static async Task<string> RunAsync(ProcessStartInfo start, CancellationToken ct)
    {
        var result = await ChildProcess.RunAsync(start, input: null, Bound, ct);
        return result.ExitCode == 0
            ? result.Transcript
            : throw new NodeTestsFailedException($"{ChildProcess.Describe(start)} failed (exit code {result.ExitCode}):\n{result.Transcript}");
    }
}

/// <summary>A Node test run (or the npm ci before it) that ended with a non-zero exit code; the message holds its output.</summary>
public sealed class NodeTestsFailedException(string message) : Exception(message);
