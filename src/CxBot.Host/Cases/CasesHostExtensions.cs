using CxBot.Workspace.Cases;

namespace CxBot.Host.Cases;

public static class CasesHostExtensions
{
    /// <summary>
    /// Closing the loop in the host: the scanner that opens cases, the messenger the workspace sends through, and the
    /// adapter middleware that turns a customer's message in an open case thread into a reply. Needs the workspace
    /// (<c>AddCxBotWorkspace</c>), the invitations' contact book and <c>ConnectionStrings:Postgres</c>; without a
    /// database nothing is registered and the bot runs surveys only.
    /// </summary>
    public static IHostApplicationBuilder AddCaseLoop(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Postgres"))) return builder;
        var services = builder.Services;
        services.AddSingleton<CaseTexts>();
        services.AddSingleton<CaseThreads>();
        services.AddSingleton<CaseReplyOutbox>();
        services.AddSingleton<ICustomerMessenger, BotMessenger>();
        services.AddSingleton<Microsoft.Bot.Builder.IMiddleware, CaseReplyMiddleware>();
        services.AddHostedService<CaseThreadWiring>();
        services.AddSingleton<CaseReplyWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<CaseReplyWorker>());
        services.AddHostedService<CaseScanWorker>();
        return builder;
    }
}
