using CxBot.Host.DirectLine;

namespace CxBot.Host.Cases;

/// <summary>
/// Puts the case reply middleware on the bot-hosted Direct Line adapter too (the CloudAdapter takes it in its
/// constructor), before the server takes requests: a web chat customer's reply reaches the case like any other.
/// </summary>
internal sealed class CaseThreadWiring(IServiceProvider services, IEnumerable<Microsoft.Bot.Builder.IMiddleware> middleware) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<DirectLineAdapter>() is { } directLine)
        {
            foreach (var m in middleware) directLine.Use(m);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
