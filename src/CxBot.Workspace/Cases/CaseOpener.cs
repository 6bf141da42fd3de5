using System.Globalization;
using System.Text.Json;
using CxBot.Workspace.Alerts;
using CxBot.Workspace.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Workspace.Cases;

/// <summary>Where an answer is in store order.</summary>
internal readonly record struct AnswerKey(DateTimeOffset StoredAt, string ResponseId, string QuestionId);

/// <summary>
/// Opens cases for newly stored responses that match a rule. It walks answers by <c>stored_at</c> from a cursor
/// (less an overlap, since transactions commit out of order), evaluates the rules on the whole response, and
/// inserts with <c>on conflict do nothing</c> on the response id: running it twice, or on two hosts at once, opens
/// one case per response. A rule that matches later (the open text arrived after the score) adds its reason.
/// </summary>
internal sealed class CaseOpener(
    NpgsqlDataSource dataSource,
    WorkspaceSchema schema,
    IOptionsMonitor<CasesOptions> options,
    TimeProvider time,
    IServiceProvider services,
    ILogger<CaseOpener> logger)
{
    private const int BatchSize = 200;
    private const string CursorName = "cases";

    /// <summary>One pass over what was stored since the cursor; returns the cases opened or given a new reason.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        var rules = options.CurrentValue.Rules;
        var from = await CursorAsync(cancellationToken) - TimeSpan.FromSeconds(options.CurrentValue.OverlapSeconds);
        var changed = 0;
        var after = new AnswerKey(from, "", "");
        while (true)
        {
            var batch = await TouchedAsync(after, cancellationToken);
            if (batch.Count == 0) break;
            string[] ids = [.. batch.Select(b => b.ResponseId).Distinct(StringComparer.Ordinal)];
            var known = await KnownReasonsAsync(ids, cancellationToken);
            foreach (var facts in await FactsAsync(ids, cancellationToken))
            {
                // The overlap brings back responses already handled: skip those with nothing new before opening a transaction.
                if (CaseRules.Decide(rules, facts, time.GetUtcNow()) is { } decision
                    && !(known.TryGetValue(facts.ResponseId, out var reasons) && decision.Reasons.All(reasons.Contains))
                    && await OpenAsync(facts, decision, cancellationToken))
                {
                    changed++;
                }
            }

            after = batch[^1];
            await SaveCursorAsync(after.StoredAt, cancellationToken);
            if (batch.Count < BatchSize) break;
        }

        return changed;
    }

    /// <summary>The next answers in store order after <paramref name="after"/> (a keyset over the answers_stored index).</summary>
    private async Task<List<AnswerKey>> TouchedAsync(AnswerKey after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            select stored_at, response_id, question_id from answers
            where (stored_at, response_id, question_id) > ($1, $2, $3)
            order by stored_at, response_id, question_id limit {BatchSize}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = after.StoredAt });
        command.Parameters.Add(new NpgsqlParameter { Value = after.ResponseId });
        command.Parameters.Add(new NpgsqlParameter { Value = after.QuestionId });
        var touched = new List<AnswerKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) touched.Add(new AnswerKey(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2)));
        return touched;
    }

    private async Task<Dictionary<string, HashSet<string>>> KnownReasonsAsync(string[] ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select response_id, reasons from cases where response_id = any($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        var known = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known[reader.GetString(0)] = new HashSet<string>(reader.GetFieldValue<string[]>(1), StringComparer.Ordinal);
        }

        return known;
    }

    private async Task<List<ResponseFacts>> FactsAsync(string[] ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select r.response_id, r.customer_id, r.channel_id, r.conversation_id, r.language,
                   coalesce((select jsonb_object_agg(t, s)::text from (
                       select question_type t, min(score) s from answers a
                       where a.response_id = r.response_id and a.event = 'answer' and a.score is not null and a.question_type in ('nps', 'csat', 'ces')
                       group by question_type) x), '{}'),
                   exists (select 1 from analyses n where n.response_id = r.response_id and n.churn_risk),
                   exists (select 1 from analyses n where n.response_id = r.response_id and n.wants_contact)
            from responses r where r.response_id = any($1)
            order by r.response_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        var facts = new List<ResponseFacts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var scores = JsonSerializer.Deserialize(reader.GetString(5), CasesJson.Default.DictionaryStringInt32)!;
            facts.Add(new ResponseFacts(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), time.GetUtcNow(), scores, reader.GetBoolean(6), reader.GetBoolean(7)));
        }

        return facts;
    }

    /// <summary>Opens the case (or adds new reasons to it), with its timeline event, audit line and, when it becomes urgent, its alert.</summary>
    private async Task<bool> OpenAsync(ResponseFacts facts, CaseDecision decision, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        bool inserted, wasUrgent;
        await using (var upsert = new NpgsqlCommand("""
            with prior as (select urgent from cases where response_id = $1)
            insert into cases (response_id, customer_id, channel_id, conversation_id, language, reasons, urgent, due_at, opened_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            on conflict (response_id) do update set
                reasons = (select array_agg(distinct x order by x) from unnest(cases.reasons || excluded.reasons) x),
                urgent = cases.urgent or excluded.urgent,
                due_at = least(cases.due_at, excluded.due_at),
                updated_at = now()
            where not (excluded.reasons <@ cases.reasons)
            returning id, xmax = 0, coalesce((select urgent from prior), false)
            """, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = facts.ResponseId });
            upsert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)facts.CustomerId ?? DBNull.Value });
            upsert.Parameters.Add(new NpgsqlParameter { Value = facts.ChannelId });
            upsert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)facts.ConversationId ?? DBNull.Value });
            upsert.Parameters.Add(new NpgsqlParameter { Value = facts.Language });
            upsert.Parameters.Add(new NpgsqlParameter { Value = decision.Reasons.ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = decision.Urgent });
            upsert.Parameters.Add(new NpgsqlParameter { Value = decision.DueAt });
            upsert.Parameters.Add(new NpgsqlParameter { Value = facts.StoredAt });
            await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return false;
            (id, inserted, wasUrgent) = (reader.GetInt64(0), reader.GetBoolean(1), reader.GetBoolean(2));
        }

        var after = await CaseStore.SnapshotAsync(connection, transaction, id, cancellationToken);
        await using (var add = new NpgsqlCommand("insert into case_events (case_id, kind, actor, detail) values ($1, $2, $3, $4)", connection, transaction))
        {
            add.Parameters.Add(new NpgsqlParameter { Value = id });
            add.Parameters.Add(new NpgsqlParameter { Value = inserted ? "opened" : "reasons" });
            add.Parameters.Add(new NpgsqlParameter { Value = CaseStore.SystemActor });
            add.Parameters.Add(new NpgsqlParameter { Value = string.Join(' ', after!.Reasons) });
            await add.ExecuteNonQueryAsync(cancellationToken);
        }

        await CaseAudit.WriteAsync(connection, transaction, new Actor(CaseStore.SystemActor, "system"), inserted ? "case.open" : "case.reasons", id,
            null, after, cancellationToken);
        if (after.Urgent && (inserted || !wasUrgent) && services.GetService<IAlertOutbox>() is { } alerts)
        {
            await alerts.EnqueueAsync(Alert(id, facts, after), connection, transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.CaseOpened(id, inserted, after.Urgent, after.Reasons.Count);
        return true;
    }

    private static CaseAlert Alert(long id, ResponseFacts facts, CaseSnapshot snapshot)
    {
        var reasons = string.Join(", ", snapshot.Reasons);
        var factsShown = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["reasons"] = reasons,
            ["channel"] = facts.ChannelId,
            ["language"] = facts.Language,
            ["due"] = snapshot.DueAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        };
        foreach (var (metric, score) in facts.Scores.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            factsShown[metric] = score.ToString(CultureInfo.InvariantCulture);
        }

        return new CaseAlert(id, $"Urgent case #{id.ToString(CultureInfo.InvariantCulture)}", $"A response needs a call back: {reasons}.",
            $"/workspace/cases/{id.ToString(CultureInfo.InvariantCulture)}", factsShown);
    }

    private async Task<DateTimeOffset> CursorAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select stored_at from case_scan_cursor where name = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = CursorName });
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : DateTimeOffset.UnixEpoch;
    }

    private async Task SaveCursorAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            insert into case_scan_cursor (name, stored_at) values ($1, $2)
            on conflict (name) do update set stored_at = greatest(case_scan_cursor.stored_at, excluded.stored_at)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = CursorName });
        command.Parameters.Add(new NpgsqlParameter { Value = at });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
