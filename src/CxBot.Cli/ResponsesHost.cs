using CxBot.Analysis;
using CxBot.Responses;
using CxBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CxBot.Cli;

/// <summary>
/// The services the response commands need (Redis, the analyzer, the response store), configured like
/// the bot: appsettings.json in the current folder if present, then environment variables
/// (<c>ConnectionStrings__Postgres</c>, <c>ConnectionStrings__Redis</c>, <c>Responses__BatchSize</c>), then
/// <c>--Section:Key=value</c> arguments.
/// </summary>
internal static class ResponsesHost
{
    public static IHost Build(string[] args, bool runWorkers, Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            Args = [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))],
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("CxBot", LogLevel.Information);
        builder.AddCxBotStorage();
        builder.AddCxBotAnalysis();
        builder.AddCxBotResponses(runWorkers);
        configure?.Invoke(builder);
        if (!builder.Services.Any(s => s.ServiceType == typeof(Npgsql.NpgsqlDataSource)))
        {
            throw new CommandLineException($"{ResponsesOptions.ConnectionStringKey} is not set (ConnectionStrings__Postgres or --ConnectionStrings:Postgres=...)");
        }

        return builder.Build();
    }

    /// <summary>The arguments that are not configuration overrides.</summary>
    public static string[] Plain(string[] args) => [.. args.Where(a => !(a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)))];
}
