using System.Security.Claims;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Workspace.Database;

/// <summary>
/// Writes one line of the audit log (who, role, action, entity, before and after as JSON) in the caller's
/// transaction, so a change and its audit line commit or roll back together. Every workspace write goes through here.
/// </summary>
internal static class AuditTrail
{
    public static Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, ClaimsPrincipal user, string action, string entity,
        string? beforeJson, string? afterJson, CancellationToken cancellationToken) =>
        WriteAsync(connection, transaction, user.Identity?.Name ?? "", user.FindFirstValue(ClaimTypes.Role) ?? "", action, entity, beforeJson, afterJson, cancellationToken);

    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string userName, string role, string action, string entity,
        string? beforeJson, string? afterJson, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "insert into workspace_audit (user_name, role, action, entity, before, after) values ($1, $2, $3, $4, $5, $6)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = userName });
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        command.Parameters.Add(new NpgsqlParameter { Value = action });
        command.Parameters.Add(new NpgsqlParameter { Value = entity });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)beforeJson ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)afterJson ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
