using System.Text.Json;
using CxBot.Responses.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CxBot.Host.Invitations;

/// <summary><c>POST /api/invitations</c>, <c>POST /api/invitations/batch</c> and <c>GET /api/invitations/{id}</c>, behind the admin API keys.</summary>
internal static class InvitationsApi
{
    private const int MaxBatch = 1_000;

    // Each invitation is a few Redis round trips: a handful at once keeps the connection busy
    // without one batch taking every thread of the host.
    private const int BatchConcurrency = 8;

    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/invitations").AddEndpointFilter<ApiKeyFilter>();
        api.MapPost("/", CreateAsync);
        api.MapPost("/batch", CreateBatchAsync);
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

    /// <summary>
    /// Many invitations in one call, each as <c>POST /api/invitations</c> would take it and each with its
    /// own <c>id</c>, so a batch sent again invites nobody twice. The answer lists every invitation in
    /// request order: the stored one (<c>created</c> false when it already existed) or its errors.
    /// </summary>
    private static async Task<Results<Ok<InvitationBatchView>, ValidationProblem>> CreateBatchAsync(
        HttpRequest http, InvitationService invitations, CancellationToken ct)
    {
        InvitationBatchRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(http.Body, InvitationsJson.Default.InvitationBatchRequest, ct);
        }
        catch (JsonException)
        {
            request = null;
        }
        if (request?.Invitations is not { Count: > 0 and <= MaxBatch } items || items.Any(i => i is null))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["invitations"] = [$"The body must be {{\"invitations\": [...]}} with 1 to {MaxBatch} invitation objects, each with its own \"id\"."],
            });
        var baseUrl = new Uri($"{http.Scheme}://{http.Host}/");
        var results = new InvitationBatchItem[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = BatchConcurrency, CancellationToken = ct }, async (index, token) =>
        {
            var item = items[index];
            if (string.IsNullOrWhiteSpace(item.Id))
            {
                results[index] = new InvitationBatchItem(index, false, null, new Dictionary<string, string[]> { ["id"] = ["In a batch every invitation needs its own id: its idempotency key."] });
                return;
            }
            var outcome = await invitations.CreateAsync(item, null, baseUrl, token);
            results[index] = outcome.Errors is { } errors
                ? new InvitationBatchItem(index, false, null, errors)
                : new InvitationBatchItem(index, outcome.Created, InvitationView.From(outcome.Invitation!), null);
        });
        return TypedResults.Ok(new InvitationBatchView(
            results.Count(r => r.Created), results.Count(r => r.Invitation is not null && !r.Created), results.Count(r => r.Errors is not null), results));
    }

    private static async Task<Results<Ok<InvitationView>, NotFound>> GetAsync(string id, InvitationService invitations, CancellationToken ct) =>
        await invitations.FindAsync(id, ct) is { } invitation ? TypedResults.Ok(InvitationView.From(invitation)) : TypedResults.NotFound();
}
