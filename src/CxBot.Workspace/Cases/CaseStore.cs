using CxBot.Workspace.Database;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Workspace.Cases;

/// <summary>The states of a case, in the order they are usually worked.</summary>
internal static class CaseStatus
{
    public const string Open = "open";
    public const string InProgress = "in_progress";
    public const string Waiting = "waiting";
    public const string Resolved = "resolved";
    public const string Closed = "closed";

    public static IReadOnlyList<string> All { get; } = [Open, InProgress, Waiting, Resolved, Closed];

    public static bool IsDone(string status) => status is Resolved or Closed;
}

/// <summary>How a resolved case ended.</summary>
internal static class CaseOutcome
{
    public static IReadOnlyList<string> All { get; } = ["resolved", "retained", "churned", "no_answer"];
}

/// <summary>One line of the inbox.</summary>
internal sealed record CaseRow(
    long Id, string ResponseId, string? CustomerId, string ChannelId, string? ConversationId, string Language, IReadOnlyList<string> Reasons,
    bool Urgent, string Status, string? Owner, DateTimeOffset DueAt, DateTimeOffset OpenedAt, DateTimeOffset? FirstContactAt,
    DateTimeOffset? ClosedAt, string? Outcome, string? ThreadChannelId, string? ThreadConversationId, string Scores)
{
    public bool IsOverdue(DateTimeOffset now) => !CaseStatus.IsDone(Status) && DueAt < now;
}

/// <summary>A case as the audit log records it before and after a change.</summary>
internal sealed record CaseSnapshot(long Id, string Status, string? Owner, DateTimeOffset DueAt, string? Outcome, IReadOnlyList<string> Reasons, bool Urgent);

internal sealed record CaseAnswer(string QuestionId, string? QuestionType, int? Score, string? Text, string Event);

internal sealed record CaseTheme(string QuestionId, string Theme, string Sentiment);

internal sealed record CaseEvent(long Id, DateTimeOffset At, string Kind, string Actor, string? Text, string? Detail);

internal sealed record CaseDetail(CaseRow Case, IReadOnlyList<CaseAnswer> Answers, IReadOnlyList<CaseTheme> Themes,
    string? Sentiment, bool ChurnRisk, bool WantsContact, IReadOnlyList<CaseEvent> Events);

/// <summary>The inbox's filters: a status (or "active"/"all"), an owner ("me", "none" or a name) and a reason.</summary>
internal sealed record CaseFilter(string Status, string? Owner, string? Reason)
{
    public const string Active = "active";
    public const string Any = "all";
}

