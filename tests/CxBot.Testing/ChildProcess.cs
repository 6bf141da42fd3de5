using System.Diagnostics;
using System.Text;

namespace CxBot.Testing;

/// <summary>What a child process printed, and how it ended.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Output">Its standard output.</param>
/// <param name="Error">Its standard error.</param>
/// <param name="Transcript">Standard output and error line by line, in the order they came.</param>
public sealed record ChildProcessResult(int ExitCode, string Output, string Error, string Transcript);

/// <summary>A program run to its end within a time bound, its output read as it comes.</summary>
public static class ChildProcess
{
    /// <summary>
    /// Runs the program with standard output and error redirected, writing <paramref name="input"/> (when given) to its
    /// standard input and closing it. Past the bound the process tree is killed and a <see cref="TimeoutException"/>
    /// carries what it printed.
    /// </summary>
    public static async Task<ChildProcessResult> RunAsync(ProcessStartInfo start, string? input, TimeSpan bound, CancellationToken ct)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = input is not null;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Describe(start)}.");
        StringBuilder output = new(), error = new(), transcript = new();
        var reading = Task.WhenAll(CopyAsync(process.StandardOutput, output, transcript), CopyAsync(process.StandardError, error, transcript));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(bound);
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), timeout.Token);
                process.StandardInput.Close();
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(start)} ran past {bound}:\n{Text(transcript)}");
        }

        await reading;
        return new ChildProcessResult(process.ExitCode, output.ToString(), error.ToString(), transcript.ToString());
    }

    /// <summary>The command line, for messages.</summary>
    public static string Describe(ProcessStartInfo start) => string.Join(' ', [start.FileName, .. start.ArgumentList]);

    private static async Task CopyAsync(StreamReader reader, StringBuilder own, StringBuilder transcript)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            own.AppendLine(line);
            lock (transcript)
            {
                transcript.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder transcript)
    {
        lock (transcript)
        {
            return transcript.ToString();
        }
    }
}
