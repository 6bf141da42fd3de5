using CxBot.Workspace.Database;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Workspace.Corrections;

/// <summary>The team's labels of answers: read with the analyzer's, written with their audit line in one transaction.</summary>
internal sealed class CorrectionStore(NpgsqlDataSource dataSource)
{
    public const string AuditAction = "answer.correct";

    /// <summary>An open-text answer with the analyzer's labels and the team's; null when there is no such text.</summary>
    public async Task<AnswerDetail?> FindAsync(string responseId, string questionId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, responseId, questionId, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="labels"/> as the team's and audits the change from the labels counted before (the
    /// team's earlier ones, else the analyzer's). Null when the answer has no text to correct.
    /// </summary>
    public async Task<(Labels Before, AnswerDetail Answer)?> SaveAsync(
        ClaimsPrincipal user, string responseId, string questionId, Labels labels, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The answer row is locked so two analysts saving at once are audited in the order they land.
        await using (var lockRow = new NpgsqlCommand("select 1 from answers where response_id = $1 and question_id = $2 for update", connection, transaction))
        {
            lockRow.Parameters.Add(Text(responseId));
            lockRow.Parameters.Add(Text(questionId));
            await lockRow.ExecuteScalarAsync(cancellationToken);
        }

        if (await FindAsync(connection, transaction, responseId, questionId, cancellationToken) is not { } answer)
        {
            return null;
        }

        var before = answer.Effective;
        var by = user.Identity?.Name ?? "";
        await using (var upsert = new NpgsqlCommand("""
            insert into answer_corrections (response_id, question_id, answer_id, themes, sentiment, churn_risk, wants_contact,
                                            analyzer_themes, analyzer_sentiment, analyzer_churn, corrected_by, corrected_at)
            values ($1, $2, (select answer_id from answers where response_id = $1 and question_id = $2), $3, $4, $5, $6, $7, $8, $9, $10, now())
            on conflict (response_id, question_id) do update set
                answer_id = excluded.answer_id, themes = excluded.themes, sentiment = excluded.sentiment, churn_risk = excluded.churn_risk,
                wants_contact = excluded.wants_contact, analyzer_themes = excluded.analyzer_themes,
                analyzer_sentiment = excluded.analyzer_sentiment, analyzer_churn = excluded.analyzer_churn,
                corrected_by = excluded.corrected_by, corrected_at = excluded.corrected_at
            """, connection, transaction))
        {
            var p = upsert.Parameters;
            p.Add(Text(responseId));
            p.Add(Text(questionId));
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(labels.Themes.ToList(), CorrectionsJson.Default.ListTagLabel) });
            p.Add(Text(labels.Sentiment));
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Boolean, Value = labels.ChurnRisk });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Boolean, Value = labels.WantsContact });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = answer.Analyzer?.Themes.Select(t => t.Theme).ToArray() ?? [] });
            p.Add(Text(answer.Analyzer?.Sentiment));
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Boolean, Value = (object?)answer.Analyzer?.ChurnRisk ?? DBNull.Value });
            p.Add(Text(by));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditAsync(connection, transaction, user, $"answer:{responseId}/{questionId}",
            new CorrectionAudit(responseId, questionId, before), new CorrectionAudit(responseId, questionId, labels), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (before, answer with { Verified = new VerifiedLabels(labels, by, DateTimeOffset.UtcNow) });
    }

    /// <summary>Every stored correction whose text is still kept, oldest first: what a starting host teaches its analyzer.</summary>
    public async IAsyncEnumerable<StoredCorrection> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select a.masked_text, a.language, c.themes::text, c.sentiment, c.churn_risk, c.wants_contact, c.response_id, c.question_id
            from answer_corrections c join answers a using (response_id, question_id)
            where a.masked_text is not null and a.answer_id = c.answer_id
            order by c.corrected_at, c.response_id, c.question_id
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new StoredCorrection(reader.GetString(6), reader.GetString(7), reader.GetString(0), reader.GetString(1),
                new Labels(Themes(reader.GetString(2)), reader.GetString(3), reader.GetBoolean(4), reader.GetBoolean(5)));
        }
    }

    /// <summary>
    /// Per week of review: the answers the team verified and how often the analyzer had said the same: the same set
    /// of themes exactly, the same overall sentiment, the same churn flag.
    /// </summary>
    public async Task<IReadOnlyList<AgreementRow>> AgreementAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select date_trunc('week', c.corrected_at, 'UTC') as week, count(*),
                   count(*) filter (where array(select x ->> 'theme' from jsonb_array_elements(c.themes) x order by 1)
                                          = array(select t from unnest(c.analyzer_themes) t order by 1)),
                   count(*) filter (where c.analyzer_sentiment = c.sentiment),
                   count(*) filter (where c.analyzer_churn = c.churn_risk)
            from answer_corrections c
            where c.corrected_at >= $1 and c.corrected_at < $2
            group by 1 order by 1
            """);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = to.UtcDateTime });
        var rows = new List<AgreementRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AgreementRow(new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<CorrectionSummary>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select c.response_id, c.question_id, coalesce(a.masked_text, ''), c.themes::text, c.sentiment, c.churn_risk, c.wants_contact,
                   c.corrected_by, c.corrected_at,
                   array(select x ->> 'theme' from jsonb_array_elements(c.themes) x order by 1) = array(select t from unnest(c.analyzer_themes) t order by 1)
            from answer_corrections c join answers a using (response_id, question_id)
            order by c.corrected_at desc limit $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var rows = new List<CorrectionSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new CorrectionSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                new Labels(Themes(reader.GetString(3)), reader.GetString(4), reader.GetBoolean(5), reader.GetBoolean(6)),
                reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetBoolean(9)));
        }

        return rows;
    }

    private static async Task<AnswerDetail?> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string responseId, string questionId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select a.masked_text, a.language, a.answered_at, r.survey_id, r.channel_id,
                   (select x.score from answers x where x.response_id = a.response_id and x.question_type = 'nps' and x.event = 'answer' and x.score is not null order by x.question_id limit 1),
                   n.sentiment, n.churn_risk, n.wants_contact, n.analyzer, n.analyzer_version,
                   c.themes::text, c.sentiment, c.churn_risk, c.wants_contact, c.corrected_by, c.corrected_at
            from answers a
            join responses r on r.response_id = a.response_id
            left join analyses n on n.response_id = a.response_id and n.question_id = a.question_id
            left join answer_corrections c on c.response_id = a.response_id and c.question_id = a.question_id and c.answer_id = a.answer_id
            where a.response_id = $1 and a.question_id = $2 and a.masked_text is not null
            """, connection, transaction);
        command.Parameters.Add(Text(responseId));
        command.Parameters.Add(Text(questionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var text = reader.GetString(0);
        var language = reader.GetString(1);
        var at = reader.GetFieldValue<DateTimeOffset>(2);
        var survey = reader.GetString(3);
        var channel = reader.GetString(4);
        int? nps = reader.IsDBNull(5) ? null : reader.GetInt16(5);
        var analyzed = !reader.IsDBNull(6);
        var (sentiment, churn, contact, analyzer, version) = analyzed
            ? (reader.GetString(6), reader.GetBoolean(7), reader.GetBoolean(8), reader.GetString(9), reader.GetString(10))
            : ("neutral", false, false, "", "");
        VerifiedLabels? verified = reader.IsDBNull(11) ? null : new VerifiedLabels(
            new Labels(Themes(reader.GetString(11)), reader.GetString(12), reader.GetBoolean(13), reader.GetBoolean(14)),
            reader.GetString(15), reader.GetFieldValue<DateTimeOffset>(16));

        await reader.DisposeAsync();
        await using var themesCommand = new NpgsqlCommand(
            "select theme, sentiment, confidence, evidence from answer_themes where response_id = $1 and question_id = $2 order by confidence desc, theme",
            connection, transaction);
        themesCommand.Parameters.Add(Text(responseId));
        themesCommand.Parameters.Add(Text(questionId));
        await using var themeReader = await themesCommand.ExecuteReaderAsync(cancellationToken);
        var themes = new List<StoredTheme>();
        while (await themeReader.ReadAsync(cancellationToken))
        {
            themes.Add(new StoredTheme(themeReader.GetString(0), themeReader.GetString(1), themeReader.GetFloat(2), themeReader.GetFieldValue<string[]>(3)));
        }

        var stored = analyzed || themes.Count > 0 ? new AnalyzerLabels(sentiment, churn, contact, themes, analyzer, version) : null;
        return new AnswerDetail(responseId, questionId, text, language, at, survey, channel, nps, stored, verified);
    }

    private static List<TagLabel> Themes(string json) => JsonSerializer.Deserialize(json, CorrectionsJson.Default.ListTagLabel) ?? [];

    private static Task AuditAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ClaimsPrincipal user, string entity, CorrectionAudit before, CorrectionAudit after, CancellationToken cancellationToken) =>
        AuditTrail.WriteAsync(connection, transaction, user, AuditAction, entity,
            JsonSerializer.Serialize(before, CorrectionsJson.Default.CorrectionAudit), JsonSerializer.Serialize(after, CorrectionsJson.Default.CorrectionAudit), cancellationToken);

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };
}
