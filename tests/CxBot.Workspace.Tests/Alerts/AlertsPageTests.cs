using System.Net;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Alerts;

/// <summary>/workspace/alerts over HTTP: who may see it and replay, what it shows, and what it never shows.</summary>
public sealed class AlertsPageTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_failed_delivery_is_shown_and_an_admin_replay_delivers_it_with_an_audit_line()
    {
        var ct = TestContext.Current.CancellationToken;
        var refuse = true;
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverAnswer(Volatile.Read(ref refuse) ? 400 : 200), ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress)], ct);
        await app.EnqueueAsync(AlertsApp.Alert(21), ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'failed'", 1, Patience, ct);
        using var admin = await app.SignedInAsync("adam", ct);

        var html = await admin.GetStringAsync("/workspace/alerts", ct);
        var id = receiver.Received[0].Header("X-CxBot-Delivery");
        Assert.Contains($"data-delivery=\"{id}\" data-status=\"failed\"", html, StringComparison.Ordinal);
        Assert.Contains("<span data-field=\"last-status\">400</span>", html, StringComparison.Ordinal);
        Assert.Contains("HTTP 400 Bad Request", html, StringComparison.Ordinal);
        Assert.Contains("data-count=\"failed\">1<", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"/workspace/alerts/{id}/replay\"", html, StringComparison.Ordinal);

        Volatile.Write(ref refuse, false);
        var token = await WorkspaceApp.FormTokenAsync(admin, "/workspace/alerts", ct);
        using var replayed = await admin.PostAsync($"/workspace/alerts/{id}/replay", WorkspaceApp.Form(token), ct);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        await app.WaitForCountAsync($"select count(*) from alert_deliveries where id = '{id}' and status = 'delivered' and replays = 1 and attempts = 1", 1, Patience, ct);

        Assert.Equal([id, id], receiver.Received.Select(r => r.Header("X-CxBot-Delivery")));
        Assert.Equal(1, await app.CountAsync(
            $"select count(*) from workspace_audit where user_name = 'adam' and role = 'admin' and action = 'alert.replay' and entity = 'alert-delivery:{id}' and before ->> 'status' = 'failed' and (before ->> 'lastStatus')::int = 400 and after ->> 'status' = 'pending'", ct));
        using var again = await admin.PostAsync($"/workspace/alerts/{id}/replay", WorkspaceApp.Form(token), ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var after = await admin.GetStringAsync("/workspace/alerts", ct);
        Assert.Contains($"data-delivery=\"{id}\" data-status=\"delivered\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("/replay\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_session_the_page_redirects_to_sign_in_and_a_replay_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await AlertsApp.StartAsync(redis, postgres, AlertsApp.FastRetries(), ct);
        using var http = app.NewClient();

        using var page = await http.GetAsync("/workspace/alerts", ct);
        using var replay = await http.PostAsync($"/workspace/alerts/{Guid.NewGuid()}/replay", WorkspaceApp.Form(null), ct);

        WorkspaceApp.AssertSentToSignIn(page);
        WorkspaceApp.AssertSentToSignIn(replay);
    }

    [Theory]
    [InlineData("vera")]
    [InlineData("ana")]
    public async Task Only_an_admin_sees_the_alerts_page_or_replays(string user)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverAnswer(400), ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress)], ct);
        await app.EnqueueAsync(AlertsApp.Alert(22), ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'failed'", 1, Patience, ct);
        var id = receiver.Received[0].Header("X-CxBot-Delivery");
        using var http = await app.SignedInAsync(user, ct);
        var token = await WorkspaceApp.FormTokenAsync(http, "/workspace", ct);

        using var page = await http.GetAsync("/workspace/alerts", ct);
        using var replay = await http.PostAsync($"/workspace/alerts/{id}/replay", WorkspaceApp.Form(token), ct);
        var overview = await http.GetStringAsync("/workspace", ct);

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, replay.StatusCode);
        Assert.DoesNotContain("/workspace/alerts", overview, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountAsync("select count(*) from alert_deliveries where status = 'failed' and replays = 0", ct));
        Assert.Equal(0, await app.CountAsync("select count(*) from workspace_audit where action = 'alert.replay'", ct));
    }

    [Fact]
    public async Task A_replay_without_the_antiforgery_token_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverAnswer(400), ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress)], ct);
        await app.EnqueueAsync(AlertsApp.Alert(23), ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'failed'", 1, Patience, ct);
        var id = receiver.Received[0].Header("X-CxBot-Delivery");
        using var admin = await app.SignedInAsync("adam", ct);

        using var refused = await admin.PostAsync($"/workspace/alerts/{id}/replay", WorkspaceApp.Form(null, ("lang", "en")), ct);
        using var forged = await admin.PostAsync($"/workspace/alerts/{id}/replay", WorkspaceApp.Form("not-a-token"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(1, await app.CountAsync("select count(*) from alert_deliveries where status = 'failed' and replays = 0", ct));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Secrets_and_webhook_paths_never_reach_the_page_or_the_logs_and_alert_markup_is_shown_as_text()
    {
        var ct = TestContext.Current.CancellationToken;
        const string TeamsKey = "IncomingWebhook/5e1f0c2d9a8b4c3d/teamskey-7d6c5b4a";
        var downPort = WebhookReceiver.FreePort();
        await using var receiver = await WebhookReceiver.StartAsync(_ => new ReceiverAnswer(200), ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres,
        [
            .. AlertsApp.FastRetries(maxAttempts: 2),
            .. AlertsApp.JsonWebhook(receiver.BaseAddress),
            new("Workspace:Alerts:Webhooks:1:Name", "teams-down"),
            new("Workspace:Alerts:Webhooks:1:Url", $"http://127.0.0.1:{downPort}/webhookb2/{TeamsKey}"),
            new("Workspace:Alerts:Webhooks:1:Format", "teams"),
        ], ct);

        await app.EnqueueAsync(AlertsApp.Alert(24, "<script>alert('owned')</script>Churn risk"), ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'delivered'", 1, Patience, ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'failed'", 1, Patience, ct);
        using var admin = await app.SignedInAsync("adam", ct);
        var html = await admin.GetStringAsync("/workspace/alerts", ct);

        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{downPort}<", html, StringComparison.Ordinal);
        Assert.Contains("teams-down", html, StringComparison.Ordinal);
        Assert.Contains("refused", html, StringComparison.OrdinalIgnoreCase);
        foreach (var secret in new[] { AlertsApp.Secret, TeamsKey, "webhookb2", "/hooks/cx" })
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
            Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }

        // The logs did record the work, so the check above looked at real lines.
        Assert.Contains(app.Logs.Lines, l => l.Contains("[7101]", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.Contains("[7103]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_webhooks_the_page_says_none_is_configured_and_no_delivery_is_queued()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await AlertsApp.StartAsync(redis, postgres, AlertsApp.FastRetries(), ct);
        using var admin = await app.SignedInAsync("adam", ct);

        await app.EnqueueAsync(AlertsApp.Alert(25), ct);
        var html = await admin.GetStringAsync("/workspace/alerts?lang=pl", ct);

        Assert.Contains("Nie skonfigurowano żadnego webhooka", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/workspace/alerts?lang=pl\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountAsync("select count(*) from alert_deliveries", ct));
    }
}
