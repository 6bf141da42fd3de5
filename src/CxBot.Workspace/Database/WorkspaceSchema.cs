using System.Globalization;
using CxBot.Responses.Database;
using Npgsql;

namespace CxBot.Workspace.Database;

/// <summary>
/// Applies the workspace's embedded migrations (after the response store's) once per process, tracked in
/// <c>workspace_migrations</c> so they never collide with the response store's numbering. An advisory
/// lock lets several hosts start at once.
/// </summary>
internal sealed class WorkspaceSchema(NpgsqlDataSource dataSource, DatabaseSchema responses)
{
    private const long LockId = 0x43_78_42_6F_74_02;
    private const string ResourcePrefix = "CxBot.Workspace.Migrations.";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await responses.EnsureAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_ready)
            {
                await MigrateAsync(cancellationToken);
                _ready = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"select pg_advisory_lock({LockId})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                create table if not exists workspace_migrations (
                    version    integer primary key,
                    name       text not null,
                    applied_at timestamptz not null default now())
                """, cancellationToken);
            var applied = new HashSet<int>();
            await using (var command = new NpgsqlCommand("select version from workspace_migrations", connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            foreach (var (version, name, sql) in Load().Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, sql, cancellationToken);
                await using (var record = new NpgsqlCommand("insert into workspace_migrations (version, name) values ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = version });
                    record.Parameters.Add(new NpgsqlParameter { Value = name });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await ExecuteAsync(connection, null, $"select pg_advisory_unlock({LockId})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int Version, string Name, string Sql)> Load()
    {
        var assembly = typeof(WorkspaceSchema).Assembly;
        var migrations = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add((version, name, reader.ReadToEnd()));
        }

        return [.. migrations.OrderBy(m => m.Item1)];
    }
}
