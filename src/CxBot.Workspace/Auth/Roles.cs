namespace CxBot.Workspace;

/// <summary>The workspace roles; each includes the rights of the ones before it.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Analyst, Admin];

    /// <summary>Higher for more rights, -1 for an unknown role: picks the highest of several mapped roles.</summary>
    public static int Rank(string? role) => role switch
    {
        Viewer => 0,
        Analyst => 1,
        Admin => 2,
        _ => -1,
    };
}

/// <summary>Authorization policies, one per role, satisfied by that role or a higher one.</summary>
public static class Policies
{
    public const string Viewer = "workspace-viewer";
    public const string Analyst = "workspace-analyst";
    public const string Admin = "workspace-admin";

    /// <summary>The cookie scheme of the workspace, apart from any other scheme the host runs.</summary>
    public const string Scheme = "CxBot.Workspace";

    /// <summary>The OpenID Connect scheme, registered only when <c>Workspace:Oidc:Authority</c> is set.</summary>
    public const string OidcScheme = "CxBot.Workspace.Oidc";
}

/// <summary>Claims of a workspace session besides its name and role.</summary>
public static class SessionClaims
{
    /// <summary>Where the user came from: <see cref="Configured"/>, <see cref="Database"/> or <see cref="Oidc"/>.</summary>
    public const string Source = "cxbot:source";

    /// <summary>A database user's id and stamp: the session ends once either no longer matches the stored user.</summary>
    public const string UserId = "cxbot:uid";
    public const string Stamp = "cxbot:stamp";

    public const string Configured = "configured";
    public const string Database = "database";
    public const string Oidc = "oidc";
}
