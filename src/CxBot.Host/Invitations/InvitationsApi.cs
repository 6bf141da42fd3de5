using System.Text.Json;
using CxBot.Responses.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CxBot.Host.Invitations;

/// <summary><c>POST /api/invitations</c> and <c>GET /api/invitations/{id}</c>, behind the admin API keys.</summary>
internal static class InvitationsApi
{
    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/invitations").AddEndpointFilter<ApiKeyFilter>();
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
