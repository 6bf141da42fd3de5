using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Alerts;

public static class AlertExtensions
{
    /// <summary>
    /// Alerts for new urgent cases: the validated <c>Workspace:Alerts</c> options always; with
    /// <c>ConnectionStrings:Postgres</c>, the outbox (<see cref="IAlertOutbox"/>), the dispatcher and its meter.
    /// </summary>
    public static IHostApplicationBuilder AddCxBotAlerts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<AlertOptions, AlertOptionsValidator>().BindConfiguration(AlertOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertWebhooksValidator>());
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Postgres")))
        {
            return builder;
        }

        services.TryAddSingleton<AlertStore>();
        services.TryAddSingleton<IAlertOutbox>(sp => sp.GetRequiredService<AlertStore>());
        services.TryAddSingleton<AlertMetrics>();
        services.AddMetrics();
        services.AddHttpClient(AlertDispatcher.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // each post has its own timeout
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect is the receiver's configuration error: it is reported, not followed with the signature.
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            // The client factory's default logs carry the request address, and a Teams webhook address is a credential.
            .RemoveAllLoggers();
        services.AddHostedService<AlertDispatcher>();
        return builder;
    }
}
