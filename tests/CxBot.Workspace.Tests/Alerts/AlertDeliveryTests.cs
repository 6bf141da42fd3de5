using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CxBot.Testing;
using CxBot.Workspace.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CxBot.Workspace.Tests.Alerts;

/// <summary>Alerts queued through the outbox and posted by the dispatcher to a real receiver on 127.0.0.1.</summary>
public sealed class AlertDeliveryTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static ReceiverAnswer Ok(ReceivedRequest _) => new(200);

    private static string DeliveryId(ReceivedRequest r) => r.Header("X-CxBot-Delivery");

    private static double Seconds(long fromTicks, long toTicks) => (double)(toTicks - fromTicks) / Stopwatch.Frequency;

    [Fact]
    public async Task A_json_alert_carries_the_documented_payload_and_a_signature_that_verifies_only_with_the_secret()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(Ok, ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress)], ct);
        var before = DateTimeOffset.UtcNow;

        await app.EnqueueAsync(AlertsApp.Alert(42), ct);

        var request = (await receiver.WaitForAsync(r => r.Count >= 1, Patience, ct))[0];
        Assert.Equal("/hooks/cx", request.Path);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var timestamp = request.Header("X-CxBot-Timestamp");
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        string Signature(string secret) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        Assert.Equal(Signature(AlertsApp.Secret), request.Header("X-CxBot-Signature"));
        Assert.NotEqual(Signature(AlertsApp.Secret + "x"), request.Header("X-CxBot-Signature"));
        Assert.NotEqual(Signature("another-secret-of-the-right-length-0000"), request.Header("X-CxBot-Signature"));
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, CultureInfo.InvariantCulture));
        Assert.InRange(sentAt, before.AddSeconds(-2), DateTimeOffset.UtcNow.AddSeconds(2));

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("case.urgent", root.GetProperty("event").GetString());
        Assert.Equal("case.urgent", request.Header("X-CxBot-Event"));
        Assert.Equal(DeliveryId(request), root.GetProperty("delivery_id").GetString());
        Assert.Equal(DeliveryId(request), request.Header("Idempotency-Key"));
        Assert.True(Guid.TryParse(DeliveryId(request), out _));
        Assert.Equal(42, root.GetProperty("case_id").GetInt64());
        Assert.Equal("Detractor: NPS 2 after checkout", root.GetProperty("title").GetString());
        Assert.Equal("Score 2 of 10; wants a call back", root.GetProperty("summary").GetString());
        Assert.Equal("https://cx.example.com/workspace/cases/42", root.GetProperty("link").GetString());
        Assert.Equal(["NPS=2", "Channel=webchat", "Reasons=detractor, wants contact"],
            root.GetProperty("facts").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}"));
        var occurred = root.GetProperty("occurred_at").GetDateTimeOffset();
        Assert.InRange(occurred, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));

        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'delivered' and attempts = 1 and last_status = 200 and delivered_at is not null", 1, Patience, ct);
    }

    [Fact]
    public async Task A_new_alert_wakes_the_dispatchers_at_commit_without_waiting_for_the_poll()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(Ok, ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres,
            [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress), new("Workspace:Alerts:PollInterval", "00:10:00")], ct);
        // The first round (which finds nothing) is over once the gauge has a count; from then on only a NOTIFY wakes the dispatcher early.
        using var gauge = new GaugeReader(app.App.Services, "cxbot.alerts.pending");
        await gauge.WaitForAsync(0, Patience, ct);
        var latencies = new List<double>();
        for (var i = 1; i <= 5; i++)
        {
            var clock = Stopwatch.StartNew();
            await app.EnqueueAsync(AlertsApp.Alert(100 + i), ct);
            await receiver.WaitForAsync(r => r.Count >= i, TimeSpan.FromSeconds(20), ct);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"commit to receipt: {string.Join(", ", latencies.Select(l => l.ToString("0.0", CultureInfo.InvariantCulture)))} ms");
        Assert.All(latencies, l => Assert.True(l < 20_000));
    }

    [Fact]
    public async Task A_receiver_that_is_down_gets_the_alert_exactly_once_after_retries_when_it_comes_up()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = WebhookReceiver.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(maxAttempts: 30), .. AlertsApp.JsonWebhook(address)], ct);

        await app.EnqueueAsync(AlertsApp.Alert(7), ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'pending' and attempts >= 2 and last_status is null and last_error ilike '%refused%'", 1, Patience, ct);
        await using var receiver = await WebhookReceiver.StartAsync(Ok, ct, port);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'delivered'", 1, Patience, ct);

        var received = receiver.Received;
        var only = Assert.Single(received);
        Assert.Equal(1, await app.CountAsync($"select count(*) from alert_deliveries where id = '{DeliveryId(only)}' and attempts >= 3 and attempts = {only.Header("X-CxBot-Attempt")}", ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from alert_deliveries where status = 'delivered' and last_status = 200 and last_error is null", ct));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_growing_delays_until_the_receiver_accepts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(r => new ReceiverAnswer(r.Number <= 3 ? 500 + r.Number : 200), ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress)], ct);

        await app.EnqueueAsync(AlertsApp.Alert(8), ct);
        var received = await receiver.WaitForAsync(r => r.Count >= 4, Patience, ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'delivered' and attempts = 4 and last_status = 200", 1, Patience, ct);

        Assert.Single(received.Select(DeliveryId).Distinct());
        Assert.Equal(["1", "2", "3", "4"], received.Select(r => r.Header("X-CxBot-Attempt")));
        // Each wait is at least half its ceiling (100 ms · 2^(n-1)): 50, 100, 200 ms, so the gaps must grow past those floors.
        var options = new AlertOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(5) };
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var floor = Backoff.Ceiling(attempt, options.BaseDelay, options.MaxDelay).TotalSeconds / 2;
            var gap = Seconds(received[attempt - 1].Ticks, received[attempt].Ticks);
            Assert.True(gap >= floor, $"gap after attempt {attempt} was {gap:0.000} s, below the backoff floor {floor:0.000} s");
        }

        Assert.True(Seconds(received[2].Ticks, received[3].Ticks) >= 0.2);
    }

    [Fact]
    public async Task Too_many_requests_waits_as_long_as_retry_after_asks()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(r => r.Number == 1 ? new ReceiverAnswer(429, RetryAfter: "2") : new ReceiverAnswer(200), ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress)], ct);

        await app.EnqueueAsync(AlertsApp.Alert(9), ct);
        var received = await receiver.WaitForAsync(r => r.Count >= 2, Patience, ct);

        // The backoff alone would wait 50-100 ms.
        Assert.True(Seconds(received[0].Ticks, received[1].Ticks) >= 2.0, $"retried after {Seconds(received[0].Ticks, received[1].Ticks):0.000} s");
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'delivered' and attempts = 2", 1, Patience, ct);
    }

    [Fact]
    public async Task A_bad_request_fails_at_once_is_counted_in_the_metric_and_logged_as_a_warning()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverAnswer(400), ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress)], ct);
        using var gauge = new GaugeReader(app.App.Services, "cxbot.alerts.failed");

        await app.EnqueueAsync(AlertsApp.Alert(10), ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'failed' and attempts = 1 and last_status = 400 and next_attempt_at is null", 1, Patience, ct);
        await gauge.WaitForAsync(1, Patience, ct);

        Assert.Single(receiver.Received);
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("[7103]", StringComparison.Ordinal) && l.Contains("HTTP 400", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("1 alert deliveries have failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delivery_that_runs_out_of_attempts_is_marked_failed_and_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverAnswer(503), ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(maxAttempts: 3), .. AlertsApp.JsonWebhook(receiver.BaseAddress)], ct);

        await app.EnqueueAsync(AlertsApp.Alert(11), ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'failed'", 1, Patience, ct);

        Assert.Equal(3, receiver.Received.Count);
        Assert.Equal(1, await app.CountAsync("select count(*) from alert_deliveries where case_id = 11 and attempts = 3 and last_status = 503 and last_error like 'HTTP 503%'", ct));
    }

    [Fact]
    public async Task Each_webhook_gets_its_own_delivery_of_an_alert()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await WebhookReceiver.StartAsync(Ok, ct);
        await using var second = await WebhookReceiver.StartAsync(Ok, ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres,
            [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(first.BaseAddress, 0, "ops"), .. AlertsApp.JsonWebhook(second.BaseAddress, 1, "crm")], ct);

        await app.EnqueueAsync(AlertsApp.Alert(12), ct);
        var one = Assert.Single(await first.WaitForAsync(r => r.Count >= 1, Patience, ct));
        var two = Assert.Single(await second.WaitForAsync(r => r.Count >= 1, Patience, ct));

        Assert.NotEqual(DeliveryId(one), DeliveryId(two));
        Assert.Equal(1, await app.CountAsync("select count(*) from alert_deliveries where webhook = 'ops' and case_id = 12", ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from alert_deliveries where webhook = 'crm' and case_id = 12", ct));
    }

    [Fact]
    public async Task Three_dispatchers_over_one_outbox_post_each_delivery_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(Ok, ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres,
            [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress), new("Workspace:Alerts:BatchSize", "2")], ct);
        // Two more dispatchers beside the host's own, as two more hosts would run them.
        var others = Enumerable.Range(0, 2).Select(_ => ActivatorUtilities.CreateInstance<AlertDispatcher>(app.App.Services)).ToList();
        foreach (var other in others)
        {
            await other.StartAsync(ct);
        }

        try
        {
            const int Alerts = 40;
            await Task.WhenAll(Enumerable.Range(1, Alerts).Select(i => app.EnqueueAsync(AlertsApp.Alert(1000 + i), ct)));
            await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'delivered'", Alerts, Patience, ct);

            var received = receiver.Received;
            Assert.Equal(Alerts, received.Count);
            Assert.Equal(Alerts, received.Select(DeliveryId).Distinct().Count());
            Assert.All(received, r => Assert.Equal("1", r.Header("X-CxBot-Attempt")));
        }
        finally
        {
            foreach (var other in others)
            {
                await other.StopAsync(CancellationToken.None);
                other.Dispose();
            }
        }
    }

    [Fact]
    public async Task An_alert_queued_in_a_transaction_that_rolls_back_is_never_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(Ok, ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress)], ct);
        await using (var setup = app.Data.CreateCommand("create table stand_in_cases (id bigint primary key)"))
        {
            await setup.ExecuteNonQueryAsync(ct);
        }

        await using (var connection = await app.Data.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await using (var insert = new Npgsql.NpgsqlCommand("insert into stand_in_cases values (13)", connection, transaction))
            {
                await insert.ExecuteNonQueryAsync(ct);
            }

            await app.Outbox.EnqueueAsync(AlertsApp.Alert(13), connection, transaction, ct);
            await transaction.RollbackAsync(ct);
        }

        Assert.Equal(0, await app.CountAsync("select count(*) from alert_deliveries", ct));
        // A later alert that is committed goes out, and is the only one the receiver ever sees.
        await app.EnqueueAsync(AlertsApp.Alert(14), ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'delivered'", 1, Patience, ct);
        var only = Assert.Single(receiver.Received);
        using var json = JsonDocument.Parse(only.Body);
        Assert.Equal(14, json.RootElement.GetProperty("case_id").GetInt64());
        Assert.Equal(0, await app.CountAsync("select count(*) from stand_in_cases", ct));
    }

    [Fact]
    public async Task The_teams_format_posts_a_message_with_an_adaptive_card_of_the_case()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(Ok, ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres,
        [
            .. AlertsApp.FastRetries(),
            new("Workspace:Alerts:Webhooks:0:Name", "teams-cx"),
            new("Workspace:Alerts:Webhooks:0:Url", new Uri(receiver.BaseAddress, "/webhookb2/abc@def/IncomingWebhook/123/456").ToString()),
            new("Workspace:Alerts:Webhooks:0:Format", "teams"),
        ], ct);

        await app.EnqueueAsync(AlertsApp.Alert(15), ct);
        var request = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1, Patience, ct));

        Assert.Equal("", request.Header("X-CxBot-Signature"));
        using var json = JsonDocument.Parse(request.Body);
        var message = json.RootElement;
        Assert.Equal("message", message.GetProperty("type").GetString());
        var attachment = Assert.Single(message.GetProperty("attachments").EnumerateArray().ToList());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.Equal(JsonValueKind.Null, attachment.GetProperty("contentUrl").ValueKind);
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card.GetProperty("$schema").GetString());
        Assert.Equal("1.2", card.GetProperty("version").GetString());
        var body = card.GetProperty("body").EnumerateArray().ToList();
        Assert.Equal(["TextBlock", "TextBlock", "FactSet"], body.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("Detractor: NPS 2 after checkout", body[0].GetProperty("text").GetString());
        Assert.Equal("Score 2 of 10; wants a call back", body[1].GetProperty("text").GetString());
        Assert.Equal(["NPS: 2", "Channel: webchat", "Reasons: detractor, wants contact"],
            body[2].GetProperty("facts").EnumerateArray().Select(f => $"{f.GetProperty("title").GetString()}: {f.GetProperty("value").GetString()}"));
        var action = Assert.Single(card.GetProperty("actions").EnumerateArray().ToList());
        Assert.Equal("Action.OpenUrl", action.GetProperty("type").GetString());
        Assert.Equal("Open the case", action.GetProperty("title").GetString());
        Assert.Equal("https://cx.example.com/workspace/cases/15", action.GetProperty("url").GetString());
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'delivered'", 1, Patience, ct);
    }

    [Fact]
    public async Task A_teams_throttling_answer_in_a_200_is_retried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(
            r => r.Number == 1 ? new ReceiverAnswer(200, Body: "Microsoft Teams endpoint returned HTTP error 429 with ContextId ...") : new ReceiverAnswer(200, Body: "1"), ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres,
        [
            .. AlertsApp.FastRetries(),
            new("Workspace:Alerts:Webhooks:0:Name", "teams-cx"),
            new("Workspace:Alerts:Webhooks:0:Url", new Uri(receiver.BaseAddress, "/webhookb2/x").ToString()),
            new("Workspace:Alerts:Webhooks:0:Format", "teams"),
        ], ct);

        await app.EnqueueAsync(AlertsApp.Alert(16), ct);

        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'delivered' and attempts = 2", 1, Patience, ct);
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task A_delivery_for_a_webhook_no_longer_configured_fails_visibly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(Ok, ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress)], ct);
        await using (var insert = app.Data.CreateCommand(
            "insert into alert_deliveries (id, event, webhook, case_id, title, summary, link, facts) values (gen_random_uuid(), 'case.urgent', 'removed', 17, 't', 's', '/workspace/cases/17', '[]')"))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }

        await app.WaitForCountAsync("select count(*) from alert_deliveries where webhook = 'removed' and status = 'failed' and last_error like '%no longer configured%'", 1, Patience, ct);
        Assert.Empty(receiver.Received);
    }
}
