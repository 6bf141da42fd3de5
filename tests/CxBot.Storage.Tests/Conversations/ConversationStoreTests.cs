using System.Text;
using CxBot.Testing;
using StackExchange.Redis;

namespace CxBot.Storage.Tests.Conversations;

public sealed class ConversationStoreTests : IDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly TestStores _stores;
    private readonly ConversationKey _conversation = new("webchat", "conv-7f3a");

    public ConversationStoreTests(RedisServer server)
    {
        _redis = server.Connect();
        _stores = new TestStores(_redis, RedisServer.NewPrefix());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IConversationStore Store => _stores.Conversations;

    public void Dispose() => _redis.Dispose();

    [Fact]
    public async Task A_conversation_never_saved_loads_empty()
    {
        var snapshot = await Store.LoadAsync(_conversation, "act-1", Ct);

        Assert.Null(snapshot.State);
        Assert.Null(snapshot.Version);
        Assert.False(snapshot.ActivitySeen);
    }

    [Fact]
    public async Task A_first_commit_saves_the_state_with_a_version()
    {
        var state = "{\"survey\":\"post-purchase\",\"at\":1}"u8.ToArray();

        var outcome = await Store.CommitAsync(_conversation, new TurnCommit(state, null, "act-1", []), Ct);
        var snapshot = await Store.LoadAsync(_conversation, null, Ct);

        Assert.Equal(CommitOutcome.Saved, outcome);
        Assert.Equal(state, snapshot.State);
        Assert.NotNull(snapshot.Version);
    }

    [Fact]
    public async Task Every_commit_makes_a_new_version()
    {
        await Store.CommitAsync(_conversation, new TurnCommit([1], null, null, []), Ct);
        var first = await Store.LoadAsync(_conversation, null, Ct);

        var outcome = await Store.CommitAsync(_conversation, new TurnCommit([2], first.Version, null, []), Ct);
        var second = await Store.LoadAsync(_conversation, null, Ct);

        Assert.Equal(CommitOutcome.Saved, outcome);
        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal([2], second.State);
    }

    [Fact]
    public async Task Stale_version_is_not_saved_and_records_no_answer()
    {
        await Store.CommitAsync(_conversation, new TurnCommit([1], null, null, [TestAnswers.For(_conversation, "nps", "9")]), Ct);
        var loaded = await Store.LoadAsync(_conversation, null, Ct);
        await Store.CommitAsync(_conversation, new TurnCommit([2], loaded.Version, null, [TestAnswers.For(_conversation, "reason", "fast")]), Ct);

        var outcome = await Store.CommitAsync(
            _conversation, new TurnCommit([3], loaded.Version, null, [TestAnswers.For(_conversation, "csat", "5")]), Ct);

        Assert.Equal(CommitOutcome.Conflict, outcome);
        Assert.Equal([2], (await Store.LoadAsync(_conversation, null, Ct)).State);
        var answers = await _stores.Answers.ReadAllAsync(Ct);
        Assert.Equal(["nps", "reason"], answers.Select(a => a.QuestionId));
    }

    [Fact]
    public async Task A_new_conversation_commit_conflicts_when_one_already_exists()
    {
        await Store.CommitAsync(_conversation, new TurnCommit([1], null, null, []), Ct);

        var outcome = await Store.CommitAsync(_conversation, new TurnCommit([9], null, null, []), Ct);

        Assert.Equal(CommitOutcome.Conflict, outcome);
        Assert.Equal([1], (await Store.LoadAsync(_conversation, null, Ct)).State);
    }

    [Fact]
    public async Task An_expected_version_for_a_missing_conversation_conflicts()
    {
        await Store.CommitAsync(_conversation, new TurnCommit([1], null, null, []), Ct);
        var loaded = await Store.LoadAsync(_conversation, null, Ct);
        await Store.DeleteAsync(_conversation, Ct);

        var outcome = await Store.CommitAsync(_conversation, new TurnCommit([2], loaded.Version, null, []), Ct);

        Assert.Equal(CommitOutcome.Conflict, outcome);
        Assert.Null((await Store.LoadAsync(_conversation, null, Ct)).State);
    }

    [Fact]
    public async Task A_version_that_is_not_one_of_ours_conflicts()
    {
        await Store.CommitAsync(_conversation, new TurnCommit([1], null, null, []), Ct);

        var outcome = await Store.CommitAsync(_conversation, new TurnCommit([2], "not-a-version", null, []), Ct);

        Assert.Equal(CommitOutcome.Conflict, outcome);
    }

    [Fact]
    public async Task A_redelivered_activity_is_a_duplicate_and_writes_nothing()
    {
        var answer = TestAnswers.For(_conversation, "nps", "nine");
        await Store.CommitAsync(_conversation, new TurnCommit([1], null, "act-1", [answer]), Ct);
        var loaded = await Store.LoadAsync(_conversation, "act-1", Ct);

        var outcome = await Store.CommitAsync(_conversation, new TurnCommit([2], loaded.Version, "act-1", [answer]), Ct);

        Assert.True(loaded.ActivitySeen);
        Assert.Equal(CommitOutcome.Duplicate, outcome);
        var after = await Store.LoadAsync(_conversation, null, Ct);
        Assert.Equal(loaded.Version, after.Version);
        Assert.Equal([1], after.State);
        Assert.Equal(1, await _stores.Answers.CountAsync(Ct));
    }

    [Fact]
    public async Task A_redelivery_is_recognised_even_with_a_stale_version()
    {
        await Store.CommitAsync(_conversation, new TurnCommit([1], null, "act-1", []), Ct);

        var outcome = await Store.CommitAsync(_conversation, new TurnCommit([2], null, "act-1", []), Ct);

        Assert.Equal(CommitOutcome.Duplicate, outcome);
    }

    [Fact]
    public async Task Another_activity_is_not_seen()
    {
        await Store.CommitAsync(_conversation, new TurnCommit([1], null, "act-1", []), Ct);

        var snapshot = await Store.LoadAsync(_conversation, "act-2", Ct);

        Assert.False(snapshot.ActivitySeen);
    }

    [Fact]
    public async Task Activity_ids_are_remembered_for_the_last_twenty_turns_only()
    {
        const int turns = ConversationRecord.RememberedActivities + 5;
        string? version = null;
        for (var i = 0; i < turns; i++)
        {
            Assert.Equal(CommitOutcome.Saved, await Store.CommitAsync(_conversation, new TurnCommit([(byte)i], version, $"act-{i}", []), Ct));
            version = (await Store.LoadAsync(_conversation, null, Ct)).Version;
        }

        for (var i = 0; i < turns; i++)
        {
            var seen = (await Store.LoadAsync(_conversation, $"act-{i}", Ct)).ActivitySeen;
            Assert.Equal(i >= turns - ConversationRecord.RememberedActivities, seen);
        }
    }

    [Fact]
    public async Task Answers_are_recorded_in_the_conversations_stream_shard_with_every_field()
    {
        var context = new Dictionary<string, string> { ["orderId"] = "A-1001", ["store"] = "Kraków" };
        AnswerRecord[] answers =
        [
            TestAnswers.For(_conversation, "nps", "dziewięć 👍") with { Context = context, Language = "pl" },
            new("resp-1:reason", "resp-1", AnswerRecord.SkipEvent, "post-purchase", 3, "reason", "open_text",
                null, null, "pl", "webchat", "conv-7f3a", null, DateTimeOffset.UnixEpoch, 0, null),
        ];

        await Store.CommitAsync(_conversation, new TurnCommit([1], null, null, answers), Ct);

        var read = await _stores.Answers.ReadAllAsync(Ct);
        Assert.Equal(2, read.Count);
        TestAnswers.AssertSame(answers[0], read[0]);
        TestAnswers.AssertSame(answers[1], read[1]);
        var shard = _stores.Answers.ShardKeyOf(_conversation);
        Assert.Equal(2, await _stores.Db.StreamLengthAsync(shard));
    }

    [Fact]
    public async Task Ten_thousand_characters_of_open_text_are_stored_whole()
    {
        var text = string.Concat(Enumerable.Repeat("Delivery was late again. ", 400));
        var answer = TestAnswers.For(_conversation, "reason", text);

        await Store.CommitAsync(_conversation, new TurnCommit([1], null, null, [answer]), Ct);

        var read = Assert.Single(await _stores.Answers.ReadAllAsync(Ct));
        Assert.Equal(10_000, read.Text!.Length);
        Assert.Equal(text, read.Text);
    }

    [Fact]
    public async Task Every_commit_refreshes_the_idle_expiry()
    {
        var stores = new TestStores(_redis, RedisServer.NewPrefix(), ttlDays: 2);
        await stores.Conversations.CommitAsync(_conversation, new TurnCommit([1], null, null, []), Ct);
        var key = stores.Keys.Conversation(_conversation);
        await stores.Db.KeyExpireAsync(key, TimeSpan.FromMinutes(1));
        var version = (await stores.Conversations.LoadAsync(_conversation, null, Ct)).Version;

        await stores.Conversations.CommitAsync(_conversation, new TurnCommit([2], version, null, []), Ct);

        var ttl = await stores.Db.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(2));
    }

    [Fact]
    public async Task Answer_streams_do_not_expire()
    {
        await Store.CommitAsync(_conversation, new TurnCommit([1], null, null, [TestAnswers.For(_conversation, "nps", "9")]), Ct);

        var ttl = await _stores.Db.KeyTimeToLiveAsync(_stores.Answers.ShardKeyOf(_conversation));

        Assert.Null(ttl);
    }

    [Fact]
    public async Task Deleting_forgets_the_state_but_keeps_the_answers()
    {
        await Store.CommitAsync(_conversation, new TurnCommit([1], null, null, [TestAnswers.For(_conversation, "nps", "9")]), Ct);

        await Store.DeleteAsync(_conversation, Ct);

        Assert.Null((await Store.LoadAsync(_conversation, null, Ct)).State);
        Assert.Equal(1, await _stores.Answers.CountAsync(Ct));
    }

    [Fact]
    public async Task A_cancelled_commit_sends_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Store.CommitAsync(_conversation, new TurnCommit([1], null, "act-1", [TestAnswers.For(_conversation, "nps", "9")]), cancelled.Token));

        Assert.Null((await Store.LoadAsync(_conversation, null, Ct)).State);
        Assert.Equal(0, await _stores.Answers.CountAsync(Ct));
    }

    [Fact]
    public async Task Two_turns_committed_at_once_from_one_version_save_exactly_one()
    {
        const int rounds = 40;
        var saved = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            // Both turns load before either commits, so they start from the same version.
            var snapshots = await Task.WhenAll(Store.LoadAsync(_conversation, null, Ct), Store.LoadAsync(_conversation, null, Ct));
            var outcomes = await Task.WhenAll(new[] { "a", "b" }.Select((turn, i) => Task.Run(() => Store.CommitAsync(
                _conversation,
                new TurnCommit([(byte)round], snapshots[i].Version, $"{turn}-{round}", [TestAnswers.For(_conversation, $"{turn}-{round}", "ok")]),
                Ct), Ct)));

            Assert.Equal(snapshots[0].Version, snapshots[1].Version);
            Assert.Equal([CommitOutcome.Saved, CommitOutcome.Conflict], outcomes.Order());
            saved.Add(outcomes[0] == CommitOutcome.Saved ? $"a-{round}" : $"b-{round}");
        }

        var recorded = (await _stores.Answers.ReadAllAsync(Ct)).Select(a => a.QuestionId);
        Assert.Equal(saved, recorded);
    }

    [Fact]
    public async Task Racing_turns_save_once_per_version_and_lose_or_double_no_answer()
    {
        const int turnsPerWorker = 60;
        var savedFrom = new System.Collections.Concurrent.ConcurrentBag<string>();
        var conflicts = 0;

        async Task WorkerAsync(string worker)
        {
            for (var turn = 0; turn < turnsPerWorker; turn++)
            {
                for (var attempt = 1; ; attempt++)
                {
                    Assert.True(attempt < 1_000, "a worker never got a turn through");
                    var snapshot = await Store.LoadAsync(_conversation, null, Ct);
                    var count = snapshot.State is null ? 0 : int.Parse(Encoding.ASCII.GetString(snapshot.State), System.Globalization.CultureInfo.InvariantCulture);
                    var state = Encoding.ASCII.GetBytes((count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    var answer = TestAnswers.For(_conversation, $"{worker}-{turn}", "ok");
                    var outcome = await Store.CommitAsync(_conversation, new TurnCommit(state, snapshot.Version, $"{worker}-{turn}", [answer]), Ct);
                    if (outcome == CommitOutcome.Saved)
                    {
                        savedFrom.Add(snapshot.Version ?? "(new)");
                        break;
                    }

                    Assert.Equal(CommitOutcome.Conflict, outcome);
                    Interlocked.Increment(ref conflicts);
                }
            }
        }

        await Task.WhenAll(Task.Run(() => WorkerAsync("a"), Ct), Task.Run(() => WorkerAsync("b"), Ct));

        var final = await Store.LoadAsync(_conversation, null, Ct);
        Assert.Equal("120", Encoding.ASCII.GetString(final.State!));
        Assert.Equal(2 * turnsPerWorker, savedFrom.Distinct().Count());
        var recorded = (await _stores.Answers.ReadAllAsync(Ct)).Select(a => a.QuestionId).Order(StringComparer.Ordinal);
        var expected = new[] { "a", "b" }.SelectMany(w => Enumerable.Range(0, turnsPerWorker).Select(t => $"{w}-{t}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, recorded);
        TestContext.Current.TestOutputHelper?.WriteLine($"{conflicts} conflicts resolved by reloading");
    }
}
