using CxBot.Analysis;
using CxBot.Responses.Database;
using CxBot.Responses.Metrics;
using CxBot.Responses.Pipeline;
using CxBot.Responses.Privacy;
using CxBot.Responses.Query;
using CxBot.Responses.Store;
using CxBot.Storage;
using CxBot.Surveys.Definitions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace CxBot.Responses;

public static class ResponsesExtensions
{
    /// <summary>
    /// The response store: PostgreSQL (migrated on first use), the pipeline from the answer streams,
    /// metrics and response queries, and the privacy duties. Needs <see cref="StorageExtensions.AddCxBotStorage"/>
    /// and <see cref="AnalysisExtensions.AddCxBotAnalysis"/>. Without <c>ConnectionStrings:Postgres</c>
    /// it registers nothing that runs: the bot keeps recording answers to Redis and the admin API says
    /// the store is not configured. <paramref name="runWorkers"/> overrides <c>Responses:RunWorkersInHost</c>.
    /// </summary>
    public static IHostApplicationBuilder AddCxBotResponses(this IHostApplicationBuilder builder, bool? runWorkers = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<ResponsesOptions, ResponsesOptionsValidator>()
            .BindConfiguration(ResponsesOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString = configuration.GetConnectionString("Postgres"));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResponsesOptions>, ResponsesConnectionStringValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<PipelineMetrics>();

        var section = builder.Configuration.GetSection(ResponsesOptions.Section);
        var enabled = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Postgres"));
        if (!enabled)
        {
            return builder;
        }

        services.TryAddSingleton(sp => CreateDataSource(Options(sp).ConnectionString!));
        services.TryAddSingleton<Migrator>();
        services.TryAddSingleton<DatabaseSchema>();
        services.TryAddSingleton(sp => new ResponseWriter(sp.GetRequiredService<NpgsqlDataSource>(), Options(sp).KeepOriginalText));
        services.TryAddSingleton(sp => new AnswerPipeline(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IAnswerStream>(),
            sp.GetRequiredService<ResponseWriter>(),
            sp.GetRequiredService<ITextAnalyzer>(),
            Options(sp),
            sp.GetRequiredService<PipelineMetrics>(),
            sp.GetRequiredService<ILogger<AnswerPipeline>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<SurveyCatalog>()));
        services.TryAddSingleton<MetricsQueries>();
        services.TryAddSingleton<ResponseQueries>();
        services.TryAddSingleton<CustomerPrivacy>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataEraser, PostgresCustomerEraser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataEraser, RedisCustomerEraser>());
        services.TryAddSingleton<RetentionPurge>();
        services.AddHostedService<RetentionWorker>();

        if (runWorkers ?? section.GetValue(nameof(ResponsesOptions.RunWorkersInHost), true))
        {
            services.AddHostedService<PipelineWorker>();
        }

        return builder;
    }

    /// <summary>
    /// The pipeline runs the same few upserts thousands of times: preparing them on each connection saves
    /// the planning of every execution (measured: about four times the throughput). A connection string
    /// that sets Max Auto Prepare itself wins.
    /// </summary>
    internal static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        return NpgsqlDataSource.Create(builder);
    }

    private static ResponsesOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<ResponsesOptions>>().Value;
}
