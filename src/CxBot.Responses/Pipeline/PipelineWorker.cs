using CxBot.Responses.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxBot.Responses.Pipeline;

/// <summary>
/// Runs the pipeline until the host stops. Never lets the host die: while PostgreSQL or Redis is away
/// it backs off and the entries wait, pending or unread, in Redis.
/// </summary>
internal sealed class PipelineWorker(
    AnswerPipeline pipeline,
    DatabaseSchema schema,
    PipelineMetrics metrics,
    IOptions<ResponsesOptions> options,
    ILogger<PipelineWorker> logger,
    TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        var maxBackoff = options.Value.MaxBackoffMilliseconds;
        var backoff = 0;
        var ready = false;
        var lagCheckedAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!ready)
                {
                    await schema.EnsureAsync(stoppingToken);
                    await pipeline.EnsureGroupsAsync(stoppingToken);
                    logger.WorkerStarted(pipeline.Consumer, pipeline.ShardKeys.Count);
                    ready = true;
                }

                var handled = await pipeline.RunOnceAsync(stoppingToken);
                backoff = 0;
                if (time.GetUtcNow() - lagCheckedAt > LagInterval)
                {
                    await pipeline.LagAsync(stoppingToken);
                    lagCheckedAt = time.GetUtcNow();
                }

                if (handled == 0)
                {
                    await Task.Delay(poll, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Outages and anything unexpected alike: wait longer each time, up to the cap, and retry.
                backoff = Math.Min(maxBackoff, backoff == 0 ? 100 : backoff * 2);
                if (!Outage.Is(e))
                {
                    metrics.Failure("unexpected");
                }

                logger.StoreUnavailable(e, backoff);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(backoff), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
