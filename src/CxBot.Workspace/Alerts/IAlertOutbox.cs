using Npgsql;

namespace CxBot.Workspace.Alerts;

/// <summary>
/// A new urgent case worth telling the team about at once: what a webhook receiver (or a Teams channel) is sent.
/// <paramref name="Link"/> is the case's path in the workspace; <paramref name="Facts"/> are shown as name/value
/// pairs (score, channel, reasons). No customer text beyond what the workspace shows masked.
/// </summary>
public sealed record CaseAlert(long CaseId, string Title, string Summary, string Link, IReadOnlyDictionary<string, string> Facts);

/// <summary>
/// Queues alerts in the same transaction as the write that causes them (the outbox pattern), so an alert is never
/// lost when the process dies between the two, and a webhook that is down delays an alert but never drops it.
/// </summary>
public interface IAlertOutbox
{
    Task EnqueueAsync(CaseAlert alert, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
