using CxBot.Responses;
using CxBot.Workspace.Alerts;
using CxBot.Workspace.Auth;
using CxBot.Workspace.Cases;
using CxBot.Workspace.Corrections;
using CxBot.Workspace.Database;
using CxBot.Workspace.Exports;
using CxBot.Workspace.Pages;
using CxBot.Workspace.Themes;
using CxBot.Workspace.Pulse;
using CxBot.Workspace.Users;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace;

public static class WorkspaceExtensions
{
    /// <summary>
    /// The CX team's workspace: cookie sign-in against <c>Workspace:Users</c>, the role policies,
    /// anti-forgery, and the pages' queries. Needs <see cref="ResponsesExtensions.AddCxBotResponses"/>; without
    /// <c>ConnectionStrings:Postgres</c> the pages still refuse strangers and say the store is not configured.
    /// </summary>
    public static IHostApplicationBuilder AddCxBotWorkspace(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<WorkspaceOptions, WorkspaceOptionsValidator>().BindConfiguration(WorkspaceOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkspaceOptions>, WorkspaceUsersValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UserDirectory>();
        services.TryAddSingleton<SignInThrottle>();
        services.TryAddSingleton<Authenticator>();
        services.TryAddSingleton<WorkspaceTexts>();
        // Like the response store: without ConnectionStrings:Postgres nothing that needs it is registered
        // (the pages answer 503), so a bot without a database still starts and validates its services.
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Postgres")))
        {
            services.TryAddSingleton<WorkspaceSchema>();
            services.TryAddSingleton<WorkspaceStore>();
            services.TryAddSingleton<OverviewQueries>();
            services.TryAddSingleton<UserStore>();
            services.TryAddSingleton<ExportQueries>();
            services.TryAddSingleton(_ => PillarMap.Load());
            services.TryAddSingleton<PulseQueries>();
            services.TryAddSingleton<ThemeQueries>();
            services.TryAddSingleton<CorrectionStore>();
        }

        builder.AddCxBotAlerts();
        services.AddCases(withDatabase: !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Postgres")));
        builder.AddCxBotCorrectionReplay();

        services.AddAntiforgery();

        // A scheme of its own, not the default: the bot's endpoints keep their channel authentication.
        var authentication = services.AddAuthentication();
        authentication.AddCookie(Policies.Scheme, options =>
        {
            options.Cookie.Name = "cxbot.workspace";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.Path = "/workspace";
            options.LoginPath = "/workspace/signin";
            options.SlidingExpiration = true;
            options.Events = new CookieAuthenticationEvents
            {
                // The JSON API answers 401 rather than sending a program to an HTML form.
                OnRedirectToLogin = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/workspace/api"))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    }
                    else
                    {
                        context.Response.Redirect(context.RedirectUri);
                    }

                    return Task.CompletedTask;
                },
                OnValidatePrincipal = Authenticator.ValidateAsync,
                OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                },
            };
        });
        if (builder.Configuration.GetSection(WorkspaceOptions.Section).GetSection(nameof(WorkspaceOptions.Oidc)).Get<WorkspaceOidcOptions>() is { Enabled: true })
        {
            authentication.AddWorkspaceOidc();
        }

        services.AddOptions<CookieAuthenticationOptions>(Policies.Scheme)
            .Configure<IOptions<WorkspaceOptions>>((cookie, workspace) => cookie.ExpireTimeSpan = TimeSpan.FromMinutes(workspace.Value.SessionMinutes));

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Viewer, p => p.AddAuthenticationSchemes(Policies.Scheme).RequireRole(Roles.Viewer, Roles.Analyst, Roles.Admin))
            .AddPolicy(Policies.Analyst, p => p.AddAuthenticationSchemes(Policies.Scheme).RequireRole(Roles.Analyst, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.AddAuthenticationSchemes(Policies.Scheme).RequireRole(Roles.Admin));
        return builder;
    }
}
