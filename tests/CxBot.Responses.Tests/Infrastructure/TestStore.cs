using CxBot.Analysis;
using CxBot.Responses;
using CxBot.Responses.Pipeline;
using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StackExchange.Redis;

namespace CxBot.Responses.Tests.Infrastructure;

/// <summary>
/// A response store of one test's own: a fresh database on the shared PostgreSQL and a fresh key prefix
/// on the shared Redis, with the real services (storage, embedded analyzer, pipeline) built around them.
/// </summary>
internal sealed class TestStore : IAsyncDisposable
{
    private TestStore(IHost host, string database, string prefix, string redis, string postgres)
    {
        Host = host;
        Database = database;
        Prefix = prefix;
        RedisConnection = redis;
        PostgresConnection = postgres;
    }

    public IHost Host { get; }

    public string Database { get; }

    public string Prefix { get; }

    public string RedisConnection { get; }

    public string PostgresConnection { get; }

    public IServiceProvider Services => Host.Services;

    public AnswerPipeline Pipeline => Services.GetRequiredService<AnswerPipeline>();

    public IDatabase Redis => Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    public IAnswerStream Streams => Services.GetRequiredService<IAnswerStream>();

    public NpgsqlDataSource Postgres => Services.GetRequiredService<NpgsqlDataSource>();

    public static async Task<TestStore> CreateAsync(
        RedisServer redis, PostgresServer postgres, CancellationToken ct,
        Dictionary<string, string?>? settings = null, ITextAnalyzer? analyzer = null, bool runWorkers = false)
    {
        var database = PostgresServer.NewDatabaseName();
        await using (var admin = new NpgsqlConnection(postgres.ConnectionString()))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"create database {database}", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        var prefix = RedisServer.NewPrefix();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["ConnectionStrings:Postgres"] = postgres.ConnectionString(database),
            ["Redis:KeyPrefix"] = prefix,
            ["Redis:AnswerStreamShards"] = "4",
            ["Responses:ClaimIdleSeconds"] = "1",
            ["Responses:MaxAttempts"] = "3",
            ["Responses:PollMilliseconds"] = "20",
            ["Responses:MaxBackoffMilliseconds"] = "300",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? [])
        {
            config[k] = v;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddCxBotStorage();
        builder.AddCxBotAnalysis();
        if (analyzer is not null)
        {
            builder.Services.AddSingleton(analyzer);
        }

        builder.AddCxBotResponses(runWorkers);
        var host = builder.Build();
        await host.StartAsync(ct);
        await host.Services.GetRequiredService<Database.DatabaseSchema>().EnsureAsync(ct);
        await host.Services.GetRequiredService<AnswerPipeline>().EnsureGroupsAsync(ct);
        return new TestStore(host, database, prefix, redis.ConnectionString, postgres.ConnectionString(database));
    }

    /// <summary>Appends answers to their conversations' stream shards, as the turn's commit does.</summary>
    public async Task AddAsync(IEnumerable<AnswerRecord> answers, CancellationToken ct)
    {
        var batch = Redis.CreateBatch();
        var tasks = new List<Task>();
        foreach (var answer in answers)
        {
            var key = answer.ConversationId.Length > 0
                ? Streams.ShardKeyOf(new ConversationKey(answer.ChannelId, answer.ConversationId))
                : Streams.ShardKeys[0];
            tasks.Add(batch.StreamAddAsync(key, Answers.Fields(answer)));
        }

        batch.Execute();
        await Task.WhenAll(tasks).WaitAsync(ct);
    }

    /// <summary>Runs the pipeline in this process until nothing is left to handle.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (await Pipeline.RunOnceAsync(ct) > 0)
        {
        }
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var command = Postgres.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits, polling, until <paramref name="condition"/> holds, failing after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken ct, Func<Task<string>>? describe = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!await condition())
        {
            try
            {
                await tick.WaitForNextTickAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}. {(describe is null ? "" : await describe())}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(CancellationToken.None);
        }
        finally
        {
            Host.Dispose();
        }
    }
}

/// <summary>Answers for tests, in the stream's wire format.</summary>
internal static class Answers
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static AnswerRecord Score(string response, string question, string type, int value, int minute = 0, string customer = "crm:1",
        string channel = "msteams", string language = "en", string survey = "post-purchase", int revision = 0,
        IReadOnlyDictionary<string, string>? context = null) =>
        new($"{response}:{question}:{revision}", response, AnswerRecord.AnswerEvent, survey, 1, question, type, value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            value.ToString(System.Globalization.CultureInfo.InvariantCulture), language, channel, "conv-" + response, customer, Start.AddMinutes(minute), revision, context);

    public static AnswerRecord Open(string response, string question, string text, string language = "en", string customer = "crm:1", int minute = 0, string channel = "msteams") =>
        new($"{response}:{question}:0", response, AnswerRecord.AnswerEvent, "post-purchase", 1, question, "open_text", text, null,
            language, channel, "conv-" + response, customer, Start.AddMinutes(minute), 0, null);

    public static AnswerRecord Event(string response, string kind, int minute = 0, string customer = "crm:1") =>
        new($"{response}:{kind}", response, kind, "post-purchase", 1, null, null, null, null, "en", "msteams", "conv-" + response, customer, Start.AddMinutes(minute), 0, null);

    public static NameValueEntry[] Fields(AnswerRecord a)
    {
        var fields = new List<NameValueEntry>
        {
            new("answerId", a.AnswerId), new("responseId", a.ResponseId), new("event", a.Event), new("surveyId", a.SurveyId),
            new("surveyVersion", a.SurveyVersion), new("language", a.Language), new("channelId", a.ChannelId),
            new("conversationId", a.ConversationId), new("answeredAt", a.AnsweredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            new("revision", a.Revision),
        };
        if (a.QuestionId is { } q) fields.Add(new("questionId", q));
        if (a.QuestionType is { } t) fields.Add(new("questionType", t));
        if (a.Text is { } x) fields.Add(new("text", x));
        if (a.ValueJson is { } v) fields.Add(new("value", v));
        if (a.CustomerId is { } c) fields.Add(new("customerId", c));
        if (a.Context is { Count: > 0 } context)
        {
            fields.Add(new("context", System.Text.Json.JsonSerializer.Serialize(context)));
        }

        return [.. fields];
    }
}
