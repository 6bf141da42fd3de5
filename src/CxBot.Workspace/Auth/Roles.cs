namespace CxBot.Workspace;

/// <summary>The workspace roles; each includes the rights of the ones before it.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Analyst, Admin];
}

/// <summary>Authorization policies, one per role, satisfied by that role or a higher one.</summary>
public static class Policies
{
    public const string Viewer = "workspace-viewer";
    public const string Analyst = "workspace-analyst";
    public const string Admin = "workspace-admin";

    /// <summary>The cookie scheme of the workspace, apart from any other scheme the host runs.</summary>
    public const string Scheme = "CxBot.Workspace";
}
