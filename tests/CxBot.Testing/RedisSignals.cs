using StackExchange.Redis;

namespace CxBot.Testing;

/// <summary>Signals from a multiplexer, so tests wait for reconnection instead of sleeping.</summary>
public static class RedisSignals
{
    /// <summary>
    /// Completes when the multiplexer next restores its interactive connection. Call it before
    /// stopping or restarting the server, so the event cannot be missed.
    /// </summary>
    public static Task NextRestoreAsync(IConnectionMultiplexer connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRestored(object? sender, ConnectionFailedEventArgs e)
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                restored.TrySetResult();
            }
        }

        connection.ConnectionRestored += OnRestored;
        return WaitAsync();

        async Task WaitAsync()
        {
            try
            {
                await restored.Task.WaitAsync(timeout, cancellationToken);
            }
            finally
            {
                connection.ConnectionRestored -= OnRestored;
            }
        }
    }
}
