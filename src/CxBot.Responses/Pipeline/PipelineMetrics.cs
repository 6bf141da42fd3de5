using System.Diagnostics.Metrics;

namespace CxBot.Responses.Pipeline;

/// <summary>
/// The pipeline's instruments (meter "CxBot.Responses", readable by OpenTelemetry's metrics SDK or
/// dotnet-counters) and the last lag seen, which /readyz reports.
/// </summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "CxBot.Responses";

    private readonly Meter _meter;
    private readonly Counter<long> _stored;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _claimed;
    private readonly Histogram<double> _batchSeconds;
    private long _lag = -1;
    private long _lastProgressTicks;
    private long _storedTotal;
    private long _failuresTotal;

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _stored = _meter.CreateCounter<long>("cxbot.pipeline.entries.stored", "{entry}", "Answer stream entries stored in PostgreSQL and acknowledged");
        _failures = _meter.CreateCounter<long>("cxbot.pipeline.failures", "{failure}", "Failed attempts, by kind (outage, entry)");
        _deadLettered = _meter.CreateCounter<long>("cxbot.pipeline.entries.dead_lettered", "{entry}", "Entries moved to the dead-letter stream");
        _claimed = _meter.CreateCounter<long>("cxbot.pipeline.entries.claimed", "{entry}", "Entries claimed from a worker that stopped acknowledging");
        _batchSeconds = _meter.CreateHistogram<double>("cxbot.pipeline.batch.duration", "s", "Time to analyse and store one batch");
        _meter.CreateObservableGauge("cxbot.pipeline.lag", () => Math.Max(0, Interlocked.Read(ref _lag)), "{entry}",
            "Entries in the answer streams not yet stored (unread plus pending)");
    }

    /// <summary>Entries waiting (unread + pending) at the last check; -1 before the first.</summary>
    public long Lag => Interlocked.Read(ref _lag);

    /// <summary>When the pipeline last stored a batch or found nothing to do.</summary>
    public DateTimeOffset? LastProgress => Interlocked.Read(ref _lastProgressTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Entries stored since start.</summary>
    public long StoredTotal => Interlocked.Read(ref _storedTotal);

    internal void Stored(int count, double seconds, DateTimeOffset now)
    {
        _stored.Add(count);
        Interlocked.Add(ref _storedTotal, count);
        _batchSeconds.Record(seconds);
        Progress(now);
    }

    internal void Progress(DateTimeOffset now) => Interlocked.Exchange(ref _lastProgressTicks, now.UtcTicks);

    /// <summary>Failed attempts (outages and bad entries) since start.</summary>
    public long FailuresTotal => Interlocked.Read(ref _failuresTotal);

    internal void Failure(string kind)
    {
        _failures.Add(1, new KeyValuePair<string, object?>("kind", kind));
        Interlocked.Increment(ref _failuresTotal);
    }

    internal void DeadLettered() => _deadLettered.Add(1);

    internal void Claimed(int count) => _claimed.Add(count);

    internal void SetLag(long lag) => Interlocked.Exchange(ref _lag, lag);

    public void Dispose() => _meter.Dispose();
}
