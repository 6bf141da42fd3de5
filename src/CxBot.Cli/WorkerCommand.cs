using CxBot.Workspace.Corrections;
using Microsoft.Extensions.Hosting;

namespace CxBot.Cli;

/// <summary>cxbot worker: the pipeline workers on their own, for teams that scale them apart from the bot.</summary>
public static class WorkerCommand
{
    public const string Usage = "   run the pipeline workers (answer streams → PostgreSQL) until Ctrl+C";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        // The workers analyse with what the CX team taught in the workspace, not only with the shipped rules.
        using var host = ResponsesHost.Build(args, runWorkers: true, builder => builder.AddCxBotCorrectionReplay());
        await stdout.WriteLineAsync("worker: running; Ctrl+C stops");
        await host.RunAsync(ct);
        return 0;
    }
}
