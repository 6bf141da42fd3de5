using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CxBot.Host.Invitations;

/// <summary><c>POST /api/invitations</c> and <c>GET /api/invitations/{id}</c>, behind the admin API keys.</summary>
internal static class InvitationsApi
{
    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/invitations").AddEndpointFilter<InvitationsApiKeyFilter>();
        api.MapPost("/", CreateAsync);
        api.MapGet("/{id}", GetAsync);
        return app;
    }

    private static async Task<Results<Created<InvitationView>, Ok<InvitationView>, ValidationProblem>> CreateAsync(
        HttpRequest http, InvitationService invitations, CancellationToken ct)
    {
        InvitationRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(http.Body, InvitationsJson.Default.InvitationRequest, ct);
        }
        catch (JsonException)
        {
            request = null;
        }
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body must be a JSON object like {\"customer_id\":\"c-1\",\"event\":\"purchase\"}."] });
        var key = http.Headers["Idempotency-Key"].ToString();
        var outcome = await invitations.CreateAsync(request, key.Length == 0 ? null : key, new Uri($"{http.Scheme}://{http.Host}/"), ct);
        if (outcome.Errors is { } errors) return TypedResults.ValidationProblem(errors, title: "The invitation is not valid.");
        var view = InvitationView.From(outcome.Invitation!);
        return outcome.Created ? TypedResults.Created($"/api/invitations/{view.Id}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<InvitationView>, NotFound>> GetAsync(string id, InvitationService invitations, CancellationToken ct) =>
        await invitations.FindAsync(id, ct) is { } invitation ? TypedResults.Ok(InvitationView.From(invitation)) : TypedResults.NotFound();
}

/// <summary>
/// The admin API's key rule for this endpoint: <c>Authorization: Bearer &lt;key&gt;</c> or
/// <c>X-Api-Key</c>, one of <c>Admin:ApiKeys</c>; no keys configured means no access.
/// </summary>
internal sealed class InvitationsApiKeyFilter(IConfiguration configuration) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var presented = request.Headers["X-Api-Key"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (presented.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            presented = authorization["Bearer ".Length..].Trim();
        var keys = configuration.GetSection("Admin:ApiKeys").Get<string[]>() ?? [];
        if (presented.Length == 0 || !keys.Any(k => k.Length > 0 && SameKey(k, presented)))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "An admin API key is required.");
        }
        return await next(context);
    }

    // Hashing first makes the comparison constant-time whatever the lengths.
    private static bool SameKey(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