/// <summary>Outcomes and speed, over every case.</summary>
internal sealed record CaseStats(IReadOnlyDictionary<string, long> Outcomes, double? MedianHoursToFirstContact, double? MedianHoursToResolution, long Active, long Overdue);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CaseSnapshot))]
[JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class CasesJson : JsonSerializerContext;

/// <summary>
/// The cases' reads and writes. Each write is one transaction: the change, its timeline event and its audit line
/// (who, when, before, after), so the timeline and the audit log can never disagree with the case.
/// </summary>
internal sealed class CaseStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const string SystemActor = "cxbot";
    public const string CustomerActor = "customer";
    private const int InboxLimit = 300;

    private const string Columns = """
        c.id, c.response_id, c.customer_id, c.channel_id, c.conversation_id, c.language, c.reasons, c.urgent, c.status, c.owner,
        c.due_at, c.opened_at, c.first_contact_at, c.closed_at, c.outcome, c.thread_channel_id, c.thread_conversation_id,
        coalesce((select string_agg(upper(a.question_type) || ' ' || a.score, ' · ' order by a.question_type) from answers a
                  where a.response_id = c.response_id and a.event = 'answer' and a.score is not null
                    and a.question_type in ('nps', 'csat', 'ces')), '')
        """;

    public async Task<IReadOnlyList<CaseRow>> ListAsync(CaseFilter filter, string me, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            select {Columns} from cases c
            where ($1 = 'all' or ($1 = 'active' and c.status in ('open', 'in_progress', 'waiting')) or c.status = $1)
              and ($2::text is null or ($2 = 'none' and c.owner is null) or c.owner = $2)
              and ($3::text is null or $3 = any(c.reasons))
            order by c.status in ('resolved', 'closed'), c.urgent desc, c.due_at, c.id
            limit {InboxLimit}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = filter.Status });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (filter.Owner == "me" ? me : filter.Owner) ?? (object)DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)filter.Reason ?? DBNull.Value });
        var rows = new List<CaseRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadCase(reader));
        }

        return rows;
    }

    public async Task<IReadOnlyList<string>> ReasonsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select distinct unnest(reasons) r from cases order by r");
        var reasons = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) reasons.Add(reader.GetString(0));
        return reasons;
    }

    public async Task<CaseStats> StatsAsync(CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("select outcome, count(*) from cases where outcome is not null group by outcome"));
        var now = new NpgsqlBatchCommand("""
            select percentile_cont(0.5) within group (order by extract(epoch from first_contact_at - opened_at)) filter (where first_contact_at is not null),
                   percentile_cont(0.5) within group (order by extract(epoch from closed_at - opened_at)) filter (where status = 'resolved'),
                   count(*) filter (where status in ('open', 'in_progress', 'waiting')),
                   count(*) filter (where status in ('open', 'in_progress', 'waiting') and due_at < $1)
            from cases
            """);
        now.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        batch.BatchCommands.Add(now);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken)) outcomes[reader.GetString(0)] = reader.GetInt64(1);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        static double? Hours(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i) / 3600;
        return new CaseStats(outcomes, Hours(reader, 0), Hours(reader, 1), reader.GetInt64(2), reader.GetInt64(3));
    }

    public async Task<CaseDetail?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        CaseRow? row;
        await using (var command = new NpgsqlCommand($"select {Columns} from cases c where c.id = $1", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            row = await reader.ReadAsync(cancellationToken) ? ReadCase(reader) : null;
        }

        if (row is null) return null;
        static NpgsqlBatchCommand Query(string sql, object value) =>
            new(sql) { Parameters = { new NpgsqlParameter { Value = value } } };
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Query("select question_id, question_type, score, masked_text, event from answers where response_id = $1 order by answered_at, question_id", row.ResponseId),
                Query("select question_id, theme, sentiment from answer_themes where response_id = $1 order by question_id, theme", row.ResponseId),
                Query("""
                    select (array_agg(sentiment order by sentiment_score))[1], coalesce(bool_or(churn_risk), false), coalesce(bool_or(wants_contact), false)
                    from analyses where response_id = $1
                    """, row.ResponseId),
                Query("select id, at, kind, actor, text, detail from case_events where case_id = $1 order by id", id),
            },
        };
        await using var data = await batch.ExecuteReaderAsync(cancellationToken);
        var answers = new List<CaseAnswer>();
        while (await data.ReadAsync(cancellationToken))
        {
            answers.Add(new CaseAnswer(data.GetString(0), data.IsDBNull(1) ? null : data.GetString(1), data.IsDBNull(2) ? null : data.GetInt16(2),
                data.IsDBNull(3) ? null : data.GetString(3), data.GetString(4)));
        }

        await data.NextResultAsync(cancellationToken);
        var themes = new List<CaseTheme>();
        while (await data.ReadAsync(cancellationToken)) themes.Add(new CaseTheme(data.GetString(0), data.GetString(1), data.GetString(2)));
        await data.NextResultAsync(cancellationToken);
        await data.ReadAsync(cancellationToken);
        var sentiment = data.IsDBNull(0) ? null : data.GetString(0);
        var churn = data.GetBoolean(1);
        var wants = data.GetBoolean(2);
        await data.NextResultAsync(cancellationToken);
        var events = new List<CaseEvent>();
        while (await data.ReadAsync(cancellationToken))
        {
            events.Add(new CaseEvent(data.GetInt64(0), data.GetFieldValue<DateTimeOffset>(1), data.GetString(2), data.GetString(3),
                data.IsDBNull(4) ? null : data.GetString(4), data.IsDBNull(5) ? null : data.GetString(5)));
        }

        return new CaseDetail(row, answers, themes, sentiment, churn, wants, events);
    }

    public Task<CaseSnapshot?> AssignAsync(ClaimsPrincipal user, long id, string? owner, CancellationToken cancellationToken) =>
        ChangeAsync(Actor.Of(user), id, "case.assign", "update cases set owner = $2, updated_at = now() where id = $1", [owner],
            "assigned", null, owner, cancellationToken);

    /// <summary>Resolved needs an outcome (see <see cref="ResolveAsync"/>); any other status may be set, including reopening.</summary>
    public Task<CaseSnapshot?> SetStatusAsync(ClaimsPrincipal user, long id, string status, CancellationToken cancellationToken) =>
        ChangeAsync(Actor.Of(user), id, "case.status", """
            update cases set status = $2, updated_at = now(),
                closed_at = case when $2 in ('resolved', 'closed') then coalesce(closed_at, now()) else null end,
                outcome = case when $2 in ('resolved', 'closed') then outcome else null end
            where id = $1
            """, [status], "status", null, status, cancellationToken);

    public Task<CaseSnapshot?> ResolveAsync(ClaimsPrincipal user, long id, string outcome, CancellationToken cancellationToken) =>
        ChangeAsync(Actor.Of(user), id, "case.resolve",
            "update cases set status = 'resolved', outcome = $2, closed_at = now(), updated_at = now() where id = $1", [outcome],
            "resolved", null, outcome, cancellationToken);

    public Task<CaseSnapshot?> AddNoteAsync(ClaimsPrincipal user, long id, string text, CancellationToken cancellationToken) =>
        ChangeAsync(Actor.Of(user), id, "case.note", "update cases set updated_at = now() where id = $1", [], "note", text, null, cancellationToken);

    /// <summary>
    /// Records the message as being sent before the bot sends it, so a message that went out is never missing from
    /// the timeline; <see cref="CompleteMessageAsync"/> then records what became of it.
    /// </summary>
    public async Task<long?> BeginMessageAsync(ClaimsPrincipal user, long id, string text, CancellationToken cancellationToken)
    {
        long? eventId = null;
        await ChangeAsync(Actor.Of(user), id, "case.message", "update cases set updated_at = now() where id = $1", [], "message", text, "sending",
            cancellationToken, e => eventId = e);
        return eventId;
    }

    public async Task CompleteMessageAsync(ClaimsPrincipal user, long id, long eventId, MessageDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await SnapshotAsync(connection, transaction, id, cancellationToken);
        if (before is null) return;
        await ExecuteAsync(connection, transaction, "update case_events set detail = $2 where id = $1",
            [eventId, delivery.Sent ? "sent" : $"refused:{delivery.Refusal}"], cancellationToken);
        if (delivery.Sent)
        {
            await ExecuteAsync(connection, transaction, """
                update cases set status = 'waiting', first_contact_at = coalesce(first_contact_at, now()), thread_channel_id = $2,
                    thread_conversation_id = $3, updated_at = now()
                where id = $1
                """, [id, delivery.ChannelId, delivery.ConversationId], cancellationToken);
        }

        var after = await SnapshotAsync(connection, transaction, id, cancellationToken);
        await CaseAudit.WriteAsync(connection, transaction, Actor.Of(user), delivery.Sent ? "case.message.sent" : "case.message.refused", id, before, after, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Writes a customer's reply into the timeline once (a redelivered reply changes nothing) and takes a case that was
    /// waiting for the customer back into progress. Returns whether the reply was new.
    /// </summary>
    public async Task<bool> RecordReplyAsync(CustomerReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await SnapshotAsync(connection, transaction, reply.CaseId, cancellationToken);
        if (before is null) return false;
        await using (var insert = new NpgsqlCommand("""
            insert into case_events (case_id, at, kind, actor, text, external_id) values ($1, $2, 'reply', 'customer', $3, $4)
            on conflict (case_id, external_id) where external_id is not null do nothing
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = reply.CaseId });
            insert.Parameters.Add(new NpgsqlParameter { Value = reply.At });
            insert.Parameters.Add(new NpgsqlParameter { Value = reply.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = reply.ActivityId });
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0) return false;
        }

        await ExecuteAsync(connection, transaction, "update cases set status = case when status = 'waiting' then 'in_progress' else status end, updated_at = now() where id = $1",
            [reply.CaseId], cancellationToken);
        var after = await SnapshotAsync(connection, transaction, reply.CaseId, cancellationToken);
        await CaseAudit.WriteAsync(connection, transaction, new Actor(CustomerActor, CustomerActor), "case.reply", reply.CaseId, before, after, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<CaseSnapshot?> ChangeAsync(
        Actor actor, long id, string action, string sql, object?[] values, string eventKind, string? eventText, string? detail,
        CancellationToken cancellationToken, Action<long>? eventAdded = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await SnapshotAsync(connection, transaction, id, cancellationToken, forUpdate: true);
        if (before is null) return null;
        await ExecuteAsync(connection, transaction, sql, [id, .. values], cancellationToken);
        await using (var add = new NpgsqlCommand("insert into case_events (case_id, kind, actor, text, detail) values ($1, $2, $3, $4, $5) returning id", connection, transaction))
        {
            add.Parameters.Add(new NpgsqlParameter { Value = id });
            add.Parameters.Add(new NpgsqlParameter { Value = eventKind });
            add.Parameters.Add(new NpgsqlParameter { Value = actor.Name });
            add.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)eventText ?? DBNull.Value });
            add.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)detail ?? DBNull.Value });
            var eventId = (long)(await add.ExecuteScalarAsync(cancellationToken))!;
            eventAdded?.Invoke(eventId);
        }

        var after = await SnapshotAsync(connection, transaction, id, cancellationToken);
        await CaseAudit.WriteAsync(connection, transaction, actor, action, id, before, after, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    internal static async Task<CaseSnapshot?> SnapshotAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long id, CancellationToken cancellationToken, bool forUpdate = false)
    {
        await using var command = new NpgsqlCommand(
            $"select id, status, owner, due_at, outcome, reasons, urgent from cases where id = $1{(forUpdate ? " for update" : "")}", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CaseSnapshot(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<string[]>(5), reader.GetBoolean(6))
            : null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object?[] values, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(value is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value } : new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static CaseRow ReadCase(NpgsqlDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        DateTimeOffset? At(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
        return new CaseRow(r.GetInt64(0), r.GetString(1), Text(2), r.GetString(3), Text(4), r.GetString(5), r.GetFieldValue<string[]>(6),
            r.GetBoolean(7), r.GetString(8), Text(9), r.GetFieldValue<DateTimeOffset>(10), r.GetFieldValue<DateTimeOffset>(11), At(12), At(13),
            Text(14), Text(15), Text(16), r.GetString(17));
    }
}

/// <summary>Who made a change: a team member (name and role), the bot's scanner, or the customer.</summary>
internal sealed record Actor(string Name, string Role)
{
    public static Actor Of(ClaimsPrincipal user) => new(user.Identity?.Name ?? "", user.FindFirstValue(ClaimTypes.Role) ?? "");
}

/// <summary>The case writes' lines in the workspace audit log, in the caller's transaction.</summary>
internal static class CaseAudit
{
    public static Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Actor actor, string action, long caseId, CaseSnapshot? before, CaseSnapshot? after,
        CancellationToken cancellationToken) =>
        AuditTrail.WriteAsync(connection, transaction, actor.Name, actor.Role, action, $"case:{caseId}",
            before is null ? null : JsonSerializer.Serialize(before, CasesJson.Default.CaseSnapshot),
            after is null ? null : JsonSerializer.Serialize(after, CasesJson.Default.CaseSnapshot), cancellationToken);
}
