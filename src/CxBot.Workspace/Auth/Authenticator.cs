using System.Globalization;
using System.Security.Claims;
using CxBot.Workspace.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Workspace.Auth;

/// <summary>The outcome of a password sign-in.</summary>
internal abstract record SignInOutcome
{
    public sealed record Accepted(ClaimsPrincipal Principal) : SignInOutcome;

    public sealed record Refused : SignInOutcome;

    public sealed record Locked(TimeSpan For) : SignInOutcome;
}

/// <summary>
/// Password sign-in against the configured users and the database users, behind the lock-out.
/// Precedence: a configured user (<c>Workspace:Users</c>) wins over a database user of the same name, because the
/// configured ones are the bootstrap and break-glass accounts that must work even when the database is wrong; the
/// users page refuses to create a database user with a configured name, so the two never meet in practice.
/// </summary>
internal sealed class Authenticator(UserDirectory configured, SignInThrottle throttle, IServiceProvider services)
{
    public async Task<SignInOutcome> SignInAsync(string name, string password, string? address, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (await throttle.LockedForAsync(name, address, cancellationToken) is { } locked)
        {
            return new SignInOutcome.Locked(locked);
        }

        ClaimsPrincipal? principal = null;
        if (configured.Find(name) is { } user)
        {
            if (UserDirectory.Matches(user.PasswordHash, password))
            {
                principal = Principal(user.Name, user.Role, [new Claim(SessionClaims.Source, SessionClaims.Configured)]);
            }
        }
        else if (services.GetService<UserStore>() is { } store && await store.FindByNameAsync(name, cancellationToken) is { } stored)
        {
            // The hash is checked for a disabled user too, so the answer's timing does not tell who is disabled.
            if (UserDirectory.Matches(stored.PasswordHash, password) && !stored.Disabled)
            {
                principal = Principal(stored.Name, stored.Role,
                [
                    new Claim(SessionClaims.Source, SessionClaims.Database),
                    new Claim(SessionClaims.UserId, stored.Id.ToString(CultureInfo.InvariantCulture)),
                    new Claim(SessionClaims.Stamp, stored.Stamp.ToString("N")),
                ]);
            }
        }
        else
        {
            _ = UserDirectory.Matches(null, password);
        }

        if (principal is null)
        {
            await throttle.FailedAsync(name, address, cancellationToken);
            return new SignInOutcome.Refused();
        }

        await throttle.SucceededAsync(name, cancellationToken);
        return new SignInOutcome.Accepted(principal);
    }

    public static ClaimsPrincipal Principal(string name, string role, IEnumerable<Claim> extra) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), .. extra], Policies.Scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>
    /// Ends the session of a database user who was disabled, had the role changed or the password reset since signing
    /// in (the stamp moved). One indexed read per request; configured and OpenID Connect sessions pass unchecked.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue(SessionClaims.Source) != SessionClaims.Database)
        {
            return;
        }

        var store = context.HttpContext.RequestServices.GetService<UserStore>();
        var current = store is not null && long.TryParse(principal.FindFirstValue(SessionClaims.UserId), CultureInfo.InvariantCulture, out var id)
            ? await store.FindByIdAsync(id, context.HttpContext.RequestAborted)
            : null;
        if (current is null || current.Disabled || current.Stamp.ToString("N") != principal.FindFirstValue(SessionClaims.Stamp))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Policies.Scheme);
        }
    }
}
