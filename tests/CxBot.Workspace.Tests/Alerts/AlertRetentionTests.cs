using CxBot.Testing;
using CxBot.Workspace.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CxBot.Workspace.Tests.Alerts;

/// <summary>Old delivered rows leave the outbox on their own; failed and recent ones stay.</summary>
public sealed class AlertRetentionTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_running_dispatcher_deletes_delivered_rows_older_than_the_kept_days_in_batches_and_keeps_failed_and_recent_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await AlertsApp.StartAsync(redis, postgres, new Dictionary<string, string?>
        {
            ["Workspace:Alerts:PollInterval"] = "00:00:00.020",
            ["Workspace:Alerts:PruneInterval"] = "00:00:00.050",
            ["Workspace:Alerts:PruneBatchSize"] = "2",
            ["Workspace:Alerts:KeepDeliveredDays"] = "30",
        }, ct);

        await InsertAsync(app, status: "delivered", ageDays: 45, caseId: 1, count: 5, ct);
        await InsertAsync(app, status: "delivered", ageDays: 29, caseId: 2, count: 2, ct);
        await InsertAsync(app, status: "failed", ageDays: 400, caseId: 3, count: 3, ct);

        await app.WaitForCountAsync("select case when count(*) = 0 then 1 else 0 end from alert_deliveries where case_id = 1", 1, Patience, ct);

        Assert.Equal(2, await app.CountAsync("select count(*) from alert_deliveries where case_id = 2 and status = 'delivered'", ct));
        Assert.Equal(3, await app.CountAsync("select count(*) from alert_deliveries where case_id = 3 and status = 'failed'", ct));
        var pruned = app.Logs.Lines.Where(l => l.Contains("[7107]", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pruned);
        Assert.DoesNotContain(pruned, l => l.Contains("Deleted 3 ", StringComparison.Ordinal) || l.Contains("Deleted 5 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_prune_deletes_at_most_a_batch_and_never_a_failed_row_however_old()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await AlertsApp.StartAsync(redis, postgres, new Dictionary<string, string?>
        {
            ["Workspace:Alerts:RunDispatcher"] = "false",
            ["Workspace:Alerts:PruneBatchSize"] = "3",
            ["Workspace:Alerts:KeepDeliveredDays"] = "7",
        }, ct);
        var dispatcher = app.App.Services.GetServices<IHostedService>().OfType<AlertDispatcher>().Single();

        await InsertAsync(app, status: "delivered", ageDays: 8, caseId: 1, count: 4, ct);
        await InsertAsync(app, status: "delivered", ageDays: 6, caseId: 2, count: 1, ct);
        await InsertAsync(app, status: "failed", ageDays: 90, caseId: 3, count: 1, ct);

        Assert.Equal(3, await dispatcher.PruneOnceAsync(ct));
        Assert.Equal(1, await dispatcher.PruneOnceAsync(ct));
        Assert.Equal(0, await dispatcher.PruneOnceAsync(ct));
        Assert.Equal(0, await app.CountAsync("select count(*) from alert_deliveries where case_id = 1", ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from alert_deliveries where case_id = 2", ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from alert_deliveries where case_id = 3 and status = 'failed'", ct));
    }

    private static async Task InsertAsync(AlertsApp app, string status, int ageDays, long caseId, int count, CancellationToken ct)
    {
        await using var command = app.Data.CreateCommand("""
            insert into alert_deliveries (id, event, webhook, case_id, title, summary, link, facts, occurred_at, status, attempts, next_attempt_at, last_attempt_at, last_status, delivered_at)
            select gen_random_uuid(), 'case.urgent', 'ops', $1, 'Detractor', 'Score 2', '/workspace/cases/' || $1, '[]'::jsonb,
                   now() - $2 * interval '1 day', $3, 1, null, now() - $2 * interval '1 day', case when $3 = 'delivered' then 200 else 400 end,
                   case when $3 = 'delivered' then now() - $2 * interval '1 day' end
              from generate_series(1, $4)
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = caseId });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = ageDays });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = status });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = count });
        await command.ExecuteNonQueryAsync(ct);
    }
}
