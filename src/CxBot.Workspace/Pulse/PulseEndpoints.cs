using CxBot.Workspace.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

using static CxBot.Workspace.WorkspaceHttp;

namespace CxBot.Workspace.Pulse;

/// <summary>The pulse page and its JSON under the workspace group; read-only, so a viewer may see both.</summary>
internal static class PulseEndpoints
{
    public static RouteGroupBuilder MapPulse(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/pulse", PageAsync).RequireAuthorization(Policies.Viewer);
        workspace.MapGet("/api/pulse", JsonAsync).RequireAuthorization(Policies.Viewer);
        return workspace;
    }

    private static async Task<IResult> PageAsync(HttpContext http, string? lang, string? days, CancellationToken ct)
    {
        var page = Context(http, lang);
        return await WithStoreAsync(http, page, async services =>
            Page(PulsePage.Render(page, await services.GetRequiredService<PulseQueries>().LoadAsync(PulseQueries.PickDays(days), ct))), ct);
    }

    private static async Task<IResult> JsonAsync(HttpContext http, string? days, CancellationToken ct) =>
        await WithStoreAsync(http, null, async services =>
            TypedResults.Ok(PulsePage.Json(await services.GetRequiredService<PulseQueries>().LoadAsync(PulseQueries.PickDays(days), ct))), ct);
}
