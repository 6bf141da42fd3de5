using System.Text;
using CxBot.Responses.Metrics;
using CxBot.Responses.Privacy;
using CxBot.Responses.Tests.Infrastructure;
using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CxBot.Responses.Tests.Privacy;

public sealed class PrivacyTests(RedisServer redis, PostgresServer postgres)
{
    private const string Customer = "msteams:u-erase";
    private const string Secret = "zebracrossing";

    [Fact]
    public async Task Erasing_a_customer_leaves_no_table_key_or_stream_holding_their_id_or_text()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct, new() { ["Responses:KeepOriginalText"] = "true" });
        var conversation = new ConversationKey("msteams", "conv-e1");

        // Stored answers, an answer still in the stream, survey state and Bot Framework state, and another customer's data.
        await store.AddAsync([Answers.Score("e1", "nps", "nps", 3, customer: Customer), Answers.Open("e1", "why", $"the {Secret} store was closed", customer: Customer)], ct);
        await store.AddAsync([Answers.Score("o1", "nps", "nps", 9, customer: "crm:other"), Answers.Open("o1", "why", "kind staff", customer: "crm:other")], ct);
        await store.DrainAsync(ct);
        var conversations = store.Services.GetRequiredService<IConversationStore>();
        Assert.Equal(CommitOutcome.Saved, await conversations.CommitAsync(conversation,
            new TurnCommit(Encoding.UTF8.GetBytes($"{{\"customer\":\"{Customer}\",\"draft\":\"{Secret}\"}}"), null, "a1",
                [Answers.Open("e1", "more", $"also {Secret}", customer: Customer) with { ConversationId = "conv-e1" }]), ct));
        var botState = store.Services.GetRequiredService<IStorage>();
        await botState.WriteAsync(new Dictionary<string, object>
        {
            ["msteams/conversations/conv-e1"] = new Dictionary<string, object> { ["note"] = Secret },
            ["msteams/users/u-erase"] = new Dictionary<string, object> { ["name"] = Customer },
        }, ct);

        await store.Services.GetRequiredService<CustomerPrivacy>().SetContactPreferenceAsync(Customer, contactAllowed: false, ct);
        Assert.NotEmpty(await RedisKeysContainingAsync(store, Secret, ct));
        Assert.NotEmpty(await RedisKeysContainingAsync(store, "conv-e1", ct));
        Assert.NotEmpty(await PostgresRowsContainingAsync(store, Secret, ct));
        Assert.Contains("customer_preferences", await PostgresRowsContainingAsync(store, Customer, ct));

        var report = await store.Services.GetRequiredService<CustomerPrivacy>().EraseAsync(Customer, ct);

        Assert.True(report.Erased["postgres"] > 0 && report.Erased["redis"] > 0);
        foreach (var needle in new[] { Customer, Secret, "conv-e1" })
        {
            Assert.Empty(await PostgresRowsContainingAsync(store, needle, ct));
            Assert.Empty(await RedisKeysContainingAsync(store, needle, ct));
        }

        Assert.Equal(1, await store.ScalarAsync("select count(*) from responses where customer_id = 'crm:other'", ct));
        await store.DrainAsync(ct);
        Assert.Empty(await PostgresRowsContainingAsync(store, Customer, ct));
    }

    [Fact]
    public async Task Export_holds_the_customers_responses_answers_and_analyses()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync([Answers.Score("x1", "nps", "nps", 6, customer: "crm:exp"), Answers.Open("x1", "why", "write to me at ann@example.com", customer: "crm:exp")], ct);
        await store.AddAsync([Answers.Score("x2", "nps", "nps", 9, customer: "crm:someone-else")], ct);
        await store.DrainAsync(ct);

        var export = await store.Services.GetRequiredService<CustomerPrivacy>().ExportAsync("crm:exp", ct);

        var response = Assert.Single(export["responses"]!.AsArray());
        Assert.Equal("x1", response!["responseId"]!.GetValue<string>());
        var answers = response["answers"]!.AsArray();
        Assert.Equal(2, answers.Count);
        var open = answers.Single(a => a!["questionId"]!.GetValue<string>() == "why")!;
        Assert.Equal("write to me at [email]", open["text"]!.GetValue<string>());
        Assert.NotNull(open["analysis"]);
    }

    [Fact]
    public async Task Retention_purges_old_open_text_and_keeps_every_aggregate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct, new() { ["Responses:RetentionDays"] = "30" });
        await store.AddAsync([Answers.Score("old", "nps", "nps", 10), Answers.Open("old", "why", "The courier was very late")], ct);
        await store.DrainAsync(ct);
        var metrics = store.Services.GetRequiredService<MetricsQueries>();
        var march = new MetricFilter(new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        var npsBefore = await metrics.QueryAsync(MetricKind.Nps, march, null, null, ct);
        var themesBefore = await metrics.ThemesAsync(march, null, null, ct);

        // The answers are from March 2026, more than 30 days before the clock of any run of this test.
        Assert.Equal(1, await store.Services.GetRequiredService<RetentionPurge>().PurgeAsync(ct));

        Assert.Equal(0, await store.ScalarAsync("select count(*) from answers where masked_text is not null or original_text is not null or search is not null", ct));
        Assert.Equal(npsBefore, await metrics.QueryAsync(MetricKind.Nps, march, null, null, ct));
        Assert.Equal(themesBefore, await metrics.ThemesAsync(march, null, null, ct));
        Assert.Equal(1, await store.ScalarAsync("select count(*) from analyses", ct));
    }

    [Fact]
    public async Task Anonymous_answers_are_stored_without_customer_or_conversation_and_keep_only_their_slices()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct, new() { ["Responses:AnonymousContextKeys:0"] = "region" });
        var context = new Dictionary<string, string> { ["region"] = "north", ["order_id"] = "A-99812" };
        await store.AddAsync([Answers.Score("an1", "nps", "nps", 9, customer: "ignored", context: context) with { CustomerId = null, ConversationId = "" }], ct);
        await store.DrainAsync(ct);

        Assert.Equal(1, await store.ScalarAsync("select count(*) from responses where customer_id is null and conversation_id is null and context ->> 'region' = 'north'", ct));
        Assert.Empty(await PostgresRowsContainingAsync(store, "A-99812", ct));
    }

    private static async Task<List<string>> PostgresRowsContainingAsync(TestStore store, string needle, CancellationToken ct)
    {
        var tables = new List<string>();
        await using (var command = store.Postgres.CreateCommand("select tablename from pg_tables where schemaname = 'public'"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
        }

        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var command = store.Postgres.CreateCommand($"select count(*) from {table} x where strpos(x::text, $1) > 0");
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = needle });
            if ((long)(await command.ExecuteScalarAsync(ct))! > 0) found.Add(table);
        }

        return found;
    }

    private static async Task<List<string>> RedisKeysContainingAsync(TestStore store, string needle, CancellationToken ct)
    {
        var server = store.Services.GetRequiredService<IConnectionMultiplexer>().GetServers().Single();
        var db = store.Redis;
        var found = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: store.Prefix + ":*").WithCancellation(ct))
        {
            var content = new StringBuilder(key.ToString());
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.String: content.Append((string?)await db.StringGetAsync(key)); break;
                case RedisType.Hash: foreach (var e in await db.HashGetAllAsync(key)) content.Append(e.Name).Append(e.Value); break;
                case RedisType.Stream: foreach (var e in await db.StreamRangeAsync(key)) foreach (var v in e.Values) content.Append(v.Name).Append(v.Value); break;
                default: content.Append("?unknown type"); break;
            }

            if (content.ToString().Contains(needle, StringComparison.Ordinal)) found.Add(key.ToString());
        }

        return found;
    }
}
