using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace CxBot.Responses.Api;

/// <summary>
/// The admin API's key check: <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>, one of
/// <c>Admin:ApiKeys</c> (from environment variables or user secrets, never appsettings.json). No keys
/// configured means no access at all, rather than open access.
/// </summary>
public sealed class ApiKeyFilter(IConfiguration configuration) : IEndpointFilter
{
    public const string Section = "Admin:ApiKeys";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!Allows(context.HttpContext.Request, configuration))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "An admin API key is required.");
        }

        return await next(context);
    }

    /// <summary>Whether the request carries one of the configured keys (also used by endpoints that are not route handlers).</summary>
    public static bool Allows(HttpRequest request, IConfiguration configuration)
    {
        var presented = request.Headers["X-Api-Key"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (presented.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }

        var keys = configuration.GetSection(Section).Get<string[]>() ?? [];
        return presented.Length > 0 && keys.Any(k => k.Length > 0 && SameKey(k, presented));
    }

    // Hashing first makes the comparison constant-time whatever the lengths.
    private static bool SameKey(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
