using CxBot.Workspace.Tests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Workspace.Tests.Themes;

/// <summary>A seeded theme of an answer as the analyzer would have stored it.</summary>
internal sealed record SeedTheme(string Theme, string Sentiment, params string[] Evidence);

/// <summary>Responses with an NPS answer and an analysed open-text answer ("why"), written straight into the store.</summary>
internal static class ThemeSeed
{
    public const string Question = "why";

    public static async Task AnswerAsync(
        WorkspaceApp app, string responseId, int? nps, double daysAgo, string? text, SeedTheme[] themes, CancellationToken ct,
        string sentiment = "neutral", bool churn = false, string language = "en", string channel = "webchat")
    {
        var at = DateTimeOffset.UtcNow.AddDays(-daysAgo).UtcDateTime;
        await using var connection = await app.Data.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command("""
            insert into responses (response_id, survey_id, survey_version, journey, channel_id, language, started_at, last_event_at, status, completed_at)
            values ($1, 'post-purchase', 1, 'checkout', $2, $3, $4, $4, 'complete', $4)
            """, responseId, channel, language, at));
        if (nps is { } score)
        {
            batch.BatchCommands.Add(Command("""
                insert into answers (response_id, question_id, answer_id, revision, event, question_type, score, language, answered_at, stream_entry_id)
                values ($1, 'nps', $1 || ':nps:1', 1, 'answer', 'nps', $2, $3, $4, '0-1')
                """, responseId, (short)score, language, at));
        }

        if (text is not null)
        {
            batch.BatchCommands.Add(Command("""
                insert into answers (response_id, question_id, answer_id, revision, event, question_type, masked_text, language, answered_at, stream_entry_id, search)
                values ($1, 'why', $1 || ':why:1', 1, 'answer', 'open_text', $2, $3, $4, '0-2', to_tsvector(cx_search_config($3), $2))
                """, responseId, text, language, at));
            batch.BatchCommands.Add(Command("""
                insert into analyses (response_id, question_id, sentiment, sentiment_score, churn_risk, wants_contact, pii_kinds, analyzer, analyzer_version, analyzed_at)
                values ($1, 'why', $2, 0, $3, false, '{}', 'embedded', '1.0', now())
                """, responseId, sentiment, churn));
            foreach (var theme in themes)
            {
                var command = Command("insert into answer_themes (response_id, question_id, theme, sentiment, confidence, evidence) values ($1, 'why', $2, $3, 0.8, $4)",
                    responseId, theme.Theme, theme.Sentiment);
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = theme.Evidence });
                batch.BatchCommands.Add(command);
            }
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Six responses in the last three weeks and one a year ago (outside the 90-day period). NPS: r1 2, r2 10, r3 9,
    /// r4 5, r5 8, r6 0 (no text). Themes: delivery in r1 (negative), r2 (positive), r4 (negative) and the old one;
    /// staff_attitude in r1 (negative), r3 (positive); price_value in r5 (neutral).
    /// </summary>
    public static async Task StandardAsync(WorkspaceApp app, CancellationToken ct)
    {
        await AnswerAsync(app, "r1", 2, 1, "The courier was late and rude", [new("delivery", "negative", "courier was late"), new("staff_attitude", "negative", "rude")], ct, sentiment: "negative");
        await AnswerAsync(app, "r2", 10, 3, "Fast delivery, great", [new("delivery", "positive", "Fast delivery")], ct, sentiment: "positive");
        await AnswerAsync(app, "r3", 9, 8, "Nice staff in the shop", [new("staff_attitude", "positive", "Nice staff")], ct, sentiment: "positive");
        await AnswerAsync(app, "r4", 5, 12, "Delivery late again", [new("delivery", "negative", "Delivery late")], ct, sentiment: "negative");
        await AnswerAsync(app, "r5", 8, 16, "The price is fair", [new("price_value", "neutral", "price")], ct);
        await AnswerAsync(app, "r6", 0, 18, null, [], ct);
        await AnswerAsync(app, "old", 0, 200, "Delivery was late", [new("delivery", "negative", "Delivery was late")], ct, sentiment: "negative");
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
