using CxBot.Responses.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Cli;

/// <summary>cxbot responses replay-dead-letters | bench.</summary>
public static class ResponsesCommand
{
    public const string Usage = "replay-dead-letters | bench [--answers N]   retry dead letters; time the store";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var cl = new CommandLine(ResponsesHost.Plain(args));
        switch (cl.Positional)
        {
            case ["replay-dead-letters"]:
            {
                using var host = ResponsesHost.Build(args, runWorkers: false);
                var replayed = await host.Services.GetRequiredService<AnswerPipeline>().ReplayDeadLettersAsync(ct);
                await stdout.WriteLineAsync($"responses: {replayed} dead letters back on their answer streams");
                return 0;
            }
            case ["bench"]:
            {
                using var host = ResponsesHost.Build(args, runWorkers: false);
                var answers = int.Parse(cl.Get("--answers") ?? "1000000", System.Globalization.CultureInfo.InvariantCulture);
                await ResponsesBench.RunAsync(host.Services, answers, stdout, ct);
                return 0;
            }
            default:
                throw new CommandLineException("usage: cxbot responses replay-dead-letters | bench [--answers N]");
        }
    }
}
