using CxBot.Analysis;
using CxBot.Analysis.Embedded;
using CxBot.Analysis.Language;
using CxBot.Host.Invitations;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CxBot.Host.Bot;

public static class BotExtensions
{
    /// <summary>
    /// The Bot Framework SDK's CloudAdapter with channel authentication from the root keys
    /// (MicrosoftAppType, MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId), and the survey bot.
    /// </summary>
    public static IHostApplicationBuilder AddSurveyBot(this IHostApplicationBuilder builder)
    {
        // The SDK sends replies through the factory's default client, which it does not retry: channels
        // answer 429 (with Retry-After) and 5xx under load (Teams: 412/502/504 too), so retry those with
        // backoff and jitter, never longer than a customer would wait for a reply. A Retry-After (seconds
        // or a date) is waited out when it is short; a longer one is not retried here, so a proactive send
        // goes back to the invitation queue for then instead of holding a worker.
        var replies = builder.Services.AddHttpClient(Options.DefaultName);
        replies.AddResilienceHandler("channel-replies", pipeline => pipeline
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 4,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = MaxRetryAfter,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    && !(RetryAfterOf(args.Outcome.Result) > MaxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterOf(args.Outcome.Result)),
            }));
        // Inside the retry, so each attempt of a proactive send is paced, not only the first.
        replies.AddHttpMessageHandler(() => new PacedSendHandler());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConfigurationBotFrameworkAuthentication>();
        builder.Services.AddSingleton<BotFrameworkAuthentication>(sp =>
            new FastConnectorAuthentication(sp.GetRequiredService<ConfigurationBotFrameworkAuthentication>()));
        // CloudAdapter has two public constructors that DI finds ambiguous: the subclass has one.
        builder.Services.AddSingleton<AdapterWithErrorHandler>();
        builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<AdapterWithErrorHandler>());
        builder.Services.AddSingleton<CloudAdapter>(sp => sp.GetRequiredService<AdapterWithErrorHandler>());
        builder.Services.AddSingleton<ReplyTexts>();
        // The turn asks the embedded analyzer only (language, vagueness): whatever Analysis:Provider says.
        builder.Services.TryAddSingleton<LanguageDetector>();
        builder.Services.TryAddSingleton(sp => new EmbeddedAnalyzer(sp.GetRequiredService<IPiiRedactor>(), detector: sp.GetRequiredService<LanguageDetector>()));
        builder.Services.AddSingleton<ICustomerTextSignals, AnalysisTextSignals>();
        builder.Services.AddSingleton<LastCards>();
        builder.Services.AddSingleton<TurnRunner>();
        builder.Services.AddSingleton<IBot, SurveyBot>();
        return builder;
    }

    /// <summary>The longest Retry-After a reply waits for before it is given up (and a proactive send requeued).</summary>
    internal static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);

    private static TimeSpan? RetryAfterOf(HttpResponseMessage? response) =>
        response is null ? null : ChannelRetryAfter.Of(response.Headers.RetryAfter, DateTimeOffset.UtcNow);

    public static void WarnWhenChannelAuthIsOff(this WebApplication app)
    {
        if (string.IsNullOrWhiteSpace(app.Configuration["MicrosoftAppId"]))
            app.Services.GetRequiredService<ILogger<SurveyBot>>().ChannelAuthOff();
    }
}
