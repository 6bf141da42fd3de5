using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CxBot.Workspace.Tests.Alerts;

/// <summary>One request as the receiver saw it; <see cref="Ticks"/> is a <see cref="Stopwatch"/> timestamp.</summary>
internal sealed record ReceivedRequest(int Number, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, long Ticks)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>What the receiver answers: a status and optional headers and body.</summary>
internal sealed record ReceiverAnswer(int Status, string? RetryAfter = null, string? Body = null);

/// <summary>
/// A webhook receiver on Kestrel at 127.0.0.1 (a free port, or the one given, so a test can start it late).
/// It records every request and answers as the test's script says for that request.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ReceivedRequest> _received = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public IReadOnlyList<ReceivedRequest> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync(Func<ReceivedRequest, ReceiverAnswer> script, CancellationToken ct, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            headers["Content-Type"] = http.Request.ContentType ?? "";
            ReceivedRequest request;
            lock (receiver._received)
            {
                request = new ReceivedRequest(receiver._received.Count + 1, http.Request.Path, headers, body.ToArray(), Stopwatch.GetTimestamp());
                receiver._received.Add(request);
            }

            var answer = script(request);
            http.Response.StatusCode = answer.Status;
            if (answer.RetryAfter is not null)
            {
                http.Response.Headers.RetryAfter = answer.RetryAfter;
            }

            if (answer.Body is not null)
            {
                await http.Response.WriteAsync(answer.Body, http.RequestAborted);
            }

            receiver._arrived.Release();
        });
        await app.StartAsync(ct);
        return receiver;
    }

    /// <summary>A port that was free a moment ago, for a receiver that is not up yet.</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits, at most <paramref name="timeout"/>, until the requests received satisfy <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(Func<IReadOnlyList<ReceivedRequest>, bool> condition, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var received = Received;
            if (condition(received))
            {
                return received;
            }

            var left = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left, ct))
            {
                throw new TimeoutException($"The receiver got {received.Count} requests; the expected ones did not come within {timeout}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
