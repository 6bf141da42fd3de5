using System.Security.Claims;
using CxBot.Workspace.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CxBot.Workspace.Auth;

/// <summary>
/// Sign-in through the company's OpenID Connect provider with ASP.NET Core's handler: the authorization code flow with
/// PKCE, state and nonce checked, the id_token validated (issuer and keys from the discovery document and its JWKS,
/// audience = client id, expiry). The provider's role claim is mapped to a workspace role and the usual cookie session
/// is issued; a user whose claims map to no role gets a 403 page and no session.
/// </summary>
internal static class OidcSignIn
{
    public const string CallbackPath = "/workspace/signin-oidc";

    // Claims tried in order for the session's name: Entra puts the UPN in preferred_username.
    private static readonly string[] NameClaims = ["preferred_username", "email", "upn", "name", "sub"];

    public static void AddWorkspaceOidc(this AuthenticationBuilder authentication)
    {
        authentication.AddOpenIdConnect(Policies.OidcScheme, _ => { });
        authentication.Services.AddOptions<OpenIdConnectOptions>(Policies.OidcScheme)
            .Configure<IOptions<WorkspaceOptions>>((options, workspace) => Configure(options, workspace.Value.Oidc));
    }

    /// <summary>The highest workspace role any of the claim values maps to, else the default role, else null (refused).</summary>
    public static string? MapRole(WorkspaceOidcOptions settings, IEnumerable<string> claimValues)
    {
        var best = claimValues
            .Select(v => settings.RoleMap.TryGetValue(v, out var role) ? role : null)
            .Where(r => Roles.Rank(r) >= 0)
            .MaxBy(Roles.Rank);
        return best ?? (string.IsNullOrEmpty(settings.DefaultRole) ? null : settings.DefaultRole);
    }

    private static void Configure(OpenIdConnectOptions options, WorkspaceOidcOptions settings)
    {
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
        options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        options.ResponseType = OpenIdConnectResponseType.Code;
        // The code comes back in the query of a top-level GET, so the correlation and nonce cookies can be SameSite=Lax
        // rather than None (form_post would need None, and so HTTPS even on a developer's machine).
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        options.Scope.Clear();
        options.Scope.Add("openid");
        foreach (var scope in settings.Scopes.Count == 0 ? ["profile", "email"] : settings.Scopes)
        {
            options.Scope.Add(scope);
        }

        options.CallbackPath = CallbackPath;
        options.RemoteSignOutPath = "/workspace/signout-oidc";
        options.SignedOutCallbackPath = "/workspace/signout-callback-oidc";
        options.SignInScheme = Policies.Scheme;
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.SaveTokens = false;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.TokenValidationParameters.ValidateIssuer = true;
        options.TokenValidationParameters.ValidateAudience = true;
        options.TokenValidationParameters.ValidateLifetime = true;
        options.TokenValidationParameters.RequireSignedTokens = true;
        options.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(2);
        options.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = TokenValidatedAsync,
            OnRemoteFailure = RemoteFailureAsync,
        };
    }

    private static async Task TokenValidatedAsync(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        var settings = http.RequestServices.GetRequiredService<IOptions<WorkspaceOptions>>().Value.Oidc;
        var logger = http.RequestServices.GetRequiredService<ILogger<UserDirectory>>();
        var provider = context.Principal!;
        var values = provider.FindAll(settings.RoleClaim).Select(c => c.Value).ToList();
        var role = MapRole(settings, values);
        var lang = context.Properties?.Items.TryGetValue("lang", out var l) == true ? l : null;
        if (role is null)
        {
            logger.OidcNoRole(values.Count);
            context.HandleResponse();
            await WorkspaceHttp.Page(PageWriter.SignIn(WorkspaceHttp.Context(http, lang), null, "oidcNoRole"), StatusCodes.Status403Forbidden).ExecuteAsync(http);
            return;
        }

        var name = NameClaims.Select(provider.FindFirstValue).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "";
        context.Principal = Authenticator.Principal(name, role, [new Claim(SessionClaims.Source, SessionClaims.Oidc)]);
        logger.SignedIn(name, role);
    }

    private static async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        var http = context.HttpContext;
        // The type, not the message: a token's content must not reach the log.
        http.RequestServices.GetRequiredService<ILogger<UserDirectory>>().OidcFailed(context.Failure?.GetType().Name ?? "unknown");
        context.HandleResponse();
        var lang = context.Properties?.Items.TryGetValue("lang", out var l) == true ? l : null;
        await WorkspaceHttp.Page(PageWriter.SignIn(WorkspaceHttp.Context(http, lang), null, "oidcFailed", OidcName(http)), StatusCodes.Status401Unauthorized).ExecuteAsync(http);
    }

    /// <summary>The provider's name for the sign-in button, or null when OpenID Connect is off.</summary>
    public static string? OidcName(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<WorkspaceOptions>>().Value.Oidc is { Enabled: true } oidc ? oidc.DisplayName : null;
}
