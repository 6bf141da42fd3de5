using System.Diagnostics.Metrics;

namespace CxBot.Workspace.Alerts;

/// <summary>
/// The alerts' instruments under the meter "CxBot.Workspace": attempts by outcome, and gauges of the failed
/// and pending deliveries as the dispatcher last counted them (a failed delivery waits for a replay).
/// </summary>
public sealed class AlertMetrics : IDisposable
{
    public const string MeterName = "CxBot.Workspace";

    private readonly Meter _meter;
    private readonly Counter<long> _attempts;
    private long _failed = -1;
    private long _pending = -1;

    public AlertMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _attempts = _meter.CreateCounter<long>("cxbot.alerts.attempts", "{attempt}", "Alert webhook posts, by outcome (delivered, retry, failed)");
        _meter.CreateObservableGauge("cxbot.alerts.failed", () => Math.Max(0, Interlocked.Read(ref _failed)), "{delivery}",
            "Alert deliveries that ran out of attempts or were refused, waiting for a replay on /workspace/alerts");
        _meter.CreateObservableGauge("cxbot.alerts.pending", () => Math.Max(0, Interlocked.Read(ref _pending)), "{delivery}",
            "Alert deliveries queued or waiting for a retry");
    }

    /// <summary>Failed deliveries at the last count; -1 before the first.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    internal void Attempt(string outcome) => _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Records the counts and returns the previous number of failed deliveries.</summary>
    internal long SetCounts(long failed, long pending)
    {
        Interlocked.Exchange(ref _pending, pending);
        return Interlocked.Exchange(ref _failed, failed);
    }

    public void Dispose() => _meter.Dispose();
}
