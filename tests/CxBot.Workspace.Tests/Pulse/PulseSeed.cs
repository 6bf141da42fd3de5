using System.Text.Json;
using CxBot.Workspace.Tests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Workspace.Tests.Pulse;

/// <summary>Rows as the pipeline stores them: colleagues' pulse answers, and customers' analysed open answers with themes.</summary>
internal static class PulseSeed
{
    public static readonly string[] Pillars =
        ["advertising", "content", "digital", "non_digital", "communication", "representatives", "products", "service", "friction", "reputation"];

    /// <summary>One colleague's pulse: ratings in the pillars' order (null = skipped) and the ranking, if given.</summary>
    public static async Task ColleagueAsync(WorkspaceApp app, string id, int?[] ratings, string[]? ranking, double daysAgo, CancellationToken ct)
    {
        var at = DateTimeOffset.UtcNow.AddDays(-daysAgo);
        await using var connection = await app.Data.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command("""
            insert into responses (response_id, survey_id, survey_version, journey, channel_id, customer_id, language, started_at, last_event_at, status, completed_at)
            values ($1, 'employee-pulse', 1, 'employee_pulse', 'msteams', 'msteams:' || $1, 'en', $2, $2, 'complete', $2)
            """, id, at));
        for (var i = 0; i < Pillars.Length; i++)
        {
            if (ratings[i] is not { } score) continue;
            batch.BatchCommands.Add(Command("""
                insert into answers (response_id, question_id, answer_id, revision, event, question_type, value, score, language, answered_at, stream_entry_id)
                values ($1, $2, $1 || ':' || $2, 0, 'answer', 'likert', $3, $4, 'en', $5, '0-1')
                """, id, Pillars[i], Jsonb(score.ToString(System.Globalization.CultureInfo.InvariantCulture)), (short)score, at));
        }

        if (ranking is not null)
        {
            batch.BatchCommands.Add(Command("""
                insert into answers (response_id, question_id, answer_id, revision, event, question_type, value, language, answered_at, stream_entry_id)
                values ($1, 'customer_priorities', $1 || ':customer_priorities', 0, 'answer', 'ranking', $2, 'en', $3, '0-2')
                """, id, Jsonb(JsonSerializer.Serialize(ranking)), at));
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A customer's open answer; analysed (with these themes and sentiments) unless <paramref name="themes"/> is null.</summary>
    public static async Task CustomerAsync(WorkspaceApp app, string id, string text, (string Theme, string Sentiment)[]? themes, double daysAgo, CancellationToken ct,
        string survey = "post-purchase", string journey = "purchase")
    {
        var at = DateTimeOffset.UtcNow.AddDays(-daysAgo);
        await using var connection = await app.Data.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command("""
            insert into responses (response_id, survey_id, survey_version, journey, channel_id, language, started_at, last_event_at, status, completed_at)
            values ($1, $2, 1, $3, 'webchat', 'en', $4, $4, 'complete', $4)
            """, id, survey, journey, at));
        batch.BatchCommands.Add(Command("""
            insert into answers (response_id, question_id, answer_id, revision, event, question_type, masked_text, language, answered_at, stream_entry_id)
            values ($1, 'reason', $1 || ':reason', 0, 'answer', 'open_text', $2, 'en', $3, '0-1')
            """, id, text, at));
        if (themes is not null)
        {
            batch.BatchCommands.Add(Command("""
                insert into analyses (response_id, question_id, sentiment, sentiment_score, churn_risk, wants_contact, pii_kinds, analyzer, analyzer_version, analyzed_at)
                values ($1, 'reason', 'neutral', 0, false, false, '{}', 'embedded', '1', $2)
                """, id, at));
            foreach (var (theme, sentiment) in themes)
            {
                batch.BatchCommands.Add(Command("insert into answer_themes (response_id, question_id, theme, sentiment, confidence) values ($1, 'reason', $2, $3, 0.9)", id, theme, sentiment));
            }
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Jsonb(string json) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = json };

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
