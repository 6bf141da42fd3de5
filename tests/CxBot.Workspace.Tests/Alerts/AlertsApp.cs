using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using CxBot.Analysis;
using CxBot.Responses;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Workspace.Alerts;
using CxBot.Workspace.Auth;
using CxBot.Workspace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CxBot.Workspace.Tests.Alerts;

/// <summary>
/// The workspace with alerts configured as a test asks, wired as the host wires it, on Kestrel, over a database of
/// its own; every log line is kept so a test can read what was logged.
/// </summary>
internal sealed class AlertsApp : IAsyncDisposable
{
    public const string Secret = "whsec-test-4f1c7e2a9b8d6c5e3f1a0b9c8d7e6f5a";

    private AlertsApp(WebApplication app, NpgsqlDataSource data, LogCapture logs)
    {
        App = app;
        Data = data;
        Logs = logs;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public NpgsqlDataSource Data { get; }

    public LogCapture Logs { get; }

    /// <summary>Small delays so retries happen within a test's time; the caller's settings override them.</summary>
    public static Dictionary<string, string?> FastRetries(int maxAttempts = 10) => new()
    {
        ["Workspace:Alerts:BaseDelay"] = "00:00:00.100",
        ["Workspace:Alerts:MaxDelay"] = "00:00:05",
        ["Workspace:Alerts:RequestTimeout"] = "00:00:03",
        ["Workspace:Alerts:PollInterval"] = "00:00:00.020",
        ["Workspace:Alerts:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Workspace:Alerts:WorkspaceUrl"] = "https://cx.example.com",
    };

    /// <summary>Settings for one json webhook (signed with <see cref="Secret"/>) at <paramref name="url"/>.</summary>
    public static Dictionary<string, string?> JsonWebhook(Uri url, int index = 0, string name = "ops", string secret = Secret) => new()
    {
        [$"Workspace:Alerts:Webhooks:{index}:Name"] = name,
        [$"Workspace:Alerts:Webhooks:{index}:Url"] = new Uri(url, "/hooks/cx").ToString(),
        [$"Workspace:Alerts:Webhooks:{index}:Secret"] = secret,
        [$"Workspace:Alerts:Webhooks:{index}:Format"] = AlertFormats.Json,
    };

    public static async Task<AlertsApp> StartAsync(RedisServer redis, PostgresServer postgres, IEnumerable<KeyValuePair<string, string?>> settings, CancellationToken ct)
    {
        var database = PostgresServer.NewDatabaseName();
        await using (var admin = new NpgsqlConnection(postgres.ConnectionString()))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"create database {database}", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        var hash = UserDirectory.Hash(WorkspaceApp.Password);
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["ConnectionStrings:Postgres"] = postgres.ConnectionString(database),
            ["Redis:KeyPrefix"] = RedisServer.NewPrefix(),
            ["Redis:AnswerStreamShards"] = "2",
            ["Responses:RunWorkersInHost"] = "false",
            ["Workspace:Users:0:Name"] = "vera", ["Workspace:Users:0:PasswordHash"] = hash, ["Workspace:Users:0:Role"] = Roles.Viewer,
            ["Workspace:Users:1:Name"] = "ana", ["Workspace:Users:1:PasswordHash"] = hash, ["Workspace:Users:1:Role"] = Roles.Analyst,
            ["Workspace:Users:2:Name"] = "adam", ["Workspace:Users:2:PasswordHash"] = hash, ["Workspace:Users:2:Role"] = Roles.Admin,
            ["Logging:LogLevel:Default"] = "Debug",
        };
        foreach (var (key, value) in settings)
        {
            config[key] = value;
        }

        var logs = new LogCapture();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.AddCxBotStorage();
        builder.AddCxBotAnalysis();
        builder.AddCxBotResponses();
        builder.AddCxBotWorkspace();
        var app = builder.Build();
        app.MapCxBotWorkspace();
        // The schema first, so the dispatcher's first poll finds its table.
        var data = NpgsqlDataSource.Create(postgres.ConnectionString(database));
        try
        {
            await app.Services.GetRequiredService<Database.WorkspaceSchema>().EnsureAsync(ct);
            await app.StartAsync(ct);
            return new AlertsApp(app, data, logs);
        }
        catch
        {
            await app.DisposeAsync();
            await data.DisposeAsync();
            throw;
        }
    }

    public IAlertOutbox Outbox => App.Services.GetRequiredService<IAlertOutbox>();

    public static CaseAlert Alert(long caseId, string title = "Detractor: NPS 2 after checkout") => new(
        caseId, title, "Score 2 of 10; wants a call back", $"/workspace/cases/{caseId}",
        new Dictionary<string, string> { ["NPS"] = "2", ["Channel"] = "webchat", ["Reasons"] = "detractor, wants contact" });

    /// <summary>Queues an alert in a transaction of its own, as the case inbox does with the case.</summary>
    public async Task EnqueueAsync(CaseAlert alert, CancellationToken ct)
    {
        await using var connection = await Data.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await Outbox.EnqueueAsync(alert, connection, transaction, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<long> CountAsync(string sql, CancellationToken ct)
    {
        await using var command = Data.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits, at most <paramref name="timeout"/>, until <paramref name="sql"/> (a count) returns at least <paramref name="atLeast"/>.</summary>
    public async Task WaitForCountAsync(string sql, long atLeast, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long seen;
        while ((seen = await CountAsync(sql, ct)) < atLeast)
        {
            Assert.True(clock.Elapsed < timeout, $"'{sql}' stayed at {seen} (expected {atLeast}) for {timeout}.");
            // The state lives in PostgreSQL, which cannot signal this check; it is read again shortly.
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }

    public HttpClient NewClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = BaseAddress };

    public async Task<HttpClient> SignedInAsync(string user, CancellationToken ct)
    {
        var http = NewClient();
        var token = await WorkspaceApp.FormTokenAsync(http, "/workspace/signin", ct);
        using var response = await http.PostAsync("/workspace/signin", WorkspaceApp.Form(token, ("name", user), ("password", WorkspaceApp.Password)), ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        await Data.DisposeAsync();
    }
}

/// <summary>Keeps every log line (message, state values, exception) so tests can check what was written.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category} [{eventId.Id}] {formatter(state, exception)} {values} {exception}");
        }
    }
}
