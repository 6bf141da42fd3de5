using System.Security.Claims;
using System.Text.Json;
using Npgsql;

namespace CxBot.Workspace.Database;

/// <summary>A note pinned to a day on the overview charts.</summary>
internal sealed record ChartNote(long Id, DateOnly Day, string Text, string Author);

/// <summary>One line of the audit log.</summary>
internal sealed record AuditEntry(long Id, DateTimeOffset At, string User, string Role, string Action, string Entity, string? Before, string? After);

/// <summary>The workspace's writes, each in one transaction with its audit line, and its reads.</summary>
internal sealed class WorkspaceStore(NpgsqlDataSource dataSource)
{
    // The attribute names and values come from the newest responses only (an index walk on started_at, then a few
    // thousand small jsonb objects): a scan of every response's context on each page view would grow with the store,
    // and a name that no recent response carries is not worth a filter.
    private const string AttributeSample = "5000";
    private const string MaxAttributeNames = "100";
    private const int MaxAttributeValues = 20;
    // The object check sits outside the limit: inside it, the planner expects few rows to pass and scans the whole table.
    private const string RecentContexts =
        $"select context from (select context from responses order by started_at desc limit {AttributeSample}) n where jsonb_typeof(context) = 'object'";
    private const string AttributeNamesSql = $"select distinct k from ({RecentContexts}) r cross join lateral jsonb_object_keys(r.context) k order by k limit {MaxAttributeNames}";

    public async Task<ChartNote> AddNoteAsync(ClaimsPrincipal user, DateOnly day, string text, CancellationToken cancellationToken)
    {
        var author = user.Identity?.Name ?? "";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        await using (var insert = new NpgsqlCommand("insert into workspace_notes (day, text, author) values ($1, $2, $3) returning id", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = day });
            insert.Parameters.Add(new NpgsqlParameter { Value = text });
            insert.Parameters.Add(new NpgsqlParameter { Value = author });
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }

        var note = new ChartNote(id, day, text, author);
        await AuditAsync(connection, transaction, user, "note.add", $"note:{id}", null, note, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return note;
    }

    public async Task<bool> DeleteNoteAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        ChartNote? before = null;
        await using (var delete = new NpgsqlCommand("delete from workspace_notes where id = $1 returning id, day, text, author", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await delete.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                before = new ChartNote(reader.GetInt64(0), DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetString(2), reader.GetString(3));
            }
        }

        if (before is null)
        {
            return false;
        }

        await AuditAsync(connection, transaction, user, "note.delete", $"note:{id}", before, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<ChartNote>> NotesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select id, day, text, author from workspace_notes where day >= $1 and day < $2 order by day, id");
        command.Parameters.Add(new NpgsqlParameter { Value = DateOnly.FromDateTime(from.UtcDateTime) });
        command.Parameters.Add(new NpgsqlParameter { Value = DateOnly.FromDateTime(to.UtcDateTime.AddDays(1)) });
        var notes = new List<ChartNote>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            notes.Add(new ChartNote(reader.GetInt64(0), DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetString(2), reader.GetString(3)));
        }

        return notes;
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select id, at, user_name, role, action, entity, before::text, after::text from workspace_audit order by id desc limit $1");
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return entries;
    }

    /// <summary>
    /// The filter values the data holds, for the overview's drop-downs; with <paramref name="attribute"/>, that attribute's
    /// most common values too.
    /// </summary>
    public async Task<FilterChoices> ChoicesAsync(string? attribute, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            select 'survey', survey_id from (select distinct survey_id from responses) s
            union all select 'channel', channel_id from (select distinct channel_id from responses) c
            union all select 'language', language from (select distinct language from responses) l
            union all select 'journey', journey from (select distinct journey from responses where journey is not null) j
            union all select 'attr', k from ({AttributeNamesSql}) n
            union all select 'value', v from (
                select r.context ->> $1 as v from ({RecentContexts}) r where $1 is not null and r.context ? $1
                group by 1 order by count(*) desc, 1 limit {MaxAttributeValues}) v
            """);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)attribute ?? DBNull.Value });
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            ["survey"] = [], ["channel"] = [], ["language"] = [], ["journey"] = [], ["attr"] = [], ["value"] = [],
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(1)) values[reader.GetString(0)].Add(reader.GetString(1));
        }

        static IReadOnlyList<string> Sorted(List<string> list) => [.. list.Order(StringComparer.Ordinal)];
        return new FilterChoices(Sorted(values["survey"]), Sorted(values["channel"]), Sorted(values["language"]), Sorted(values["journey"]),
            Sorted(values["attr"]), values["value"]);
    }

    /// <summary>The context attribute names the newest responses carry: what the attribute filter accepts.</summary>
    public async Task<IReadOnlyList<string>> AttributeNamesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(AttributeNamesSql);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static Task AuditAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ClaimsPrincipal user, string action, string entity, T? before, T? after, CancellationToken cancellationToken)
        where T : class =>
        AuditTrail.WriteAsync(connection, transaction, user, action, entity,
            before is null ? null : JsonSerializer.Serialize(before, WorkspaceJson.Default.Options),
            after is null ? null : JsonSerializer.Serialize(after, WorkspaceJson.Default.Options), cancellationToken);
}

/// <summary>The values each overview filter can take.</summary>
/// <remarks><see cref="AttributeValues"/>: the chosen attribute's most common values, most common first.</remarks>
internal sealed record FilterChoices(
    IReadOnlyList<string> Surveys, IReadOnlyList<string> Channels, IReadOnlyList<string> Languages, IReadOnlyList<string> Journeys,
    IReadOnlyList<string> Attributes, IReadOnlyList<string> AttributeValues);
