using CxBot.Analysis;
using CxBot.Analysis.Embedded;
using CxBot.Analysis.Language;
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
        // backoff and jitter, never longer than a customer would wait for a reply.
        builder.Services.AddHttpClient(Options.DefaultName).AddResilienceHandler("channel-replies", pipeline => pipeline
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 4,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(10),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            }));
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

    public static void WarnWhenChannelAuthIsOff(this WebApplication app)
    {
        if (string.IsNullOrWhiteSpace(app.Configuration["MicrosoftAppId"]))
            app.Services.GetRequiredService<ILogger<SurveyBot>>().ChannelAuthOff();
    }
}
