using CxBot.Workspace.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CxBot.Workspace.Corrections;

public static class CorrectionsExtensions
{
    /// <summary>
    /// Replays the team's stored tag corrections into the configured analyzer at start. The workspace registers it;
    /// <c>cxbot worker</c> adds it too, so workers that run apart from the bot analyse with what the team taught.
    /// Needs the response store (<c>ConnectionStrings:Postgres</c>); without it nothing is registered.
    /// </summary>
    public static IHostApplicationBuilder AddCxBotCorrectionReplay(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Postgres"))
            || builder.Services.Any(s => s.ServiceType == typeof(CorrectionReplay)))
        {
            return builder;
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkspaceSchema>();
        services.TryAddSingleton<CorrectionStore>();
        services.AddSingleton<CorrectionReplay>();

        // Hosted services start in the order they were registered: first, so the pipeline workers start already taught.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<CorrectionReplay>()));
        return builder;
    }
}
