using System.Diagnostics;
using System.Diagnostics.Metrics;
using CxBot.Workspace.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Workspace.Tests.Alerts;

/// <summary>Reads one observable gauge of the app's "CxBot.Workspace" meter, as an exporter would.</summary>
internal sealed class GaugeReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _value = -1;

    public GaugeReader(IServiceProvider services, string name)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this app's meter: other tests' apps run in the same process with meters of the same name.
            if (instrument.Meter.Name == AlertMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Exchange(ref _value, value));
        _listener.Start();
    }

    public long Read()
    {
        _listener.RecordObservableInstruments();
        return Interlocked.Read(ref _value);
    }

    public async Task WaitForAsync(long expected, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long seen;
        while ((seen = Read()) != expected)
        {
            Assert.True(clock.Elapsed < timeout, $"The gauge stayed at {seen}, not {expected}, for {timeout}.");
            // The dispatcher refreshes the count after each poll; it is read again shortly.
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }

    public void Dispose() => _listener.Dispose();
}
