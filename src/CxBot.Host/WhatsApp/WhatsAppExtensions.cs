using Microsoft.Extensions.Options;

namespace CxBot.Host.WhatsApp;

public static class WhatsAppExtensions
{
    /// <summary>The WhatsApp Business Cloud API channel (section "WhatsApp"); inert until it is configured.</summary>
    public static IHostApplicationBuilder AddWhatsApp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<WhatsAppOptions>, WhatsAppOptionsValidator>();
        builder.Services.AddOptions<WhatsAppOptions>().BindConfiguration(WhatsAppOptions.Section).ValidateOnStart();
        builder.Services.AddHttpClient(WhatsAppGraphClient.HttpClientName)
            .ConfigureHttpClient((sp, http) => http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WhatsAppOptions>>().Value.SendTimeoutSeconds));
        builder.Services.AddSingleton<WhatsAppGraphClient>();
        builder.Services.AddSingleton(_ => WhatsAppTexts.Load(Path.Combine(AppContext.BaseDirectory, "WhatsApp", WhatsAppTexts.FileName)));
        builder.Services.AddSingleton<WhatsAppAdapter>();
        return builder;
    }

    /// <summary>GET and POST /api/whatsapp (the webhook), only when WhatsApp is configured.</summary>
    public static WebApplication MapWhatsApp(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<WhatsAppOptions>>().Value.Enabled)
        {
            WhatsAppWebhook.Map(app);
        }
        else
        {
            app.Services.GetRequiredService<ILogger<WhatsAppAdapter>>().WhatsAppOff();
        }

        return app;
    }
}
