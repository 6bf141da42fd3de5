using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CxBot.Responses.Api;
using CxBot.Responses.Tests.Infrastructure;
using CxBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using CxBot.Analysis;
using CxBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Responses.Tests.Api;

/// <summary>The admin API on a real Kestrel socket, wired as the host wires it.</summary>
public sealed class AdminApiTests(RedisServer redis, PostgresServer postgres)
{
    private const string Key = "test-admin-key-7f3a";

    [Fact]
    public async Task Without_a_valid_key_every_admin_call_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await using var app = await StartAsync(store, ct);
        using var http = new HttpClient { BaseAddress = Address(app) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/admin/metrics/nps", ct)).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Delete, "/api/admin/customers/crm:1");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong, ct)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/admin/metrics/nps");
        right.Headers.Add("X-Api-Key", Key);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(right, ct)).StatusCode);
    }

    [Fact]
    public async Task Responses_and_their_csv_filter_by_journey_and_a_context_attribute_as_the_metrics_do()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync(
        [
            Answers.Score("pa1", "nps", "nps", 10, context: new Dictionary<string, string> { ["journey"] = "checkout", ["plan"] = "gold" }),
            Answers.Score("pa2", "nps", "nps", 3, minute: 1, context: new Dictionary<string, string> { ["journey"] = "checkout", ["plan"] = "silver" }),
            Answers.Score("pa3", "nps", "nps", 9, minute: 2, context: new Dictionary<string, string> { ["journey"] = "delivery", ["plan"] = "gold" }),
        ], ct);
        await store.DrainAsync(ct);
        await using var app = await StartAsync(store, ct);
        using var http = new HttpClient { BaseAddress = Address(app) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        var gold = await http.GetFromJsonAsync<JsonElement>("/api/admin/responses?context.plan=gold", ct);
        var both = await http.GetFromJsonAsync<JsonElement>("/api/admin/responses?context.plan=gold&journey=checkout", ct);
        var csv = await http.GetStringAsync("/api/admin/responses.csv?context.plan=silver", ct);
        using var metrics = JsonDocument.Parse(await http.GetStringAsync("/api/admin/metrics/nps?from=2026-03-01&to=2026-04-01&context.plan=gold", ct));

        Assert.Equal(["pa1", "pa3"], gold.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("responseId").GetString()!).Order());
        Assert.Equal("pa1", Assert.Single(both.GetProperty("items").EnumerateArray()).GetProperty("responseId").GetString());
        Assert.Equal(["pa2"], csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(gold.GetProperty("items").GetArrayLength(), Assert.Single(metrics.RootElement.GetProperty("rows").EnumerateArray()).GetProperty("n").GetInt64());
    }

    [Fact]
    public async Task Metrics_responses_and_csv_are_served_to_a_bearer_key()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync([Answers.Score("api1", "nps", "nps", 10), Answers.Score("api2", "nps", "nps", 0, minute: 1)], ct);
        await store.DrainAsync(ct);
        await using var app = await StartAsync(store, ct);
        using var http = new HttpClient { BaseAddress = Address(app) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        using var metrics = JsonDocument.Parse(await http.GetStringAsync("/api/admin/metrics/nps?from=2026-03-01&to=2026-04-01&by=month", ct));
        var row = Assert.Single(metrics.RootElement.GetProperty("rows").EnumerateArray());
        Assert.Equal(2, row.GetProperty("n").GetInt64());
        Assert.Equal(0, row.GetProperty("score").GetProperty("value").GetDouble(), 6);

        var page = await http.GetFromJsonAsync<JsonElement>("/api/admin/responses?limit=1", ct);
        Assert.Equal("api2", page.GetProperty("items")[0].GetProperty("responseId").GetString());
        var next = page.GetProperty("nextCursor").GetString();
        var second = await http.GetFromJsonAsync<JsonElement>($"/api/admin/responses?limit=1&cursor={next}", ct);
        Assert.Equal("api1", second.GetProperty("items")[0].GetProperty("responseId").GetString());

        var csv = await http.GetStringAsync("/api/admin/responses.csv", ct);
        Assert.Equal(3, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/admin/metrics/nps?slice=colour", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsJsonAsync("/api/admin/customers/crm:1/contact-preference", new { contactAllowed = false }, ct)).StatusCode);
        var export = await http.GetFromJsonAsync<JsonElement>("/api/admin/customers/crm:1/export", ct);
        Assert.False(export.GetProperty("contactPreferences").GetProperty("contact_allowed").GetBoolean());
        Assert.Equal(2, export.GetProperty("responses").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync("/api/admin/customers/crm:1", ct)).StatusCode);
        Assert.Equal(0, await store.ScalarAsync("select count(*) from responses", ct));
    }

    [Fact]
    public async Task Readyz_reports_redis_postgres_and_the_pipeline_lag()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await using var app = await StartAsync(store, ct);
        using var http = new HttpClient { BaseAddress = Address(app) };

        var ready = await http.GetFromJsonAsync<JsonElement>("/readyz", ct);

        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("ok", ready.GetProperty("checks").GetProperty("postgres").GetString());
        Assert.Equal("0", ready.GetProperty("checks").GetProperty("pipelineLag").GetString());
    }

    private static async Task<WebApplication> StartAsync(TestStore store, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = store.RedisConnection,
            ["ConnectionStrings:Postgres"] = store.PostgresConnection,
            ["Redis:KeyPrefix"] = store.Prefix,
            ["Redis:AnswerStreamShards"] = "4",
            ["Responses:RunWorkersInHost"] = "false",
            ["Admin:ApiKeys:0"] = Key,
        });
        builder.AddCxBotStorage();
        builder.AddCxBotAnalysis();
        builder.AddCxBotResponses();
        var app = builder.Build();
        app.MapCxBotAdminApi();
        await app.StartAsync(ct);
        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
