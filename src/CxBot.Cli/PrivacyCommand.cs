using System.Text.Json;
using CxBot.Responses.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Cli;

/// <summary>cxbot privacy erase|export --customer ID, cxbot privacy purge (retention).</summary>
public static class PrivacyCommand
{
    public const string Usage = "erase|export --customer ID | purge   a customer's data; open text past retention";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var cl = new CommandLine(ResponsesHost.Plain(args));
        using var host = ResponsesHost.Build(args, runWorkers: false);
        await host.Services.GetRequiredService<CxBot.Responses.Database.DatabaseSchema>().EnsureAsync(ct);
        switch (cl.Positional)
        {
            case ["erase"]:
                var report = await host.Services.GetRequiredService<CustomerPrivacy>().EraseAsync(cl.Required("--customer"), ct);
                await stdout.WriteLineAsync($"privacy: erased {string.Join(", ", report.Erased.Select(e => $"{e.Key} {e.Value}"))}");
                return 0;
            case ["export"]:
                var json = await host.Services.GetRequiredService<CustomerPrivacy>().ExportAsync(cl.Required("--customer"), ct);
                await stdout.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            case ["purge"]:
                var purged = await host.Services.GetRequiredService<RetentionPurge>().PurgeAsync(ct);
                await stdout.WriteLineAsync($"privacy: purged the open text of {purged} answers");
                return 0;
            default:
                throw new CommandLineException("usage: cxbot privacy erase|export --customer ID | purge");
        }
    }
}
