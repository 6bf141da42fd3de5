using System.Text.Json.Nodes;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Responses.Database;
using CxBot.Responses.Privacy;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CxBot.Host.Tests.Invitations;

/// <summary>A host with the response store, where a CX team records that a customer may not be contacted.</summary>
public sealed class ContactPreferenceTests(RedisServer redis) : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private BotApp _app = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresServer.StartNewAsync(Ct);
        var database = PostgresServer.NewDatabaseName();
        await using (var admin = new NpgsqlConnection(_postgres.ConnectionString()))
        {
            await admin.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"create database {database}", admin);
            await create.ExecuteNonQueryAsync(Ct);
        }
        _app = new BotApp(redis.ConnectionString, RedisServer.NewPrefix(), new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _postgres.ConnectionString(database),
            ["Admin:ApiKeys:0"] = InvitationsHosts.ApiKey,
            ["Invitations:QuietFromHour"] = "0",
            ["Invitations:QuietUntilHour"] = "0",
        }).Start();
        await _app.Services.GetRequiredService<Migrator>().MigrateAsync(Ct);
        _http = new HttpClient { BaseAddress = _app.BaseAddress };
        _http.DefaultRequestHeaders.Add("X-Api-Key", InvitationsHosts.ApiKey);
    }

    [Fact]
    public async Task A_customer_the_team_marked_as_not_to_be_contacted_is_refused()
    {
        var privacy = _app.Services.GetRequiredService<CustomerPrivacy>();
        await privacy.SetContactPreferenceAsync("crm-quiet", false, Ct);
        await privacy.SetContactPreferenceAsync("crm-open", true, Ct);

        var (_, quiet) = await InvitationsHosts.InviteAsync(_http, new JsonObject { ["customer_id"] = "crm-quiet", ["event"] = "purchase" }, Ct);
        var (_, open) = await InvitationsHosts.InviteAsync(_http, new JsonObject { ["customer_id"] = "crm-open", ["event"] = "purchase" }, Ct);

        Assert.Equal("refused", quiet["status"]!.GetValue<string>());
        Assert.StartsWith("opted_out", quiet["why"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("link", open["status"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
