using CxBot.Analysis.SemanticKernel;
using CxBot.Responses.Api;
using CxBot.Responses.Pipeline;
using CxBot.Workspace.Alerts;
using OpenTelemetry.Metrics;

namespace CxBot.Host.Telemetry;

public static class TelemetryExtensions
{
    // The product's own meters: the pipeline's lag, rates and failures; LLM calls and token usage; alert deliveries.
    private static readonly string[] Meters = [PipelineMetrics.MeterName, AnalyzerUsage.MeterName, AlertMetrics.MeterName];

    /// <summary>OpenTelemetry metrics for CxBot's meters and the runtime's HTTP server, exported for Prometheus.</summary>
    public static IHostApplicationBuilder AddCxBotTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(Meters)
            .AddMeter("Microsoft.AspNetCore.Hosting")
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>
    /// GET /metrics in Prometheus text format, behind the admin API keys like every operator endpoint
    /// (a scraper sends <c>Authorization: Bearer &lt;key&gt;</c>). The exporter's endpoint is not a route
    /// handler, so the key is checked by a middleware on that path.
    /// </summary>
    public static WebApplication MapCxBotMetrics(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/metrics"), branch => branch.Use(async (context, next) =>
        {
            if (ApiKeyFilter.Allows(context.Request, context.RequestServices.GetRequiredService<IConfiguration>()))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }));
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
