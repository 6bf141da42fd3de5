using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using CxBot.Workspace.Database;
using CxBot.Workspace.Pages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CxBot.Workspace.Alerts;

/// <summary>
/// Posts due alert deliveries to their webhooks. Safe to run on several hosts: each claims rows with
/// <c>for update skip locked</c> and leases them for the length of a post. A new alert (or a replay) wakes every
/// dispatcher at once through LISTEN/NOTIFY; otherwise each looks again after the poll interval.
/// Network errors, timeouts, 408, 429 and 5xx are retried with backoff; any other answer but 2xx is final.
/// </summary>
internal sealed class AlertDispatcher(
    AlertStore store,
    WorkspaceSchema schema,
    NpgsqlDataSource dataSource,
    IHttpClientFactory httpClients,
    IOptionsMonitor<AlertOptions> options,
    WorkspaceTexts texts,
    AlertMetrics metrics,
    TimeProvider time,
    ILogger<AlertDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "CxBot.Alerts";

    // A claimed row stays out of other dispatchers' reach this much longer than a post may take.
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);
    private const int MaxErrorLength = 300;
    private const int MaxBodyRead = 4_096;
    private const int TooManyRequests = 429;

    private enum Verdict
    {
        Delivered,
        Retry,
        Fail,
    }

    private readonly record struct Outcome(Verdict Verdict, int? Status, string Description, TimeSpan? RetryAfter = null);

    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.RunDispatcher)
        {
            return;
        }

        NpgsqlConnection? listener = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var more = false;
                try
                {
                    await schema.EnsureAsync(stoppingToken);
                    listener ??= await ListenAsync(stoppingToken);
                    more = await DispatchOnceAsync(stoppingToken) >= options.CurrentValue.BatchSize;
                    await PruneWhenDueAsync(stoppingToken);
                    await CountAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Most often the database is restarting; the deliveries wait in it, so nothing is lost by trying again.
                    logger.DispatcherError(e);
                    if (listener is not null)
                    {
                        await listener.DisposeAsync();
                        listener = null;
                    }
                }

                if (!more)
                {
                    listener = await WaitAsync(listener, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a delivery cut short keeps its lease and is retried when the lease runs out.
        }
        finally
        {
            if (listener is not null)
            {
                await listener.DisposeAsync();
            }
        }
    }

    /// <summary>Claims one batch of due deliveries, posts them in parallel and records each outcome; returns how many were claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var claimed = await store.ClaimAsync(current.BatchSize, current.RequestTimeout + LeaseMargin, cancellationToken);
        await Task.WhenAll(claimed.Select(delivery => DeliverAsync(delivery, current, cancellationToken)));
        return claimed.Count;
    }

    /// <summary>
    /// Deletes one batch of old delivered rows; returns how many. Public so a test (or an operator's tool) can run
    /// it without waiting for the interval.
    /// </summary>
    public async Task<int> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var deleted = await store.PruneDeliveredAsync(current.KeepDeliveredDays, current.PruneBatchSize, cancellationToken);
        if (deleted > 0)
        {
            logger.Pruned(deleted, current.KeepDeliveredDays);
        }

        return deleted;
    }

    // A full batch means more are waiting: the next round prunes again instead of waiting for the interval, so a
    // backlog goes a batch per round without one long delete.
    private async Task PruneWhenDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < _nextPrune)
        {
            return;
        }

        var full = await PruneOnceAsync(cancellationToken) >= options.CurrentValue.PruneBatchSize;
        _nextPrune = full ? now : now + options.CurrentValue.PruneInterval;
    }

    private async Task DeliverAsync(AlertDelivery delivery, AlertOptions current, CancellationToken cancellationToken)
    {
        var outcome = current.Find(delivery.Webhook) is { } hook
            ? await PostAsync(delivery, hook, current, cancellationToken)
            : new Outcome(Verdict.Fail, null, $"The webhook '{delivery.Webhook}' is no longer configured.");
        switch (outcome.Verdict)
        {
            case Verdict.Delivered:
                if (await store.DeliveredAsync(delivery, outcome.Status ?? 0, cancellationToken))
                {
                    metrics.Attempt("delivered");
                    logger.Delivered(delivery.Id, delivery.CaseId, delivery.Webhook, delivery.Attempt);
                }

                break;
            case Verdict.Retry when delivery.Attempt < current.MaxAttempts:
                var delay = Backoff.Next(delivery.Attempt, outcome.RetryAfter, current, Random.Shared.NextDouble());
                if (await store.RetryAsync(delivery, outcome.Status, outcome.Description, delay, cancellationToken))
                {
                    metrics.Attempt("retry");
                    logger.WillRetry(delivery.Id, delivery.Webhook, delivery.Attempt, outcome.Description, (long)delay.TotalMilliseconds);
                }

                break;
            default:
                if (await store.FailedAsync(delivery, outcome.Status, outcome.Description, cancellationToken))
                {
                    metrics.Attempt("failed");
                    logger.DeliveryFailed(delivery.Id, delivery.CaseId, delivery.Webhook, delivery.Attempt, outcome.Description);
                }

                break;
        }
    }

    private async Task<Outcome> PostAsync(AlertDelivery delivery, AlertWebhook hook, AlertOptions current, CancellationToken cancellationToken)
    {
        var link = AlertPayloads.AbsoluteLink(delivery.Link, current.WorkspaceUrl);
        var teams = hook.Format == AlertFormats.Teams;
        var body = teams ? AlertPayloads.Teams(delivery, link, texts.Get(current.Language, "alertsOpenCase")) : AlertPayloads.Json(delivery, link);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var id = delivery.Id.ToString("D");
        request.Headers.Add(AlertPayloads.EventHeader, delivery.Event);
        request.Headers.Add(AlertPayloads.DeliveryHeader, id);
        request.Headers.Add(AlertPayloads.IdempotencyHeader, id);
        request.Headers.Add(AlertPayloads.AttemptHeader, delivery.Attempt.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(AlertPayloads.TimestampHeader, timestamp);
        if (!string.IsNullOrEmpty(hook.Secret))
        {
            request.Headers.Add(AlertPayloads.SignatureHeader, AlertPayloads.Sign(hook.Secret, timestamp, body));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(current.RequestTimeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var description = $"HTTP {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}".TrimEnd();
            if (response.IsSuccessStatusCode)
            {
                // Teams' connector webhooks answer 200 with this text in the body when they throttle.
                return teams && (await ReadStartAsync(response, timeout.Token)).Contains("HTTP error 429", StringComparison.Ordinal)
                    ? new Outcome(Verdict.Retry, TooManyRequests, "HTTP 200 with a throttling message (429) from Teams")
                    : new Outcome(Verdict.Delivered, status, description);
            }

            if (response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500)
            {
                return new Outcome(Verdict.Retry, status, description, RetryAfter(response.Headers.RetryAfter));
            }

            return new Outcome(Verdict.Fail, status, description);
        }
        catch (HttpRequestException e)
        {
            return new Outcome(Verdict.Retry, null, Describe(e, hook));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(Verdict.Retry, null, $"No answer within {current.RequestTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms.");
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyRead];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    // The address is replaced by the webhook's name: a Teams webhook URL is a credential and must not reach the page.
    private static string Describe(Exception e, AlertWebhook hook)
    {
        var message = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
        message = message.Replace(hook.Url, hook.Name, StringComparison.OrdinalIgnoreCase);
        if (Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) && url.PathAndQuery.Length > 1)
        {
            message = message.Replace(url.PathAndQuery, "/…", StringComparison.OrdinalIgnoreCase);
        }

        return message.Length <= MaxErrorLength ? message : message[..MaxErrorLength];
    }

    private async Task CountAsync(CancellationToken cancellationToken)
    {
        var counts = await store.CountsAsync(cancellationToken);
        var before = metrics.SetCounts(counts.Failed, counts.Pending);
        if (counts.Failed > 0 && counts.Failed != before)
        {
            logger.FailedWaiting(counts.Failed);
        }
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var listen = new NpgsqlCommand($"listen {AlertStore.Channel}", connection);
        await listen.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>Waits for a NOTIFY or the poll interval; without a listening connection, just the interval.</summary>
    private async Task<NpgsqlConnection?> WaitAsync(NpgsqlConnection? listener, CancellationToken cancellationToken)
    {
        var interval = options.CurrentValue.PollInterval;
        if (listener is not null)
        {
            try
            {
                await listener.WaitAsync(interval, cancellationToken);
                return listener;
            }
            catch (NpgsqlException)
            {
                await listener.DisposeAsync();
            }
        }

        await Task.Delay(interval, time, cancellationToken);
        return null;
    }
}
