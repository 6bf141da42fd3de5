using System.Security.Claims;
using System.Text.Json.Nodes;
using CxBot.Workspace.Auth;
using CxBot.Workspace.Database;
using Npgsql;

namespace CxBot.Workspace.Users;

/// <summary>A user kept in the database, as the users page shows it (never the hash).</summary>
internal sealed record StoredUser(long Id, string Name, string Email, string Role, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>What the audit log keeps of a user: no hash, no stamp.</summary>
    public JsonObject ToAudit() => new()
    {
        ["name"] = Name,
        ["email"] = Email,
        ["role"] = Role,
        ["disabled"] = Disabled,
    };
}

/// <summary>What sign-in needs of a stored user.</summary>
internal sealed record UserCredentials(long Id, string Name, string Role, string PasswordHash, bool Disabled, Guid Stamp);

internal enum AddUserResult { Added, NameTaken, EmailTaken }

/// <summary>
/// The team's users in <c>workspace_users</c>. Every change writes its audit line in the same transaction and a new
/// stamp, which ends the user's open sessions; users are disabled, never deleted.
/// </summary>
internal sealed class UserStore(NpgsqlDataSource dataSource, WorkspaceSchema schema)
{
    private const string Columns = "id, name, email, role, disabled, created_at, updated_at";

    public async Task<IReadOnlyList<StoredUser>> ListAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await using var command = dataSource.CreateCommand($"select {Columns} from workspace_users order by lower(name)");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<StoredUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader));
        }

        return users;
    }

    public async Task<UserCredentials?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("select id, name, role, password_hash, disabled, stamp from workspace_users where lower(name) = lower($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return await ReadCredentialsAsync(command, cancellationToken);
    }

    public async Task<UserCredentials?> FindByIdAsync(long id, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("select id, name, role, password_hash, disabled, stamp from workspace_users where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await ReadCredentialsAsync(command, cancellationToken);
    }

    public async Task<(AddUserResult Result, StoredUser? User)> AddAsync(
        ClaimsPrincipal actor, string name, string email, string role, string password, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        StoredUser user;
        try
        {
            await using var insert = new NpgsqlCommand(
                $"insert into workspace_users (name, email, role, password_hash, stamp) values ($1, $2, $3, $4, $5) returning {Columns}", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = name });
            insert.Parameters.Add(new NpgsqlParameter { Value = email });
            insert.Parameters.Add(new NpgsqlParameter { Value = role });
            insert.Parameters.Add(new NpgsqlParameter { Value = UserDirectory.Hash(password) });
            insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            user = Read(reader);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return (e.ConstraintName == "workspace_users_email" ? AddUserResult.EmailTaken : AddUserResult.NameTaken, null);
        }

        await AuditTrail.WriteAsync(connection, transaction, actor, "user.add", $"user:{user.Id}", null, user.ToAudit().ToJsonString(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (AddUserResult.Added, user);
    }

    public Task<StoredUser?> SetRoleAsync(ClaimsPrincipal actor, long id, string role, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, "user.role", "role = $2", role, null, cancellationToken);

    public Task<StoredUser?> SetDisabledAsync(ClaimsPrincipal actor, long id, bool disabled, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, disabled ? "user.disable" : "user.enable", "disabled = $2", disabled, null, cancellationToken);

    public Task<StoredUser?> ResetPasswordAsync(ClaimsPrincipal actor, long id, string password, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, "user.password", "password_hash = $2", UserDirectory.Hash(password), "passwordReset", cancellationToken);

    /// <summary>
    /// One change with its audit line. The row is locked first so that "before" is what the change replaced.
    /// <paramref name="marker"/> names a change the before/after columns cannot show (a new password).
    /// </summary>
    private async Task<StoredUser?> ChangeAsync(
        ClaimsPrincipal actor, long id, string action, string set, object value, string? marker, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        StoredUser? before;
        await using (var select = new NpgsqlCommand($"select {Columns} from workspace_users where id = $1 for update", connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            before = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }

        if (before is null)
        {
            return null;
        }

        StoredUser after;
        await using (var update = new NpgsqlCommand(
            $"update workspace_users set {set}, stamp = $3, updated_at = now() where id = $1 returning {Columns}", connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = id });
            update.Parameters.Add(new NpgsqlParameter { Value = value });
            update.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            after = Read(reader);
        }

        var afterAudit = after.ToAudit();
        if (marker is not null)
        {
            afterAudit[marker] = true;
        }

        await AuditTrail.WriteAsync(connection, transaction, actor, action, $"user:{id}", before.ToAudit().ToJsonString(), afterAudit?.ToJsonString(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    private static async Task<UserCredentials?> ReadCredentialsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UserCredentials(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4), reader.GetGuid(5))
            : null;
    }

    private static StoredUser Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4),
        reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6));
}
