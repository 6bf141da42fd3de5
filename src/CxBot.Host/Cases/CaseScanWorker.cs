using CxBot.Workspace.Cases;
using Microsoft.Extensions.Options;

namespace CxBot.Host.Cases;

/// <summary>Runs the case opener every Workspace:Cases:ScanSeconds; each host runs one, and the opener makes that safe.</summary>
internal sealed class CaseScanWorker(CaseOpener opener, IOptionsMonitor<CasesOptions> options, TimeProvider clock, ILogger<CaseScanWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await opener.ScanAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // PostgreSQL away: the cursor did not move, so the next pass looks at the same answers.
                logger.CaseScanFailed(e);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.CurrentValue.ScanSeconds), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
