using CxBot.Responses.Database;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Cli;

/// <summary>cxbot db migrate: applies the response store's pending migrations.</summary>
public static class DbCommand
{
    public const string Usage = "migrate   apply the response store's migrations";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (ResponsesHost.Plain(args) is not ["migrate"]) throw new CommandLineException("usage: cxbot db migrate");
        using var host = ResponsesHost.Build(args, runWorkers: false);
        var applied = await host.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
        await stdout.WriteLineAsync(applied.Count == 0 ? "db: up to date" : $"db: applied {string.Join(", ", applied)}");
        return 0;
    }
}
