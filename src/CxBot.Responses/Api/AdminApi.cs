using System.Globalization;
using System.Text;
using CxBot.Responses.Metrics;
using CxBot.Responses.Pipeline;
using CxBot.Responses.Privacy;
using CxBot.Responses.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace CxBot.Responses.Api;

/// <summary>
/// <c>/readyz</c> and the admin API under <c>/api/admin</c> (API key required): metrics, responses,
/// CSV export, customer erasure and export, dead-letter replay.
/// </summary>
public static class AdminApi
{
    private const int DefaultDays = 30;
    private const int MaxPage = 500;

    public static IEndpointRouteBuilder MapCxBotAdminApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/readyz", ReadyAsync);

        var admin = app.MapGroup("/api/admin").AddEndpointFilter<ApiKeyFilter>();
        admin.MapGet("/metrics/funnel", FunnelAsync);
        admin.MapGet("/metrics/themes", ThemesAsync);
        admin.MapGet("/metrics/{metric}", MetricAsync);
        admin.MapGet("/metrics/{metric}/compare", CompareAsync);
        admin.MapGet("/responses", ResponsesAsync);
        admin.MapGet("/responses.csv", CsvAsync);
        admin.MapDelete("/customers/{customerId}", EraseAsync);
        admin.MapGet("/customers/{customerId}/export", ExportAsync);
        admin.MapPut("/customers/{customerId}/contact-preference", ContactPreferenceAsync);
        admin.MapPost("/dead-letters/replay", ReplayAsync);
        return app;
    }

    private static async Task<IResult> ReadyAsync(HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var checks = new Dictionary<string, string>(StringComparer.Ordinal);
        var ready = true;
        try
        {
            await services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().PingAsync().WaitAsync(ct);
            checks["redis"] = "ok";
        }
        catch (Exception e) when (CxBot.Storage.RedisOutage.Is(e))
        {
            checks["redis"] = "unreachable";
            ready = false;
        }

        if (services.GetService<NpgsqlDataSource>() is not { } postgres)
        {
            checks["postgres"] = "not configured";
        }
        else
        {
            try
            {
                await using var command = postgres.CreateCommand("select 1");
                await command.ExecuteScalarAsync(ct);
                checks["postgres"] = "ok";
            }
            catch (NpgsqlException)
            {
                checks["postgres"] = "unreachable";
                ready = false;
            }

            // Measured now rather than taken from the workers: they may run in another process.
            var maxLag = services.GetRequiredService<IOptions<ResponsesOptions>>().Value.ReadyMaxLag;
            try
            {
                var lag = await services.GetRequiredService<AnswerPipeline>().LagAsync(ct);
                checks["pipelineLag"] = lag.ToString(CultureInfo.InvariantCulture);
                ready &= lag <= maxLag;
            }
            catch (Exception e) when (CxBot.Storage.RedisOutage.Is(e))
            {
                checks["pipelineLag"] = "unknown";
            }
        }

        var body = new { status = ready ? "ready" : "not ready", checks };
        return ready ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> MetricAsync(string metric, HttpContext http, CancellationToken ct) =>
        await WithStore<MetricsQueries>(http, async queries =>
        {
            var kind = Kind(metric);
            var filter = Filter(http.Request.Query);
            var rows = await queries.QueryAsync(kind, filter, Text(http.Request.Query, "by"), Text(http.Request.Query, "slice"), ct);
            return TypedResults.Ok(new { metric = kind.ToString().ToLowerInvariant(), from = filter.From, to = filter.To, rows });
        });

    private static async Task<IResult> CompareAsync(string metric, HttpContext http, CancellationToken ct) =>
        await WithStore<MetricsQueries>(http, async queries =>
        {
            var q = http.Request.Query;
            var baseFilter = Filter(q);
            var a = baseFilter with { From = Time(q, "aFrom") ?? throw Bad("aFrom is required"), To = Time(q, "aTo") ?? throw Bad("aTo is required") };
            var b = baseFilter with { From = Time(q, "bFrom") ?? throw Bad("bFrom is required"), To = Time(q, "bTo") ?? throw Bad("bTo is required") };
            var rows = await queries.CompareAsync(Kind(metric), a, b, Text(q, "slice"), ct);
            return TypedResults.Ok(new { metric = Kind(metric).ToString().ToLowerInvariant(), rows });
        });

    private static async Task<IResult> FunnelAsync(HttpContext http, CancellationToken ct) =>
        await WithStore<MetricsQueries>(http, async queries => TypedResults.Ok(await queries.FunnelAsync(Filter(http.Request.Query), ct)));

    private static async Task<IResult> ThemesAsync(HttpContext http, CancellationToken ct) =>
        await WithStore<MetricsQueries>(http, async queries =>
            TypedResults.Ok(new { rows = await queries.ThemesAsync(Filter(http.Request.Query), Text(http.Request.Query, "by"), Text(http.Request.Query, "slice"), ct) }));

    private static async Task<IResult> ResponsesAsync(HttpContext http, CancellationToken ct) =>
        await WithStore<ResponseQueries>(http, async queries =>
        {
            var q = http.Request.Query;
            var limit = int.TryParse(Text(q, "limit"), CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, MaxPage) : 50;
            return TypedResults.Ok(await queries.ListAsync(ResponseFilterOf(q), Text(q, "cursor"), limit, ct));
        });

    private static async Task<IResult> CsvAsync(HttpContext http, CancellationToken ct) =>
        await WithStore<ResponseQueries>(http, async queries =>
        {
            var filter = ResponseFilterOf(http.Request.Query);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"responses.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), leaveOpen: true);
            await queries.WriteCsvAsync(filter, writer, ct);
            await writer.FlushAsync(ct);
            return TypedResults.Empty;
        });

    private static async Task<IResult> EraseAsync(string customerId, HttpContext http, CancellationToken ct) =>
        await WithStore<CustomerPrivacy>(http, async privacy => TypedResults.Ok(await privacy.EraseAsync(customerId, ct)));

    private static async Task<IResult> ExportAsync(string customerId, HttpContext http, CancellationToken ct) =>
        await WithStore<CustomerPrivacy>(http, async privacy => TypedResults.Text(
            (await privacy.ExportAsync(customerId, ct)).ToJsonString(), "application/json", Encoding.UTF8));

    private static async Task<IResult> ContactPreferenceAsync(string customerId, ContactPreference preference, HttpContext http, CancellationToken ct) =>
        await WithStore<CustomerPrivacy>(http, async privacy =>
        {
            await privacy.SetContactPreferenceAsync(customerId, preference.ContactAllowed, ct);
            return TypedResults.NoContent();
        });

    private static async Task<IResult> ReplayAsync(HttpContext http, CancellationToken ct) =>
        await WithStore<AnswerPipeline>(http, async pipeline => TypedResults.Ok(new { replayed = await pipeline.ReplayDeadLettersAsync(ct) }));

    private static async Task<IResult> WithStore<T>(HttpContext http, Func<T, Task<IResult>> action)
        where T : notnull
    {
        if (http.RequestServices.GetService<T>() is not { } service)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The response store is not configured.", detail: $"Set {ResponsesOptions.ConnectionStringKey}.");
        }

        try
        {
            await http.RequestServices.GetRequiredService<Database.DatabaseSchema>().EnsureAsync(http.RequestAborted);
            return await action(service);
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query.", detail: e.Message);
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The response store is unreachable.");
        }
    }

    private static MetricKind Kind(string metric) => metric.ToLowerInvariant() switch
    {
        "nps" => MetricKind.Nps,
        "csat" => MetricKind.Csat,
        "ces" => MetricKind.Ces,
        _ => throw Bad($"metric must be nps, csat or ces, not '{metric}'"),
    };

    private static MetricFilter Filter(IQueryCollection q)
    {
        var to = Time(q, "to") ?? DateTimeOffset.UtcNow;
        var from = Time(q, "from") ?? to.AddDays(-DefaultDays);
        var (contextKey, contextValue) = ContextOf(q);
        return new MetricFilter(from, to, Text(q, "survey"), Text(q, "question"), Text(q, "channel"), Text(q, "language"),
            Text(q, "journey"), contextKey, contextValue);
    }

    private static ResponseFilter ResponseFilterOf(IQueryCollection q)
    {
        var (contextKey, contextValue) = ContextOf(q);
        return new(
            Time(q, "from"), Time(q, "to"), Text(q, "survey"), Text(q, "channel"), Text(q, "language"), Text(q, "scoreBand"),
            Text(q, "theme"), Text(q, "sentiment"), Flag(q, "churnRisk"), Flag(q, "wantsContact"), Text(q, "q"),
            Text(q, "journey"), contextKey, contextValue);
    }

    /// <summary>The one context attribute filter, <c>context.NAME=value</c>, as the metrics and responses endpoints both take it.</summary>
    private static (string? Key, string? Value) ContextOf(IQueryCollection q)
    {
        string? contextKey = null, contextValue = null;
        foreach (var (key, value) in q)
        {
            if (key.StartsWith("context.", StringComparison.Ordinal) && key.Length > "context.".Length)
            {
                (contextKey, contextValue) = (key["context.".Length..], value.ToString());
            }
        }

        return (contextKey, contextValue);
    }

    private static string? Text(IQueryCollection q, string name) => q.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;

    private static bool? Flag(IQueryCollection q, string name) => Text(q, name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var other => throw Bad($"{name} must be true or false, not '{other}'"),
    };

    private static DateTimeOffset? Time(IQueryCollection q, string name) => Text(q, name) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
        : throw Bad($"{name} must be an ISO 8601 date or time, not '{text}'");

    private static ArgumentException Bad(string message) => new(message);
}

/// <summary>The body of <c>PUT /api/admin/customers/{id}/contact-preference</c>.</summary>
public sealed record ContactPreference(bool ContactAllowed);
