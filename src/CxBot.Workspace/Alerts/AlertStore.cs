using CxBot.Workspace.Database;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Workspace.Alerts;

/// <summary>A delivery as the alerts page shows it.</summary>
internal sealed record DeliveryRow(
    Guid Id, string Webhook, long CaseId, string Title, string Link, DateTimeOffset OccurredAt, string Status, int Attempts,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastError, DateTimeOffset? DeliveredAt, int Replays);

/// <summary>How many deliveries are in each state.</summary>
internal sealed record DeliveryCounts(long Pending, long Delivered, long Failed);

/// <summary>What the audit log keeps of a delivery before and after a replay.</summary>
internal sealed record DeliveryAudit(string Status, int Attempts, int? LastStatus, string? LastError);

internal static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>
/// The outbox table: queueing in the caller's transaction, claiming due rows across hosts, recording each
/// attempt's outcome, and the admin's reads and replays (each replay in one transaction with its audit line).
/// </summary>
internal sealed class AlertStore(NpgsqlDataSource dataSource, IOptionsMonitor<AlertOptions> options) : IAlertOutbox
{
    /// <summary>Dispatchers LISTEN on this channel; a NOTIFY sent in a transaction arrives only if it commits.</summary>
    public const string Channel = "cxbot_alerts";

    public async Task EnqueueAsync(CaseAlert alert, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(connection);
        var webhooks = options.CurrentValue.Webhooks;
        if (webhooks.Count == 0)
        {
            return;
        }

        var facts = alert.Facts.Select(f => new AlertFact(f.Key, f.Value)).ToList();
        await using var command = new NpgsqlCommand("""
            insert into alert_deliveries (id, event, webhook, case_id, title, summary, link, facts)
            select d.id, $3, d.webhook, $4, $5, $6, $7, $8 from unnest($1::uuid[], $2::text[]) as d(id, webhook)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = webhooks.Select(_ => Guid.CreateVersion7()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = webhooks.Select(w => w.Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = AlertPayloads.UrgentCaseEvent });
        command.Parameters.Add(new NpgsqlParameter { Value = alert.CaseId });
        command.Parameters.Add(new NpgsqlParameter { Value = alert.Title });
        command.Parameters.Add(new NpgsqlParameter { Value = alert.Summary });
        command.Parameters.Add(new NpgsqlParameter { Value = alert.Link });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(facts, AlertJson.Default.ListAlertFact) });
        await command.ExecuteNonQueryAsync(cancellationToken);
        await NotifyAsync(connection, transaction, cancellationToken);
    }

    /// <summary>
    /// Takes up to <paramref name="limit"/> due deliveries and counts the attempt. Rows another dispatcher has
    /// locked are skipped, and a claimed row is leased (its next attempt moved past the request timeout) so no
    /// other host takes it while the post is under way; if this host dies, the lease runs out and another retries.
    /// </summary>
    public async Task<IReadOnlyList<AlertDelivery>> ClaimAsync(int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update alert_deliveries d
               set attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + $2 * interval '1 millisecond'
             where d.id in (select id from alert_deliveries
                             where status = 'pending' and next_attempt_at <= now()
                             order by next_attempt_at
                             limit $1
                             for update skip locked)
            returning d.id, d.event, d.webhook, d.case_id, d.title, d.summary, d.link, d.facts::text, d.occurred_at, d.attempts
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = lease.TotalMilliseconds });
        var claimed = new List<AlertDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new AlertDelivery(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), JsonSerializer.Deserialize(reader.GetString(7), AlertJson.Default.ListAlertFact) ?? [],
                reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt32(9)));
        }

        return claimed;
    }

    // Each outcome names the attempt it belongs to: a dispatcher whose lease ran out cannot overwrite a later attempt's result.
    public Task<bool> DeliveredAsync(AlertDelivery delivery, int status, CancellationToken cancellationToken) => UpdateAsync("""
        update alert_deliveries set status = 'delivered', delivered_at = now(), next_attempt_at = null, last_status = $3, last_error = null
         where id = $1 and attempts = $2 and status = 'pending'
        """, delivery, status, null, null, cancellationToken);

    public Task<bool> RetryAsync(AlertDelivery delivery, int? status, string error, TimeSpan delay, CancellationToken cancellationToken) => UpdateAsync("""
        update alert_deliveries set next_attempt_at = now() + $5 * interval '1 millisecond', last_status = $3, last_error = $4
         where id = $1 and attempts = $2 and status = 'pending'
        """, delivery, status, error, delay, cancellationToken);

    public Task<bool> FailedAsync(AlertDelivery delivery, int? status, string error, CancellationToken cancellationToken) => UpdateAsync("""
        update alert_deliveries set status = 'failed', next_attempt_at = null, last_status = $3, last_error = $4
         where id = $1 and attempts = $2 and status = 'pending'
        """, delivery, status, error, null, cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> delivered rows delivered more than <paramref name="keepDays"/> days ago
    /// and returns how many went. Bounded so a large backlog never holds locks for long; rows another host is
    /// deleting are skipped. Failed rows are not touched: they wait for a replay.
    /// </summary>
    public async Task<int> PruneDeliveredAsync(int keepDays, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            delete from alert_deliveries
             where id in (select id from alert_deliveries
                           where status = 'delivered' and delivered_at < now() - $1 * interval '1 day'
                           limit $2
                           for update skip locked)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = keepDays });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DeliveryCounts> CountsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select count(*) filter (where status = 'pending'), count(*) filter (where status = 'delivered'), count(*) filter (where status = 'failed')
              from alert_deliveries
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DeliveryCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Failed deliveries first (they need someone), then pending, then the latest delivered.</summary>
    public async Task<IReadOnlyList<DeliveryRow>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select id, webhook, case_id, title, link, occurred_at, status, attempts, next_attempt_at, last_attempt_at, last_status, last_error, delivered_at, replays
              from alert_deliveries
             order by case status when 'failed' then 0 when 'pending' then 1 else 2 end, occurred_at desc, id
             limit $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var rows = new List<DeliveryRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new DeliveryRow(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.GetInt32(7), NullableTime(reader, 8), NullableTime(reader, 9),
                reader.IsDBNull(10) ? null : reader.GetInt32(10), reader.IsDBNull(11) ? null : reader.GetString(11), NullableTime(reader, 12), reader.GetInt32(13)));
        }

        return rows;
    }

    /// <summary>
    /// Puts a failed delivery back in the queue with a fresh set of attempts; false when there is no failed delivery
    /// with that id. The same delivery id is sent again, so a receiver that did get it after all can tell.
    /// </summary>
    public async Task<bool> ReplayAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        DeliveryAudit? before = null;
        await using (var select = new NpgsqlCommand(
            "select status, attempts, last_status, last_error from alert_deliveries where id = $1 and status = 'failed' for update", connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                before = new DeliveryAudit(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        }

        if (before is null)
        {
            return false;
        }

        await using (var update = new NpgsqlCommand("""
            update alert_deliveries set status = 'pending', attempts = 0, next_attempt_at = now(), replays = replays + 1 where id = $1
            """, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = id });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await NotifyAsync(connection, transaction, cancellationToken);

        var after = before with { Status = DeliveryStatus.Pending, Attempts = 0 };
        await AuditAsync(connection, transaction, user, "alert.replay", $"alert-delivery:{id:D}", before, after, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<bool> UpdateAsync(string sql, AlertDelivery delivery, int? status, string? error, TimeSpan? delay, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = delivery.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = delivery.Attempt });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)status ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)error ?? DBNull.Value });
        if (delay is { } wait)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = wait.TotalMilliseconds });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var notify = new NpgsqlCommand($"select pg_notify('{Channel}', '')", connection, transaction);
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static Task AuditAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ClaimsPrincipal user, string action, string entity, DeliveryAudit before, DeliveryAudit after, CancellationToken cancellationToken) =>
        AuditTrail.WriteAsync(connection, transaction, user, action, entity,
            JsonSerializer.Serialize(before, AlertJson.Default.DeliveryAudit), JsonSerializer.Serialize(after, AlertJson.Default.DeliveryAudit), cancellationToken);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<AlertFact>))]
[JsonSerializable(typeof(DeliveryAudit))]
internal sealed partial class AlertJson : JsonSerializerContext;
