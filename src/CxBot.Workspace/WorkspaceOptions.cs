using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace;

/// <summary>The "Workspace" section: the team's users and the session length.</summary>
public sealed class WorkspaceOptions
{
    public const string Section = "Workspace";

    /// <summary>Users with PBKDF2 hashes made by <c>cxbot workspace hash-password</c>; kept in secrets, not in appsettings.json.</summary>
    public List<WorkspaceUser> Users { get; set; } = [];

    /// <summary>A session ends after this many idle minutes.</summary>
    [Range(5, 7 * 24 * 60, ErrorMessage = "Workspace:SessionMinutes must be between 5 and 10080.")]
    public int SessionMinutes { get; set; } = 480;
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

/// <summary>Every user needs a name, a hash and a known role, and a name may appear only once.</summary>
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

        foreach (var duplicate in options.Users.GroupBy(u => u.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.Add($"Workspace:Users names '{duplicate.Key}' more than once.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
