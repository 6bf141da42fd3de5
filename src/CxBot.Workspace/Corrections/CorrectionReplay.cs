using CxBot.Analysis;
using CxBot.Workspace.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CxBot.Workspace.Corrections;

/// <summary>Turns the team's labels into the analyzer's <see cref="AnswerCorrection"/>.</summary>
internal static class CorrectionFeed
{
    public static AnswerCorrection ToCorrection(string text, string language, Labels labels) => new(
        text,
        language,
        [.. labels.Themes.Select(t => new ThemeLabel(t.Theme, Parse(t.Sentiment)))],
        Parse(labels.Sentiment),
        labels.ChurnRisk,
        labels.WantsContact);

    /// <summary>Teaches the analyzer; false (logged) when it refuses the correction, e.g. for a theme its taxonomy no longer has.</summary>
    public static bool Teach(ICorrectionSink sink, StoredCorrection correction, ILogger logger)
    {
        try
        {
            sink.AddCorrection(ToCorrection(correction.Text, correction.Language, correction.Labels));
            return true;
        }
        catch (ArgumentException e)
        {
            logger.NotTaught(e, correction.ResponseId, correction.QuestionId, correction.Language);
            return false;
        }
    }

    private static Sentiment Parse(string value) => Enum.Parse<Sentiment>(value, ignoreCase: true);
}

/// <summary>
/// Teaches the configured analyzer every stored correction when a host or <c>cxbot worker</c> starts, so what the team
/// taught survives a restart. The first attempt is awaited at start (it is registered ahead of the pipeline workers,
/// so they analyse new answers with the team's corrections); when PostgreSQL is away it keeps trying in the background.
/// </summary>
internal sealed class CorrectionReplay(IServiceProvider services, ILogger<CorrectionReplay> logger, TimeProvider time) : IHostedService, IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(1);

    private readonly TaskCompletionSource<int> _replayed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _retrying;

    /// <summary>Completes with the number of corrections taught once the replay has run.</summary>
    public Task<int> Replayed => _replayed.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<ICorrectionSink>() is not { } sink)
        {
            _replayed.TrySetResult(0);
            return;
        }

        if (!await TryReplayAsync(sink, cancellationToken))
        {
            _retrying = RetryAsync(sink, _stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_retrying is { } retrying)
        {
            await retrying.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryAsync(ICorrectionSink sink, CancellationToken cancellationToken)
    {
        var delay = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await TryReplayAsync(sink, cancellationToken)) return;
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetry.Ticks));
        }
    }

    private async Task<bool> TryReplayAsync(ICorrectionSink sink, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<WorkspaceSchema>().EnsureAsync(cancellationToken);
            var count = 0;
            await foreach (var correction in services.GetRequiredService<CorrectionStore>().AllAsync(cancellationToken))
            {
                if (CorrectionFeed.Teach(sink, correction, logger)) count++;
            }

            logger.Replayed(count);
            _replayed.TrySetResult(count);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.ReplayFailed(e, FirstRetry);
            return false;
        }
    }
}
