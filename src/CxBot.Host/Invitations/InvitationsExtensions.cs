using CxBot.Responses.Privacy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CxBot.Host.Invitations;

public static class InvitationsExtensions
{
    /// <summary>
    /// Journey invitations: the contact book (conversation references, opt-outs), the invitation API's
    /// service, the contact policy and the scheduler. Options come from the "Invitations" section, validated at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddInvitations(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<InvitationsOptions, InvitationsOptionsValidator>().BindConfiguration(InvitationsOptions.Section);
        builder.Services.AddSingleton<IValidateOptions<InvitationsOptions>, InvitationsRulesValidator>();
        builder.Services.AddSingleton<ContactBook>();
        builder.Services.AddSingleton<ContactPolicy>();
        builder.Services.AddSingleton<InvitationStore>();
        builder.Services.AddSingleton<SendPacer>();
        builder.Services.AddSingleton<InvitationService>();
        builder.Services.AddSingleton<InvitationWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InvitationWorker>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataEraser, InvitationsCustomerEraser>());
        return builder;
    }

    public static WebApplication MapInvitations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapInvitationsApi();
        return app;
    }
}
