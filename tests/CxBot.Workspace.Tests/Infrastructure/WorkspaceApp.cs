using System.Net;
using System.Text.RegularExpressions;
using CxBot.Analysis;
using CxBot.Responses;
using CxBot.Responses.Api;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Workspace.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CxBot.Workspace.Tests.Infrastructure;

/// <summary>
/// The workspace and the admin API wired as the host wires them, on a real Kestrel socket, over a fresh
/// database of this test's own on the shared PostgreSQL and a fresh key prefix on the shared Redis.
/// </summary>
internal sealed partial class WorkspaceApp : IAsyncDisposable
{
    public const string ApiKey = "workspace-test-admin-key-41c9";
    public const string Password = "correct horse battery staple";

    private WorkspaceApp(WebApplication app, NpgsqlDataSource data)
    {
        App = app;
        Data = data;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>A connection to the test's database, apart from the app's, for seeding and checking.</summary>
    public NpgsqlDataSource Data { get; }

    /// <param name="settings">Settings added to (or replacing) the defaults, e.g. Workspace:Oidc.</param>
    public static async Task<WorkspaceApp> StartAsync(RedisServer redis, PostgresServer postgres, CancellationToken ct, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = PostgresServer.NewDatabaseName();
        await using (var admin = new NpgsqlConnection(postgres.ConnectionString()))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"create database {database}", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        var hash = UserDirectory.Hash(Password);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["ConnectionStrings:Postgres"] = postgres.ConnectionString(database),
            ["Redis:KeyPrefix"] = RedisServer.NewPrefix(),
            ["Redis:AnswerStreamShards"] = "2",
            ["Responses:RunWorkersInHost"] = "false",
            ["Admin:ApiKeys:0"] = ApiKey,
            ["Workspace:Users:0:Name"] = "vera", ["Workspace:Users:0:PasswordHash"] = hash, ["Workspace:Users:0:Role"] = Roles.Viewer,
            ["Workspace:Users:1:Name"] = "ana", ["Workspace:Users:1:PasswordHash"] = hash, ["Workspace:Users:1:Role"] = Roles.Analyst,
            ["Workspace:Users:2:Name"] = "adam", ["Workspace:Users:2:PasswordHash"] = hash, ["Workspace:Users:2:Role"] = Roles.Admin,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddCxBotStorage();
        builder.AddCxBotAnalysis();
        builder.AddCxBotResponses();
        builder.AddCxBotWorkspace();
        var app = builder.Build();
        app.MapCxBotAdminApi();
        app.MapCxBotWorkspace();
        await app.StartAsync(ct);
        await app.Services.GetRequiredService<Database.WorkspaceSchema>().EnsureAsync(ct);
        return new WorkspaceApp(app, NpgsqlDataSource.Create(postgres.ConnectionString(database)));
    }

    /// <summary>A browser-like client of its own: cookies kept, redirects not followed so tests can see them.</summary>
    public HttpClient NewClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = BaseAddress };

    /// <summary>Signs <paramref name="user"/> in through the form, as a browser does, and returns the client.</summary>
    public async Task<HttpClient> SignedInAsync(string user, CancellationToken ct)
    {
        var http = NewClient();
        var token = await FormTokenAsync(http, "/workspace/signin", ct);
        using var response = await http.PostAsync("/workspace/signin", Form(token, ("name", user), ("password", Password)), ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return http;
    }

    /// <summary>Asserts that <paramref name="response"/> sends a caller without a session to the sign-in page.</summary>
    public static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/workspace/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    /// <summary>The anti-forgery token of the form on <paramref name="path"/>.</summary>
    public static async Task<string> FormTokenAsync(HttpClient http, string path, CancellationToken ct)
    {
        var html = await http.GetStringAsync(path, ct);
        return TokenField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No anti-forgery field on {path}.");
    }

    public static FormUrlEncodedContent Form(string? token, params (string Name, string Value)[] fields)
    {
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            all.Add(new("__RequestVerificationToken", token));
        }

        return new FormUrlEncodedContent(all);
    }

    /// <summary>A response with one scored answer (and optional text) <paramref name="daysAgo"/> days ago.</summary>
    public async Task SeedAsync(string responseId, string metric, int score, double daysAgo, CancellationToken ct,
        string survey = "post-purchase", string channel = "webchat", string language = "en", string? journey = "checkout", string? text = null)
    {
        var at = DateTimeOffset.UtcNow.AddDays(-daysAgo);
        await using var connection = await Data.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("""
                    insert into responses (response_id, survey_id, survey_version, journey, channel_id, language, started_at, last_event_at, status, completed_at)
                    values ($1, $2, 1, $3, $4, $5, $6, $6, 'complete', $6) on conflict do nothing
                    """, responseId, survey, (object?)journey ?? DBNull.Value, channel, language, at),
                Command("""
                    insert into answers (response_id, question_id, answer_id, revision, event, question_type, score, language, answered_at, stream_entry_id)
                    values ($1, $2, $1 || ':' || $2 || ':1', 1, 'answer', $2, $3, $4, $5, '0-1')
                    """, responseId, metric, (short)score, language, at),
            },
        };
        if (text is not null)
        {
            batch.BatchCommands.Add(Command("""
                insert into answers (response_id, question_id, answer_id, revision, event, question_type, masked_text, language, answered_at, stream_entry_id)
                values ($1, 'comment', $1 || ':comment:1', 1, 'answer', 'text', $2, $3, $4, '0-2')
                """, responseId, text, language, at));
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    public async Task<long> CountAsync(string sql, CancellationToken ct)
    {
        await using var command = Data.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        await Data.DisposeAsync();
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
