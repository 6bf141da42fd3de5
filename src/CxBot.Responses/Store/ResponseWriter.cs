using System.Text.Json;
using CxBot.Analysis;
using CxBot.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Responses.Store;

/// <summary>One stream entry ready to store: the answer and, for open text, its analysis.</summary>
internal sealed record StoredAnswer(string EntryId, AnswerRecord Answer, TextAnalysis? Analysis, string? Journey);

/// <summary>
/// Writes answers idempotently: every statement is an upsert keyed by the response and question, and
/// a row changes only for a later revision. Delivering an entry twice (a worker died before its
/// acknowledgement) therefore changes nothing the second time.
/// </summary>
internal sealed class ResponseWriter(NpgsqlDataSource dataSource, bool keepOriginalText)
{
    private static readonly string AnalyzerVersion =
        typeof(ITextAnalyzer).Assembly.GetName().Version?.ToString() ?? "0";

    private const string UpsertResponse = """
        insert into responses (response_id, survey_id, survey_version, journey, channel_id, conversation_id, customer_id,
                               language, context, started_at, last_event_at, status, completed_at)
        values ($1, $2, $3, $4, $5, nullif($6, ''), $7, $8, $9, $10, $10, $11, $12)
        on conflict (response_id) do update set
            started_at    = least(responses.started_at, excluded.started_at),
            last_event_at = greatest(responses.last_event_at, excluded.last_event_at),
            status        = case when 'complete' in (responses.status, excluded.status) then 'complete'
                                 when 'stopped' in (responses.status, excluded.status) then 'stopped'
                                 else 'partial' end,
            completed_at  = coalesce(responses.completed_at, excluded.completed_at)
        """;

    // One statement per answer: the answer row changes only for a later revision, and its analysis and
    // themes follow only the row that changed (the CTE "a" is empty for a redelivered or older entry).
    private const string UpsertAnswer = """
        with a as (
            insert into answers (response_id, question_id, answer_id, revision, event, question_type, value, score,
                                 masked_text, original_text, language, answered_at, stream_entry_id, search)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
                    case when $9::text is null then null else to_tsvector(cx_search_config($11), $9::text) end)
            on conflict (response_id, question_id) do update set
                answer_id = excluded.answer_id, revision = excluded.revision, event = excluded.event,
                question_type = excluded.question_type, value = excluded.value, score = excluded.score,
                masked_text = excluded.masked_text, original_text = excluded.original_text, language = excluded.language,
                answered_at = excluded.answered_at, stream_entry_id = excluded.stream_entry_id,
                stored_at = now(), text_purged_at = null, search = excluded.search
            where answers.revision < excluded.revision
            returning response_id, question_id),
        gone as (
            delete from analyses d using a
            where d.response_id = a.response_id and d.question_id = a.question_id and $14::text is null),
        an as (
            insert into analyses (response_id, question_id, sentiment, sentiment_score, churn_risk, wants_contact,
                                  pii_kinds, analyzer, analyzer_version, analyzed_at)
            select a.response_id, a.question_id, $14, $15, $16, $17, $18, $19, $20, now() from a where $14::text is not null
            on conflict (response_id, question_id) do update set
                sentiment = excluded.sentiment, sentiment_score = excluded.sentiment_score, churn_risk = excluded.churn_risk,
                wants_contact = excluded.wants_contact, pii_kinds = excluded.pii_kinds, analyzer = excluded.analyzer,
                analyzer_version = excluded.analyzer_version, analyzed_at = excluded.analyzed_at),
        stale as (
            delete from answer_themes t using a
            where t.response_id = a.response_id and t.question_id = a.question_id and not (t.theme = any($21::text[]))),
        th as (
            insert into answer_themes (response_id, question_id, theme, sentiment, confidence, evidence)
            select a.response_id, a.question_id, x.theme, x.sentiment, x.confidence,
                   array(select jsonb_array_elements_text(x.evidence))
            from a, unnest($21::text[], $22::text[], $23::real[], $24::jsonb[]) as x(theme, sentiment, confidence, evidence)
            on conflict (response_id, question_id, theme) do update set
                sentiment = excluded.sentiment, confidence = excluded.confidence, evidence = excluded.evidence)
        select count(*) from a
        """;

    /// <summary>Stores the answers in one transaction: all of them or none.</summary>
    public async Task WriteAsync(IReadOnlyList<StoredAnswer> answers, CancellationToken cancellationToken)
    {
        if (answers.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);

        // Rows are locked in one order (by response, then question) so two workers writing overlapping
        // batches wait for each other instead of deadlocking.
        foreach (var stored in answers.OrderBy(a => a.Answer.ResponseId, StringComparer.Ordinal)
                     .ThenBy(a => a.Answer.QuestionId, StringComparer.Ordinal))
        {
            batch.BatchCommands.Add(ResponseCommand(stored));
            if (stored.Answer.QuestionId is not null)
            {
                batch.BatchCommands.Add(AnswerCommand(stored));
            }
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);

        // Commit is not cancellable on purpose: abandoning it would leave us unsure whether the batch was
        // stored, and the entries are only acknowledged after it returns.
        await transaction.CommitAsync(CancellationToken.None);
    }

