using CxBot.Testing;
using CxBot.Workspace.Alerts;
using CxBot.Workspace.Cases;
using CxBot.Workspace.Database;
using CxBot.Workspace.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CxBot.Workspace.Tests.Cases;

/// <summary>Hand-made response rows (scores, text with the analyzer's flags) and case openers over a test's database.</summary>
internal static class CaseData
{
    /// <summary>The rules as the repository's appsettings.json ships them.</summary>
    public static CasesOptions ShippedOptions()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepositoryPaths.InRoot("appsettings.json")).Build();
        return configuration.GetSection(CasesOptions.Section).Get<CasesOptions>()!;
    }

    public static async Task SeedAsync(NpgsqlDataSource data, string responseId, CancellationToken ct, string? customer = null, int? nps = null, int? csat = null,
        string? text = null, bool churn = false, bool wantsContact = false, string channel = "telegram", string language = "en")
    {
        await using var connection = await data.OpenConnectionAsync(ct);
        await Execute(connection, """
            insert into responses (response_id, survey_id, survey_version, channel_id, conversation_id, customer_id, language, started_at, last_event_at, status)
            values ($1, 'post-purchase', 1, $2, $3, $4, $5, now(), now(), 'complete') on conflict do nothing
            """, ct, responseId, channel, customer is null ? DBNull.Value : $"conv-{responseId}", (object?)customer ?? DBNull.Value, language);
        foreach (var (metric, score) in new[] { ("nps", nps), ("csat", csat) })
        {
            if (score is { } s)
            {
                await Execute(connection, """
                    insert into answers (response_id, question_id, answer_id, revision, event, question_type, score, language, answered_at, stream_entry_id)
                    values ($1, $2, $1 || ':' || $2 || ':1', 1, 'answer', $2, $3, $4, now(), '0-1')
                    """, ct, responseId, metric, (short)s, language);
            }
        }

        if (text is not null)
        {
            await Execute(connection, """
                insert into answers (response_id, question_id, answer_id, revision, event, question_type, masked_text, language, answered_at, stream_entry_id)
                values ($1, 'comment', $1 || ':comment:1', 1, 'answer', 'open_text', $2, $3, now(), '0-2')
                """, ct, responseId, text, language);
            await Execute(connection, """
                insert into analyses (response_id, question_id, sentiment, sentiment_score, churn_risk, wants_contact, pii_kinds, analyzer, analyzer_version, analyzed_at)
                values ($1, 'comment', 'negative', -0.8, $2, $3, '{}', 'embedded', '1', now())
                """, ct, responseId, churn, wantsContact);
            await Execute(connection, "insert into answer_themes (response_id, question_id, theme, sentiment, confidence) values ($1, 'comment', 'delivery', 'negative', 0.9)",
                ct, responseId);
        }
    }

    public static CaseOpener Opener(WorkspaceApp app, CasesOptions options, IAlertOutbox? alerts = null, NpgsqlDataSource? data = null)
    {
        var services = new ServiceCollection();
        if (alerts is not null) services.AddSingleton(alerts);
        return new CaseOpener(data ?? app.App.Services.GetRequiredService<NpgsqlDataSource>(), app.App.Services.GetRequiredService<WorkspaceSchema>(),
            new Fixed<CasesOptions>(options), TimeProvider.System, services.BuildServiceProvider(), NullLogger<CaseOpener>.Instance);
    }

    public static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<string?> TextAsync(NpgsqlDataSource data, string sql, CancellationToken ct)
    {
        await using var command = data.CreateCommand(sql);
        return (await command.ExecuteScalarAsync(ct))?.ToString();
    }

    private sealed class Fixed<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}

/// <summary>
/// The alert outbox as its contract asks: it writes in the caller's transaction, here into a table of the test's own,
/// so a test sees that an alert exists exactly when the case that caused it was committed.
/// </summary>
internal sealed class TableAlertOutbox : IAlertOutbox
{
    private TableAlertOutbox()
    {
    }

    public static async Task<TableAlertOutbox> CreateAsync(NpgsqlDataSource data, CancellationToken ct)
    {
        await using var command = data.CreateCommand("create table test_alerts (case_id bigint, title text, link text)");
        await command.ExecuteNonQueryAsync(ct);
        return new TableAlertOutbox();
    }

    public async Task EnqueueAsync(CaseAlert alert, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            insert into test_alerts values ($1, $2, $3)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = alert.CaseId });
        command.Parameters.Add(new NpgsqlParameter { Value = alert.Title });
        command.Parameters.Add(new NpgsqlParameter { Value = alert.Link });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
