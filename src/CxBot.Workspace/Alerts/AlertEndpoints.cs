using CxBot.Workspace.Auth;
using CxBot.Workspace.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using static CxBot.Workspace.WorkspaceHttp;

namespace CxBot.Workspace.Alerts;

/// <summary>The admin's view of alert deliveries and the replay of a failed one.</summary>
internal static class AlertEndpoints
{
    private const int PageSize = 200;

    public static RouteGroupBuilder MapCxBotAlerts(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/alerts", PageAsync).RequireAuthorization(Policies.Admin);
        workspace.MapPost("/alerts/{id:guid}/replay", ReplayAsync).RequireAuthorization(Policies.Admin).DisableAntiforgery();
        return workspace;
    }

    private static async Task<IResult> PageAsync(HttpContext http, string? lang, IOptionsMonitor<AlertOptions> options, CancellationToken ct)
    {
        var page = Context(http, lang);
        return await WithStoreAsync(http, page, async services =>
        {
            var store = services.GetRequiredService<AlertStore>();
            var counts = await store.CountsAsync(ct);
            var rows = await store.ListAsync(PageSize, ct);
            return Page(AlertsPage.Render(page, options.CurrentValue, counts, rows));
        }, ct);
    }

    private static async Task<IResult> ReplayAsync(Guid id, HttpContext http, ILogger<AlertStore> logger, CancellationToken ct)
    {
        if (await RefusedFormAsync(http) is { } refused) return refused;
        var lang = WorkspaceTexts.Pick(http.Request.Form["lang"]);
        return await WithStoreAsync(http, null, async services =>
        {
            if (!await services.GetRequiredService<AlertStore>().ReplayAsync(http.User, id, ct))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no failed delivery with this id.");
            }

            logger.Replayed(http.User.Identity?.Name ?? "", id);
            return TypedResults.Redirect($"/workspace/alerts?lang={lang}");
        }, ct);
    }
}
