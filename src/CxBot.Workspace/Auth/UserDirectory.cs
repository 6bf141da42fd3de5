using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Auth;

/// <summary>The configured users (Workspace:Users): checks a name and password (PBKDF2 via <see cref="PasswordHasher{TUser}"/>).</summary>
internal sealed class UserDirectory(IOptionsMonitor<WorkspaceOptions> options)
{
    private static readonly PasswordHasher<WorkspaceUser> Hasher = new();

    // Verified when the name is unknown too, so the response time does not tell which names exist.
    private static readonly string DecoyHash = Hasher.HashPassword(new WorkspaceUser(), Guid.NewGuid().ToString());

    public static string Hash(string password) => Hasher.HashPassword(new WorkspaceUser(), password);

    public WorkspaceUser? Verify(string name, string password)
    {
        var user = Find(name);
        return Matches(user?.PasswordHash, password) && user is not null ? user : null;
    }

    /// <summary>The configured user of that name, whose hash the caller checks with <see cref="Matches"/>.</summary>
    public WorkspaceUser? Find(string name) =>
        options.CurrentValue.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Checks a password against a hash; without a hash it checks a decoy and fails, taking the same time.</summary>
    public static bool Matches(string? hash, string password) =>
        Hasher.VerifyHashedPassword(new WorkspaceUser(), hash ?? DecoyHash, password) != PasswordVerificationResult.Failed && hash is not null;
}
