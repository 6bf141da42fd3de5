using System.Diagnostics;

namespace CxBot.Testing;

/// <summary>The built <c>cxbot</c> command line (src/CxBot.Cli, same configuration as the tests), run as the operator runs it.</summary>
public static class CxbotCommand
{
    /// <summary>How long one command may run.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary><c>dotnet cxbot.dll arguments…</c>, from the test's output folder.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var cli = RepositoryPaths.InRoot("src", "CxBot.Cli", "bin", configuration, "net10.0", "cxbot.dll");
        if (!File.Exists(cli))
        {
            throw new FileNotFoundException($"{cli} is not built.", cli);
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs a command with <paramref name="input"/> on its standard input, to its end or <see cref="Bound"/>.</summary>
    public static Task<ChildProcessResult> RunAsync(string input, IEnumerable<string> arguments, CancellationToken ct) =>
        ChildProcess.RunAsync(StartInfo(arguments), input, Bound, ct);
}
