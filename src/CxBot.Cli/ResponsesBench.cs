using System.Diagnostics;
using System.Globalization;
using CxBot.Responses.Database;
using CxBot.Responses.Metrics;
using CxBot.Responses.Pipeline;
using CxBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;

namespace CxBot.Cli;

/// <summary>
/// cxbot responses bench: (1) the pipeline's throughput with the configured analyzer: answers pushed to
/// the answer streams, one worker drains them into PostgreSQL; (2) a metrics query over N stored
/// answers generated with COPY. Run it against a throw-away database and Redis prefix.
/// </summary>
internal static class ResponsesBench
{
    private static readonly string[] Texts =
    [
        "The delivery was late and nobody answered the phone",
        "Great prices, friendly staff, I will buy again",
        "Доставка задержалась на неделю, поддержка не отвечает",
        "Obsługa była bardzo miła, ale aplikacja się zawiesza",
        "Livrarea a fost rapidă, dar produsul era deteriorat",
        "Please call me back about my refund at anna@example.com",
    ];

    public static async Task RunAsync(IServiceProvider services, int storedAnswers, TextWriter stdout, CancellationToken ct)
    {
        await services.GetRequiredService<DatabaseSchema>().EnsureAsync(ct);
        await PipelineAsync(services, 20_000, stdout, ct);
        await MetricsAsync(services, storedAnswers, stdout, ct);
    }

    private static async Task PipelineAsync(IServiceProvider services, int count, TextWriter stdout, CancellationToken ct)
    {
        var streams = services.GetRequiredService<IAnswerStream>();
        var db = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var pipeline = services.GetRequiredService<AnswerPipeline>();
        await pipeline.EnsureGroupsAsync(ct);
        var at = DateTimeOffset.UtcNow;
        var batch = db.CreateBatch();
        var adds = new List<Task>(count);
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < count; i++)
        {
            // Two in five answers are open text, the others NPS scores: a typical survey mix.
            var response = $"bench{run}r{i / 5}";
            var open = i % 5 >= 3;
            var question = open ? $"q{i % 5}" : $"nps{i % 5}";
            var key = streams.ShardKeys[i % streams.ShardKeys.Count];
            adds.Add(batch.StreamAddAsync(key,
            [
                new("answerId", $"{response}:{question}:0"), new("responseId", response), new("event", "answer"),
                new("surveyId", "bench"), new("surveyVersion", 1), new("questionId", question),
                new("questionType", open ? "open_text" : "nps"), open ? new("text", Texts[i % Texts.Length]) : new("value", (i % 11).ToString(CultureInfo.InvariantCulture)),
                new("language", "en"), new("channelId", "bench"), new("conversationId", response), new("customerId", $"bench:{i / 5}"),
                new("answeredAt", at.ToString("O", CultureInfo.InvariantCulture)), new("revision", 0),
            ]));
        }

        batch.Execute();
        await Task.WhenAll(adds).WaitAsync(ct);
        var watch = Stopwatch.StartNew();
        var done = 0;
        while (done < count)
        {
            var handled = await pipeline.RunOnceAsync(ct);
            if (handled == 0) break;
            done += handled;
        }

