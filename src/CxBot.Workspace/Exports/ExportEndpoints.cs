using CxBot.Workspace.Database;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Workspace.Auth;
using CxBot.Workspace.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

using static CxBot.Workspace.WorkspaceHttp;

namespace CxBot.Workspace.Exports;

/// <summary>
/// <c>/workspace/export/responses.csv</c> and <c>/workspace/export/metrics.csv</c> for the overview's filters. A viewer may
/// export. The file is streamed as rows arrive (never held whole in memory) and each export is audit-logged with its
/// filters and row count.
/// </summary>
internal static class ExportEndpoints
{
    public static void MapWorkspaceExports(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/export/responses.csv", (HttpContext http, CancellationToken ct) =>
            ExportAsync(http, "responses", (q, f, from, to, w) => q.WriteResponsesAsync(f, from, to, w, ct), ct)).RequireAuthorization(Policies.Viewer);
        workspace.MapGet("/export/metrics.csv", (HttpContext http, CancellationToken ct) =>
            ExportAsync(http, "metrics", (q, f, from, to, w) => q.WriteMetricsAsync(f, from, to, w, ct), ct)).RequireAuthorization(Policies.Viewer);
    }

    /// <summary>The query string of the export links: the overview's filters, nothing else.</summary>
    public static string Query(OverviewFilter filter) => filter.ToQuery();

    private static async Task<IResult> ExportAsync(
        HttpContext http, string export, Func<ExportQueries, OverviewFilter, DateTimeOffset, DateTimeOffset, TextWriter, Task<long>> write, CancellationToken ct) =>
        await WithStoreAsync(http, null, async services =>
        {
            var queries = services.GetRequiredService<ExportQueries>();
            var filter = await queries.KnownAsync(OverviewFilter.From(http.Request.Query), ct);
            var (from, to) = queries.Period(filter);
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition =
                $"attachment; filename=\"{export}-{from:yyyy-MM-dd}-{to.AddDays(-1):yyyy-MM-dd}.csv\"";
            await http.Response.Body.WriteAsync(Csv.Bom.ToArray(), ct);
            long rows = 0;
            var complete = false;
            try
            {
                await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true);
                rows = await write(queries, filter, from, to, writer);
                await writer.FlushAsync(ct);
                complete = true;
            }
            finally
            {
                // Recorded even when the download was cut short: the rows already sent have left the building.
                await AuditAsync(services.GetRequiredService<NpgsqlDataSource>(), http, export, filter, from, to, rows, complete);
                services.GetRequiredService<ILogger<ExportQueries>>().Exported(http.User.Identity?.Name ?? "", export, rows);
            }

            return TypedResults.Empty;
        }, ct);

    private static async Task AuditAsync(
        NpgsqlDataSource dataSource, HttpContext http, string export, OverviewFilter filter, DateTimeOffset from, DateTimeOffset to, long rows, bool complete)
    {
        var after = new JsonObject
        {
            ["filters"] = new JsonObject
            {
                ["days"] = filter.Days,
                ["survey"] = filter.Survey,
                ["channel"] = filter.Channel,
                ["language"] = filter.Language,
                ["touchpoint"] = filter.Touchpoint,
                ["attr"] = filter.HasAttribute ? filter.Attribute : null,
                ["value"] = filter.HasAttribute ? filter.AttributeValue : null,
            },
            ["from"] = from,
            ["to"] = to,
            ["rows"] = rows,
            ["complete"] = complete,
        };
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await AuditTrail.WriteAsync(connection, null, http.User, "export." + export, $"export:{export}", null, after?.ToJsonString(), CancellationToken.None);
    }
}
