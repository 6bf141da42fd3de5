using System.Collections.Concurrent;
using System.Text.Json;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Alerts;

/// <summary>
/// tests/workspace/alerts.test.mjs in Debian's headless chromium against the workspace on Kestrel, with a webhook
/// receiver that refuses the first post of two alerts (400) and accepts everything else.
/// </summary>
public sealed class AlertsBrowserTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task The_browser_sees_a_failed_and_a_delivered_alert_replays_the_failed_one_and_finds_no_serious_accessibility_issue()
    {
        var ct = TestContext.Current.CancellationToken;
        var refusedOnce = new ConcurrentDictionary<string, bool>();
        await using var receiver = await WebhookReceiver.StartAsync(r =>
        {
            using var json = JsonDocument.Parse(r.Body);
            var refuse = json.RootElement.GetProperty("case_id").GetInt64() >= 9000 && refusedOnce.TryAdd(r.Header("X-CxBot-Delivery"), true);
            return new ReceiverAnswer(refuse ? 400 : 200);
        }, ct);
        await using var app = await AlertsApp.StartAsync(redis, postgres, [.. AlertsApp.FastRetries(), .. AlertsApp.JsonWebhook(receiver.BaseAddress)], ct);
        await app.EnqueueAsync(AlertsApp.Alert(1001, "Detractor: NPS 3 after a late delivery"), ct);
        await app.EnqueueAsync(AlertsApp.Alert(9001, "Wants contact: billing question"), ct);
        await app.EnqueueAsync(AlertsApp.Alert(9002, "<b>Churn</b> risk: plans to cancel"), ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'failed'", 2, TimeSpan.FromSeconds(30), ct);
        await app.WaitForCountAsync("select count(*) from alert_deliveries where status = 'delivered'", 1, TimeSpan.FromSeconds(30), ct);

        await NodeTests.RunAsync("tests/workspace", "alerts.test.mjs", new Dictionary<string, string>
        {
            ["CXBOT_URL"] = app.BaseAddress.ToString().TrimEnd('/'),
            ["CXBOT_USER"] = "adam",
            ["CXBOT_PASSWORD"] = WorkspaceApp.Password,
            ["CXBOT_ARTIFACTS"] = RepositoryPaths.InRoot("artifacts", "workspace"),
        }, ct, "--test-concurrency=1");

        Assert.Equal(3, await app.CountAsync("select count(*) from alert_deliveries where status = 'delivered'", ct));
        Assert.Equal(2, await app.CountAsync("select count(*) from workspace_audit where action = 'alert.replay' and user_name = 'adam'", ct));
    }
}
