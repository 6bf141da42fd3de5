using System.Security.Claims;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Workspace.Users;

/// <summary>Writes one audit line (who, role, action, entity, before, after) in the caller's transaction, as the notes do.</summary>
internal static class AuditTrail
{
    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, ClaimsPrincipal user, string action, string entity,
        JsonObject? before, JsonObject? after, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "insert into workspace_audit (user_name, role, action, entity, before, after) values ($1, $2, $3, $4, $5, $6)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = user.Identity?.Name ?? "" });
        command.Parameters.Add(new NpgsqlParameter { Value = user.FindFirstValue(ClaimTypes.Role) ?? "" });
        command.Parameters.Add(new NpgsqlParameter { Value = action });
        command.Parameters.Add(new NpgsqlParameter { Value = entity });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = before?.ToJsonString() ?? (object)DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = after?.ToJsonString() ?? (object)DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
