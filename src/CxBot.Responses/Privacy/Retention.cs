using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CxBot.Responses.Privacy;

/// <summary>
/// Purges open text older than <see cref="ResponsesOptions.RetentionDays"/>: masked and original text and
/// the search index go; scores, sentiment, themes and flags stay, so every aggregate is unchanged.
/// </summary>
public sealed class RetentionPurge(NpgsqlDataSource dataSource, IOptions<ResponsesOptions> options, TimeProvider time, ILogger<RetentionPurge> logger)
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.RetentionDays;
        if (days == 0)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand("""
            update answers set masked_text = null, original_text = null, search = null, text_purged_at = now()
            where answered_at < $1 and (masked_text is not null or original_text is not null)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (time.GetUtcNow() - TimeSpan.FromDays(days)).UtcDateTime });
        var purged = await command.ExecuteNonQueryAsync(cancellationToken);
        logger.RetentionPurged(purged, days);
        return purged;
    }
}

/// <summary>Runs the retention purge hourly.</summary>
internal sealed class RetentionWorker(RetentionPurge purge, Database.DatabaseSchema schema, TimeProvider time, ILogger<RetentionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await schema.EnsureAsync(stoppingToken);
                await purge.PurgeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.RetentionFailed(e);
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
