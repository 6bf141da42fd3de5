using System.Diagnostics;
using CxBot.Testing;

namespace CxBot.Responses.Tests.Infrastructure;

/// <summary>The built <c>cxbot</c> command line, run as a separate process against a test's store.</summary>
internal static class CxbotProcess
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static ProcessStartInfo StartInfo(TestStore store, params string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var cli = RepositoryPaths.InRoot("src", "CxBot.Cli", "bin", configuration, "net10.0", "cxbot.dll");
        Assert.True(File.Exists(cli), $"{cli} is not built.");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["ConnectionStrings__Redis"] = store.RedisConnection;
        start.Environment["ConnectionStrings__Postgres"] = store.PostgresConnection;
        start.Environment["Redis__KeyPrefix"] = store.Prefix;
        start.Environment["Redis__AnswerStreamShards"] = "4";
        start.Environment["Responses__ClaimIdleSeconds"] = "1";
        return start;
    }

    /// <summary>Runs a command to its end; returns the exit code and what it printed on stdout.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(TestStore store, CancellationToken ct, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(store, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).WaitAsync(Bound, ct);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        return (process.ExitCode, await output + await error);
    }
}