        watch.Stop();
        await stdout.WriteLineAsync($"bench: pipeline stored {done} answers (40% open text) in {watch.Elapsed.TotalSeconds:F1} s = {done / watch.Elapsed.TotalSeconds:F0} answers/s (one worker)");
    }

    private static async Task MetricsAsync(IServiceProvider services, int count, TextWriter stdout, CancellationToken ct)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var watch = Stopwatch.StartNew();
        var random = new Random(7);
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            var run = Guid.NewGuid().ToString("N")[..8];
            var responses = count / 2;
            await using (var writer = await connection.BeginBinaryImportAsync(
                "copy responses (response_id, survey_id, survey_version, journey, channel_id, conversation_id, customer_id, language, context, started_at, last_event_at, status) from stdin (format binary)", ct))
            {
                string[] channels = ["msteams", "telegram", "webchat", "sms"];
                string[] languages = ["en", "ru", "pl", "ro"];
                for (var r = 0; r < responses; r++)
                {
                    var when = start.AddMinutes(r % (365 * 24 * 60)).UtcDateTime;
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync($"m{run}{r}", NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(r % 3 == 0 ? "support-ticket" : "post-purchase", NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(1, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(r % 3 == 0 ? "support_ticket_closed" : "purchase", NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(channels[r % 4], NpgsqlDbType.Text, ct);
                    await writer.WriteAsync($"c{r}", NpgsqlDbType.Text, ct);
                    await writer.WriteAsync($"cust{r}", NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(languages[r / 4 % 4], NpgsqlDbType.Text, ct);
                    await writer.WriteAsync($"{{\"region\":\"r{r % 5}\"}}", NpgsqlDbType.Jsonb, ct);
                    await writer.WriteAsync(when, NpgsqlDbType.TimestampTz, ct);
                    await writer.WriteAsync(when, NpgsqlDbType.TimestampTz, ct);
                    await writer.WriteAsync("complete", NpgsqlDbType.Text, ct);
                }

                await writer.CompleteAsync(ct);
            }

            await using (var writer = await connection.BeginBinaryImportAsync(
                "copy answers (response_id, question_id, answer_id, revision, event, question_type, score, language, answered_at, stream_entry_id) from stdin (format binary)", ct))
            {
                for (var r = 0; r < responses; r++)
                {
                    var when = start.AddMinutes(r % (365 * 24 * 60)).UtcDateTime;
                    foreach (var (question, type, score) in new[] { ("nps", "nps", random.Next(0, 11)), ("csat", "csat", random.Next(1, 6)) })
                    {
                        await writer.StartRowAsync(ct);
                        await writer.WriteAsync($"m{run}{r}", NpgsqlDbType.Text, ct);
                        await writer.WriteAsync(question, NpgsqlDbType.Text, ct);
                        await writer.WriteAsync($"m{run}{r}:{question}:0", NpgsqlDbType.Text, ct);
                        await writer.WriteAsync(0, NpgsqlDbType.Integer, ct);
                        await writer.WriteAsync("answer", NpgsqlDbType.Text, ct);
                        await writer.WriteAsync(type, NpgsqlDbType.Text, ct);
                        await writer.WriteAsync((short)score, NpgsqlDbType.Smallint, ct);
                        await writer.WriteAsync("en", NpgsqlDbType.Text, ct);
                        await writer.WriteAsync(when, NpgsqlDbType.TimestampTz, ct);
                        await writer.WriteAsync("0-0", NpgsqlDbType.Text, ct);
                    }
                }

                await writer.CompleteAsync(ct);
            }

            await using var analyze = new NpgsqlCommand("analyze responses; analyze answers", connection);
            await analyze.ExecuteNonQueryAsync(ct);
        }

        await stdout.WriteLineAsync($"bench: generated {count} stored answers in {watch.Elapsed.TotalSeconds:F1} s");
        var metrics = services.GetRequiredService<MetricsQueries>();
        var year = new MetricFilter(start, start.AddYears(1));
        foreach (var (name, by, slice) in new[] { ("NPS, whole year", (string?)null, (string?)null), ("NPS by month and channel", "month", "channel"), ("NPS by week and region (context)", "week", "context.region") })
        {
            await metrics.QueryAsync(MetricKind.Nps, year, by, slice, ct); // warm the cache: the figure is for a running system
            watch.Restart();
            var rows = await metrics.QueryAsync(MetricKind.Nps, year, by, slice, ct);
            await stdout.WriteLineAsync($"bench: {name}: {rows.Count} rows in {watch.Elapsed.TotalMilliseconds:F0} ms");
        }
    }
}
