using System.Diagnostics;
using CxBot.Analysis;
using CxBot.Responses.Pipeline;
using CxBot.Responses.Tests.Infrastructure;
using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CxBot.Responses.Tests.Pipeline;

public sealed class PipelineTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private static IEnumerable<AnswerRecord> Survey(int responses, string run)
    {
        for (var r = 0; r < responses; r++)
        {
            var id = $"{run}r{r}";
            yield return Answers.Score(id, "nps", "nps", r % 11, r, customer: $"crm:{r}");
            yield return Answers.Score(id, "csat", "csat", 1 + r % 5, r, customer: $"crm:{r}");
            yield return Answers.Score(id, "ces", "ces", 1 + r % 7, r, customer: $"crm:{r}");
            yield return Answers.Open(id, "why", r % 2 == 0 ? "Courier was late again, call me at +48 601 234 567" : "Lovely staff and quick refund", customer: $"crm:{r}", minute: r);
            yield return Answers.Event(id, AnswerRecord.CompleteEvent, r, customer: $"crm:{r}");
        }
    }

    [Fact]
    public async Task Ten_thousand_answers_arrive_exactly_once_even_when_some_are_delivered_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        var answers = Survey(2_500, "x").ToList();
        await store.AddAsync(answers, ct);

        // A channel or a replay may append the same answer again: the same answer id must not count twice.
        await store.AddAsync(answers.Take(500), ct);
        await store.DrainAsync(ct);

        Assert.Equal(10_000, await store.ScalarAsync("select count(*) from answers", ct));
        Assert.Equal(10_000, await store.ScalarAsync("select count(distinct answer_id) from answers", ct));
        Assert.Equal(2_500, await store.ScalarAsync("select count(*) from responses where status = 'complete'", ct));
        Assert.Equal(1_250, await store.ScalarAsync("select count(*) from answers where masked_text like '%[phone]%'", ct));
        Assert.Equal(0, await store.ScalarAsync("select count(*) from answers where masked_text like '%601%' or original_text is not null", ct));
        Assert.Equal(0, await store.Pipeline.LagAsync(ct));
        Assert.Equal(0, await store.Streams.CountAsync(ct));
    }

    [Fact]
    public async Task A_later_revision_supersedes_the_earlier_whatever_order_they_arrive_in()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync([Answers.Score("rv", "nps", "nps", 9, revision: 2), Answers.Score("rv", "nps", "nps", 3, revision: 1)], ct);
        await store.DrainAsync(ct);

        Assert.Equal(9, await store.ScalarAsync("select score from answers where response_id = 'rv'", ct));
        Assert.Equal(2, await store.ScalarAsync("select revision from answers where response_id = 'rv'", ct));
    }

    [Fact]
    public async Task A_worker_process_killed_mid_batch_loses_nothing_and_doubles_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        var answers = Survey(2_000, "k").ToList();
        await store.AddAsync(answers, ct);
        var expected = answers.Count(a => a.QuestionId is not null);

        using (var worker = StartWorker(store))
        {
            try
            {
                await TestStore.WaitUntilAsync(async () => await store.ScalarAsync("select count(*) from answers", ct) > 0, Bound, "the worker to store answers", ct);
                worker.Kill();
                await worker.WaitForExitAsync(ct).WaitAsync(Bound, ct);
            }
            finally
            {
                if (!worker.HasExited) worker.Kill();
            }
        }

        var stored = await store.ScalarAsync("select count(*) from answers", ct);
        Assert.InRange(stored, 1, expected - 1);

        // Another worker claims what the dead one left pending (idle > 1 s) and stores the rest.
        await TestStore.WaitUntilAsync(async () =>
        {
            await store.Pipeline.RunOnceAsync(ct);
            return await store.Pipeline.LagAsync(ct) == 0;
        }, Bound, "the entries left by the killed worker", ct);

        Assert.Equal(expected, await store.ScalarAsync("select count(*) from answers", ct));
        Assert.Equal(expected, await store.ScalarAsync("select count(distinct answer_id) from answers", ct));
        Assert.Equal(2_000, await store.ScalarAsync("select count(*) from responses where status = 'complete'", ct));
        Assert.Equal(0, await store.Streams.CountAsync(ct));
    }

    [Fact]
    public async Task A_poison_entry_lands_in_the_dead_letter_stream_and_replays_after_the_fault_is_fixed()
    {
        var ct = TestContext.Current.CancellationToken;
        var analyzer = new FaultyAnalyzer();
        await using var store = await TestStore.CreateAsync(redis, postgres, ct, analyzer: analyzer);
        await store.AddAsync(
        [
            Answers.Open("p1", "why", "fine service"),
            Answers.Open("p2", "why", "this one breaks the analyzer"),
            Answers.Open("p3", "why", "slow delivery"),
        ], ct);

        await TestStore.WaitUntilAsync(async () =>
        {
            await store.Pipeline.RunOnceAsync(ct);
            return await store.Pipeline.DeadLetterCountAsync(ct) == 1;
        }, Bound, "the poison entry to be dead-lettered", ct);

        Assert.Equal(2, await store.ScalarAsync("select count(*) from answers", ct));
        var deadKey = AnswerPipeline.DeadLetterKey(store.Streams.ShardKeyOf(new ConversationKey("msteams", "conv-p2")));
        var dead = Assert.Single(await store.Redis.StreamRangeAsync(deadKey));
        Assert.Contains("breaks", dead.Values.Single(v => v.Name == AnswerPipeline.ErrorField).Value.ToString(), StringComparison.Ordinal);
        Assert.Equal("3", dead.Values.Single(v => v.Name == AnswerPipeline.AttemptsField).Value.ToString());
        Assert.Equal(0, await store.Pipeline.LagAsync(ct));

        analyzer.Broken = false;
        Assert.Equal(1, await store.Pipeline.ReplayDeadLettersAsync(ct));
        await store.DrainAsync(ct);

        Assert.Equal(3, await store.ScalarAsync("select count(*) from answers", ct));
        Assert.Equal(0, await store.Pipeline.DeadLetterCountAsync(ct));
    }

    [Fact]
    public async Task While_PostgreSQL_is_down_entries_wait_in_Redis_and_flow_when_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var own = await PostgresServer.StartNewAsync(ct);
        await using var store = await TestStore.CreateAsync(redis, own, ct, runWorkers: true);
        var metrics = store.Services.GetRequiredService<PipelineMetrics>();
        var answers = Survey(60, "d").ToList();
        await store.AddAsync(answers.Take(100), ct);
        await TestStore.WaitUntilAsync(async () => await store.ScalarAsync("select count(*) from answers", ct) == 80, Bound, "the first answers", ct);

        await own.StopAsync(ct);
        var failuresBefore = metrics.FailuresTotal;
        await store.AddAsync(answers.Skip(100), ct);
        await TestStore.WaitUntilAsync(() => Task.FromResult(metrics.FailuresTotal >= failuresBefore + 3), Bound, "the worker to meet the outage", ct);
        Assert.Equal(200, await store.Streams.CountAsync(ct));

        await own.StartAsync(ct);
        await TestStore.WaitUntilAsync(async () =>
        {
            try
            {
                return await store.ScalarAsync("select count(*) from answers", ct) == 240 && await store.Pipeline.LagAsync(ct) == 0;
            }
            catch (Npgsql.NpgsqlException)
            {
                return false;
            }
        }, Bound, "the waiting entries to flow", ct, async () => $"dead letters {await store.Pipeline.DeadLetterCountAsync(ct)}, lag {await store.Pipeline.LagAsync(ct)}, failures {metrics.FailuresTotal}");
        Assert.Equal(240, await store.ScalarAsync("select count(distinct answer_id) from answers", ct));
        Assert.Equal(60, await store.ScalarAsync("select count(*) from responses where status = 'complete'", ct));
    }

    private static Process StartWorker(TestStore store)
    {
        var start = CxbotProcess.StartInfo(store, "worker");
        start.Environment["Responses__BatchSize"] = "10";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>An analyzer that fails on one text while <see cref="Broken"/>, like a bug fixed by a later deploy.</summary>
    private sealed class FaultyAnalyzer : ITextAnalyzer
    {
        public volatile bool Broken = true;

        public Task<IReadOnlyList<TextAnalysis>> AnalyzeAsync(IReadOnlyList<AnalysisRequest> batch, CancellationToken cancellationToken)
        {
            if (Broken && batch.Any(r => r.Text.Contains("breaks", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException("The analyzer breaks on this text.");
            }

            return Task.FromResult<IReadOnlyList<TextAnalysis>>([.. batch.Select(r => new TextAnalysis(
                r.Id, r.Language ?? "en", Sentiment.Neutral, 0, [], false, false, [], r.Text, true, new AnalysisConfidence(1, 1, 1, 1), "test"))]);
        }
    }
}