    private static NpgsqlBatchCommand ResponseCommand(StoredAnswer stored)
    {
        var a = stored.Answer;
        var status = a.Event switch
        {
            AnswerRecord.CompleteEvent => "complete",
            AnswerRecord.StopEvent => "stopped",
            _ => "partial",
        };
        var context = a.Context is { Count: > 0 }
            ? JsonSerializer.Serialize(new Dictionary<string, string>(a.Context), ResponsesJson.Default.DictionaryStringString)
            : "{}";
        var command = new NpgsqlBatchCommand(UpsertResponse);
        var p = command.Parameters;
        p.Add(Text(a.ResponseId));
        p.Add(Text(a.SurveyId));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = a.SurveyVersion });
        p.Add(Text(stored.Journey));
        p.Add(Text(a.ChannelId));
        p.Add(Text(a.ConversationId));
        p.Add(Text(a.CustomerId));
        p.Add(Text(a.Language));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = context });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = a.AnsweredAt.UtcDateTime });
        p.Add(Text(status));
        p.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
            Value = a.Event == AnswerRecord.CompleteEvent ? a.AnsweredAt.UtcDateTime : DBNull.Value,
        });
        return command;
    }

    private NpgsqlBatchCommand AnswerCommand(StoredAnswer stored)
    {
        var a = stored.Answer;
        var analysis = stored.Analysis;
        var isSkip = a.Event == AnswerRecord.SkipEvent;
        var hasText = !isSkip && a.Text is not null && IsOpenText(a);
        var masked = hasText ? analysis?.MaskedText : null;
        var command = new NpgsqlBatchCommand(UpsertAnswer);
        var p = command.Parameters;
        p.Add(Text(a.ResponseId));
        p.Add(Text(a.QuestionId));
        p.Add(Text(a.AnswerId));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = a.Revision });
        p.Add(Text(a.Event));
        p.Add(Text(a.QuestionType));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = isSkip ? DBNull.Value : ValueJson(a) });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Smallint, Value = isSkip ? DBNull.Value : Score(a) });
        p.Add(Text(masked));
        p.Add(Text(hasText && keepOriginalText ? a.Text : null));
        p.Add(Text(analysis?.Language ?? a.Language));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = a.AnsweredAt.UtcDateTime });
        p.Add(Text(stored.EntryId));
        p.Add(Text(analysis is null ? null : Label(analysis.Sentiment)));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Real, Value = (float)(analysis?.Score ?? 0) });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Boolean, Value = analysis?.ChurnRisk ?? false });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Boolean, Value = analysis?.WantsContact ?? false });
        p.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            Value = analysis?.Pii.Distinct().Select(k => k.ToString().ToLowerInvariant()).ToArray() ?? [],
        });
        p.Add(Text(analysis?.Analyzer ?? ""));
        p.Add(Text(AnalyzerVersion));
        var themes = analysis?.Themes ?? [];
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = themes.Select(t => t.Theme).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = themes.Select(t => Label(t.Sentiment)).ToArray() });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real, Value = themes.Select(t => (float)t.Confidence).ToArray() });

        // One JSON array per theme: PostgreSQL arrays must be rectangular, and themes have different numbers of phrases.
        p.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
            Value = themes.Select(t => JsonSerializer.Serialize(t.Evidence?.ToArray() ?? [], ResponsesJson.Default.StringArray)).ToArray(),
        });
        return command;
    }

    public static bool IsOpenText(AnswerRecord answer) => answer.QuestionType is "open_text" || (answer.ValueJson is null && answer.Text is not null && answer.QuestionType is null);

    public static string Label(Sentiment sentiment) => sentiment.ToString().ToLowerInvariant();

    /// <summary>Closed answers keep their JSON value; open text has none (the masked text is its value).</summary>
    private static object ValueJson(AnswerRecord answer)
    {
        if (answer.ValueJson is null)
        {
            return DBNull.Value;
        }

        try
        {
            using var _ = JsonDocument.Parse(answer.ValueJson);
            return answer.ValueJson;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Answer {answer.AnswerId} has a value that is not JSON.", e);
        }
    }

    private static object Score(AnswerRecord answer) =>
        answer.QuestionType is "nps" or "csat" or "ces" or "likert"
        && short.TryParse(answer.ValueJson, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var score)
            ? score
            : DBNull.Value;

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };
}
