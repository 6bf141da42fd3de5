using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace;

/// <summary>The "Workspace" section: the team's users, the session length, sign-in lock-out and OpenID Connect.</summary>
public sealed class WorkspaceOptions
{
    public const string Section = "Workspace";

    /// <summary>Users with PBKDF2 hashes made by <c>cxbot workspace hash-password</c>; kept in secrets, not in appsettings.json.</summary>
    public List<WorkspaceUser> Users { get; set; } = [];

    /// <summary>A session ends after this many idle minutes.</summary>
    [Range(5, 7 * 24 * 60, ErrorMessage = "Workspace:SessionMinutes must be between 5 and 10080.")]
    public int SessionMinutes { get; set; } = 480;

    /// <summary>Failed sign-ins for one name within <see cref="LockoutMinutes"/> after which that name is locked.</summary>
    [Range(1, 100, ErrorMessage = "Workspace:MaxFailedSignInsPerName must be between 1 and 100.")]
    public int MaxFailedSignInsPerName { get; set; } = 5;

    /// <summary>
    /// Failed sign-ins from one address (any names) after which that address is locked: higher than per name,
    /// because a whole office may share one address.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Workspace:MaxFailedSignInsPerAddress must be between 1 and 10000.")]
    public int MaxFailedSignInsPerAddress { get; set; } = 20;

    /// <summary>How long failures are counted and how long a lock lasts.</summary>
    [Range(1, 24 * 60, ErrorMessage = "Workspace:LockoutMinutes must be between 1 and 1440.")]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in through a company's OpenID Connect provider (Microsoft Entra ID or any other); off without an Authority.</summary>
    public WorkspaceOidcOptions Oidc { get; set; } = new();
}

/// <summary>The "Workspace:Oidc" section: the authorization code flow with PKCE against one provider.</summary>
public sealed class WorkspaceOidcOptions
{
    /// <summary>The issuer, e.g. https://login.microsoftonline.com/{tenant-id}/v2.0; empty turns OpenID Connect off.</summary>
    public string? Authority { get; set; }

    public string ClientId { get; set; } = "";

    /// <summary>Kept in secrets, not in appsettings.json. Without one the client is public and relies on PKCE alone.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for besides <c>openid</c>; empty means profile and email.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The id_token claim whose values name the user's role: "roles" (Entra app roles) or "groups".</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Claim value → viewer, analyst or admin; with several matches the highest role wins.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The role of a user whose claims map to none; empty refuses such users.</summary>
    public string? DefaultRole { get; set; }

    /// <summary>Shown on the sign-in button: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "Microsoft Entra ID";

    /// <summary>Off only for a provider on this machine (tests); a real provider is reached over HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>One member of the CX team.</summary>
public sealed class WorkspaceUser
{
    public string Name { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public string Role { get; set; } = Roles.Viewer;
}

[OptionsValidator]
internal sealed partial class WorkspaceOptionsValidator : IValidateOptions<WorkspaceOptions>;

/// <summary>
/// Every user needs a name, a hash and a known role, and a name may appear only once; OpenID Connect, when on,
/// needs a client id and maps claims only to known roles.
/// </summary>
internal sealed class WorkspaceUsersValidator : IValidateOptions<WorkspaceOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkspaceOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            if (string.IsNullOrWhiteSpace(user.Name)) failures.Add($"Workspace:Users:{i}:Name is required.");
            if (string.IsNullOrWhiteSpace(user.PasswordHash)) failures.Add($"Workspace:Users:{i}:PasswordHash is required (make one with cxbot workspace hash-password).");
            if (!Roles.All.Contains(user.Role)) failures.Add($"Workspace:Users:{i}:Role must be one of {string.Join(", ", Roles.All)}, not '{user.Role}'.");
        }

        var oidc = options.Oidc;
        if (oidc.Enabled)
        {
            if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps && oidc.RequireHttpsMetadata)
            {
                failures.Add($"Workspace:Oidc:Authority must be an absolute https address, not '{oidc.Authority}'.");
            }

            if (string.IsNullOrWhiteSpace(oidc.ClientId)) failures.Add("Workspace:Oidc:ClientId is required when Workspace:Oidc:Authority is set.");
            if (string.IsNullOrWhiteSpace(oidc.RoleClaim)) failures.Add("Workspace:Oidc:RoleClaim is required when Workspace:Oidc:Authority is set.");
            if (string.IsNullOrWhiteSpace(oidc.DisplayName)) failures.Add("Workspace:Oidc:DisplayName is required when Workspace:Oidc:Authority is set.");
            foreach (var (claim, role) in oidc.RoleMap.Where(m => !Roles.All.Contains(m.Value)))
            {
                failures.Add($"Workspace:Oidc:RoleMap:{claim} must be one of {string.Join(", ", Roles.All)}, not '{role}'.");
            }

            if (!string.IsNullOrEmpty(oidc.DefaultRole) && !Roles.All.Contains(oidc.DefaultRole))
            {
                failures.Add($"Workspace:Oidc:DefaultRole must be empty or one of {string.Join(", ", Roles.All)}, not '{oidc.DefaultRole}'.");
            }
        }

        foreach (var duplicate in options.Users.GroupBy(u => u.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.Add($"Workspace:Users names '{duplicate.Key}' more than once.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
