using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Auth;

/// <summary>Checks a name and password against the configured users (PBKDF2 via <see cref="PasswordHasher{TUser}"/>).</summary>
internal sealed class UserDirectory(IOptionsMonitor<WorkspaceOptions> options)
{
    private static readonly PasswordHasher<WorkspaceUser> Hasher = new();

    // Verified when the name is unknown too, so the response time does not tell which names exist.
    private static readonly string DecoyHash = Hasher.HashPassword(new WorkspaceUser(), Guid.NewGuid().ToString());

    public static string Hash(string password) => Hasher.HashPassword(new WorkspaceUser(), password);

    public WorkspaceUser? Verify(string name, string password)
    {
        var user = options.CurrentValue.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        var result = Hasher.VerifyHashedPassword(user ?? new WorkspaceUser(), user?.PasswordHash ?? DecoyHash, password);
        return user is not null && result != PasswordVerificationResult.Failed ? user : null;
    }
}
