using CxBot.Responses.Pipeline;
using CxBot.Responses.Tests.Infrastructure;
using CxBot.Storage;
using CxBot.Testing;

namespace CxBot.Responses.Tests.Cli;

public sealed class CommandTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task Db_migrate_reports_the_store_up_to_date_once_migrated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);

        var (code, output) = await CxbotProcess.RunAsync(store, ct, "db", "migrate");

        Assert.True(code == 0, output);
        Assert.Contains("db: up to date", output, StringComparison.Ordinal);
        var migrations = Directory.GetFiles(RepositoryPaths.InRoot("src", "CxBot.Responses", "Database", "Migrations"), "*.sql").Length;
        Assert.Equal(migrations, await store.ScalarAsync("select count(*) from schema_migrations", ct));
    }

    [Fact]
    public async Task Privacy_erase_removes_the_customer_and_keeps_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync([Answers.Score("ce1", "nps", "nps", 2, customer: "crm:gone"), Answers.Score("ce2", "nps", "nps", 8, customer: "crm:stays")], ct);
        await store.DrainAsync(ct);

        var (code, output) = await CxbotProcess.RunAsync(store, ct, "privacy", "erase", "--customer", "crm:gone");

        Assert.True(code == 0, output);
        Assert.Equal(0, await store.ScalarAsync("select count(*) from responses where customer_id = 'crm:gone'", ct));
        Assert.Equal(1, await store.ScalarAsync("select count(*) from responses where customer_id = 'crm:stays'", ct));
    }

    [Fact]
    public async Task Responses_replay_dead_letters_puts_them_back_for_the_workers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        var answer = Answers.Score("dl1", "nps", "nps", 7);
        var deadKey = AnswerPipeline.DeadLetterKey(store.Streams.ShardKeyOf(new ConversationKey(answer.ChannelId, answer.ConversationId)));
        await store.Redis.StreamAddAsync(deadKey, [.. Answers.Fields(answer), new(AnswerPipeline.ErrorField, "a fault since fixed"), new(AnswerPipeline.AttemptsField, 3)]);

        var (code, output) = await CxbotProcess.RunAsync(store, ct, "responses", "replay-dead-letters");
        await store.DrainAsync(ct);

        Assert.True(code == 0, output);
        Assert.Contains("responses: 1 dead letters back", output, StringComparison.Ordinal);
        Assert.Equal(7, await store.ScalarAsync("select score from answers where response_id = 'dl1'", ct));
        Assert.Equal(0, await store.Pipeline.DeadLetterCountAsync(ct));
    }
}
