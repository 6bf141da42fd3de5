using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Testing;
using CxBot.Workspace;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace CxBot.Host.Tests.Cases;

/// <summary>
/// The whole host with PostgreSQL, the pipeline running in it, the case scanner every second, a channel stand-in, and
/// two workspace users (analyst "ana", viewer "vera"): what closing the loop needs end to end.
/// </summary>
public sealed partial class CaseLoopHost : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    private CaseLoopHost(PostgresServer postgres, ChannelStandIn channel, BotApp app, string database)
    {
        Postgres = postgres;
        Channel = channel;
        App = app;
        Http = new HttpClient { BaseAddress = app.BaseAddress };
        Data = NpgsqlDataSource.Create(postgres.ConnectionString(database));
    }

    public PostgresServer Postgres { get; }

    public ChannelStandIn Channel { get; }

    public BotApp App { get; }

    public HttpClient Http { get; }

    public NpgsqlDataSource Data { get; }

    public static async Task<CaseLoopHost> StartAsync(RedisServer redis, CancellationToken ct)
    {
        var postgres = await PostgresServer.StartNewAsync(ct);
        var database = PostgresServer.NewDatabaseName();
        await using (var admin = new NpgsqlConnection(postgres.ConnectionString()))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"create database {database}", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        var channel = await ChannelStandIn.StartAsync(ct);
        var hash = new PasswordHasher<WorkspaceUser>().HashPassword(new WorkspaceUser(), Password);
        var app = new BotApp(redis.ConnectionString, RedisServer.NewPrefix(), new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = postgres.ConnectionString(database),
            ["Workspace:Users:0:Name"] = "ana", ["Workspace:Users:0:PasswordHash"] = hash, ["Workspace:Users:0:Role"] = Roles.Analyst,
            ["Workspace:Users:1:Name"] = "vera", ["Workspace:Users:1:PasswordHash"] = hash, ["Workspace:Users:1:Role"] = Roles.Viewer,
            ["Workspace:Cases:ScanSeconds"] = "1",
            ["Invitations:QuietFromHour"] = "0",
            ["Invitations:QuietUntilHour"] = "0",
        }).Start();
        return new CaseLoopHost(postgres, channel, app, database);
    }

    public CustomerChat NewChat(string channelId, string locale) => new(Http, Channel, channelId, locale);

    /// <summary>The bot's acknowledgement of a reply, from the data file, in <paramref name="language"/>.</summary>
    public static string ReplyAcknowledgement(string language)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.InRoot("src", "CxBot.Host", "Cases", "case-texts.json")));
        return doc.RootElement.GetProperty(language).GetProperty("replyReceived").GetString()!;
    }

    /// <summary>Reads <paramref name="sql"/> until it returns a value (the pipeline and scanner work in the background), for at most a minute.</summary>
    public async Task<string> WaitForAsync(string sql, CancellationToken ct, params object[] values)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                await using var command = Data.CreateCommand(sql);
                foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
                if (await command.ExecuteScalarAsync(timeout.Token) is { } found and not DBNull) return found.ToString()!;
            }
            catch (NpgsqlException e) when (e is not PostgresException || e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable })
            {
                // The workspace's tables are made on first use; a pooled connection from before a restart is dropped.
            }

            // Nothing in PostgreSQL signals a new row to a reader: poll, bounded by the timeout.
            await Task.Delay(200, timeout.Token);
        }
    }

    public async Task<string?> ScalarAsync(string sql, CancellationToken ct, params object[] values)
    {
        await using var command = Data.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (await command.ExecuteScalarAsync(ct))?.ToString();
    }

    /// <summary>A browser-like client signed in through the form: cookies kept, redirects visible.</summary>
    public async Task<HttpClient> SignedInAsync(string user, CancellationToken ct)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = App.BaseAddress };
        var token = await FormTokenAsync(http, "/workspace/signin", ct);
        using var response = await http.PostAsync("/workspace/signin", Form(token, ("name", user), ("password", Password)), ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return http;
    }

    public static async Task<string> FormTokenAsync(HttpClient http, string path, CancellationToken ct)
    {
        var html = await http.GetStringAsync(path, ct);
        return TokenField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No anti-forgery field on {path}.");
    }

    public static FormUrlEncodedContent Form(string? token, params (string Name, string Value)[] fields)
    {
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null) all.Add(new("__RequestVerificationToken", token));
        return new FormUrlEncodedContent(all);
    }

    /// <summary>Posts a case form as the case page does.</summary>
    public static async Task<HttpResponseMessage> PostCaseAsync(HttpClient http, long id, string action, CancellationToken ct, params (string, string)[] fields)
    {
        var token = await FormTokenAsync(http, $"/workspace/cases/{id}", ct);
        return await http.PostAsync($"/workspace/cases/{id}/{action}", Form(token, [("lang", "en"), .. fields]), ct);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await Channel.DisposeAsync();
        await Data.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
