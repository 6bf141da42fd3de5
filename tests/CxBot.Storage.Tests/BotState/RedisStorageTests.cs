using CxBot.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using StackExchange.Redis;

namespace CxBot.Storage.Tests.BotState;

public sealed class RedisStorageTests : IDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly TestStores _stores;

    public RedisStorageTests(RedisServer server)
    {
        _redis = server.Connect();
        _stores = new TestStores(_redis, RedisServer.NewPrefix());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IStorage Storage => _stores.Storage;

    public void Dispose() => _redis.Dispose();

    [Fact]
    public async Task Reading_missing_keys_omits_them()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["present"] = new Note { Text = "x" } }, Ct);

        var items = await Storage.ReadAsync(["missing", "present", "also-missing"], Ct);

        Assert.Equal(["present"], items.Keys);
    }

    [Fact]
    public async Task Reading_no_keys_returns_nothing()
    {
        var items = await Storage.ReadAsync([], Ct);

        Assert.Empty(items);
    }

    [Fact]
    public async Task Created_items_read_back_and_store_items_carry_an_etag()
    {
        await Storage.WriteAsync(new Dictionary<string, object>
        {
            ["plain"] = new Note { Text = "hello", Count = 1 },
            ["item"] = new StoreNote { Text = "hi", Count = 2 },
        }, Ct);

        var items = await Storage.ReadAsync(["plain", "item"], Ct);

        var plain = ((JObject)items["plain"]).ToObject<Note>()!;
        var item = ((JObject)items["item"]).ToObject<StoreNote>()!;
        Assert.Equal(("hello", 1), (plain.Text, plain.Count));
        Assert.Equal(("hi", 2), (item.Text, item.Count));
        Assert.False(string.IsNullOrEmpty(item.ETag));
        Assert.False(((JObject)items["plain"]).ContainsKey("ETag"));
    }

    [Fact]
    public async Task Writing_with_the_current_etag_succeeds_and_makes_a_new_etag()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["item"] = new StoreNote { Count = 1 } }, Ct);
        var read = await ReadAsync<StoreNote>("item");

        read.Count = 2;
        await Storage.WriteAsync(new Dictionary<string, object> { ["item"] = read }, Ct);

        var reread = await ReadAsync<StoreNote>("item");
        Assert.Equal(2, reread.Count);
        Assert.NotEqual(read.ETag, reread.ETag);
    }

    [Fact]
    public async Task Writing_with_a_stale_etag_throws_and_keeps_the_stored_value()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["item"] = new StoreNote { Count = 1 } }, Ct);
        var first = await ReadAsync<StoreNote>("item");
        var second = await ReadAsync<StoreNote>("item");
        second.Count = 2;
        await Storage.WriteAsync(new Dictionary<string, object> { ["item"] = second }, Ct);

        first.Count = 99;
        var conflict = await Assert.ThrowsAsync<StorageConcurrencyException>(() =>
            Storage.WriteAsync(new Dictionary<string, object> { ["item"] = first }, Ct));

        Assert.Equal("item", conflict.Key);
        Assert.IsAssignableFrom<InvalidOperationException>(conflict);
        Assert.Equal(2, (await ReadAsync<StoreNote>("item")).Count);
    }

    [Fact]
    public async Task An_etag_for_an_item_that_no_longer_exists_throws()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["item"] = new StoreNote { Count = 1 } }, Ct);
        var read = await ReadAsync<StoreNote>("item");
        await Storage.DeleteAsync(["item"], Ct);

        await Assert.ThrowsAsync<StorageConcurrencyException>(() =>
            Storage.WriteAsync(new Dictionary<string, object> { ["item"] = read }, Ct));

        Assert.Empty(await Storage.ReadAsync(["item"], Ct));
    }

    [Theory]
    [InlineData("*")]
    [InlineData(null)]
    public async Task Wildcard_or_null_etag_overwrites_whatever_is_stored(string? eTag)
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["item"] = new StoreNote { Count = 1 } }, Ct);
        var read = await ReadAsync<StoreNote>("item");
        read.Count = 2;
        await Storage.WriteAsync(new Dictionary<string, object> { ["item"] = read }, Ct);

        await Storage.WriteAsync(new Dictionary<string, object> { ["item"] = new StoreNote { Count = 100, ETag = eTag } }, Ct);

        Assert.Equal(100, (await ReadAsync<StoreNote>("item")).Count);
    }

    [Fact]
    public async Task An_empty_etag_throws_and_writes_nothing_of_the_batch()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["item"] = new StoreNote { Count = 1 } }, Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => Storage.WriteAsync(new Dictionary<string, object>
        {
            ["other"] = new Note { Count = 5 },
            ["item"] = new StoreNote { Count = 2, ETag = string.Empty },
        }, Ct));

        Assert.Equal(1, (await ReadAsync<StoreNote>("item")).Count);
        Assert.Empty(await Storage.ReadAsync(["other"], Ct));
    }

    [Fact]
    public async Task A_conflict_leaves_the_rest_of_its_batch_unwritten()
    {
        var stores = new TestStores(_redis, RedisServer.NewPrefix(), shards: 1);
        await stores.Storage.WriteAsync(new Dictionary<string, object> { ["item"] = new StoreNote { Count = 1 } }, Ct);

        await Assert.ThrowsAsync<StorageConcurrencyException>(() => stores.Storage.WriteAsync(new Dictionary<string, object>
        {
            ["fresh"] = new Note { Count = 7 },
            ["item"] = new StoreNote { Count = 2, ETag = "stale" },
        }, Ct));

        Assert.Empty(await stores.Storage.ReadAsync(["fresh"], Ct));
    }

    [Fact]
    public async Task Plain_values_are_last_writer_wins()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["plain"] = new Note { Count = 1 } }, Ct);
        var stale = await ReadAsync<Note>("plain");
        await Storage.WriteAsync(new Dictionary<string, object> { ["plain"] = new Note { Count = 2 } }, Ct);

        stale.Count = 123;
        await Storage.WriteAsync(new Dictionary<string, object> { ["plain"] = stale }, Ct);

        Assert.Equal(123, (await ReadAsync<Note>("plain")).Count);
    }

    [Fact]
    public async Task A_jobject_round_trips_and_its_etag_is_checked()
    {
        var value = JObject.Parse("""{"ETag":"*","name":"Zoë","scores":[9,10],"nested":{"ok":true}}""");
        await Storage.WriteAsync(new Dictionary<string, object> { ["json"] = value }, Ct);

        var read = (JObject)(await Storage.ReadAsync(["json"], Ct))["json"];

        var withoutETag = (JObject)read.DeepClone();
        withoutETag.Remove("ETag");
        value.Remove("ETag");
        Assert.True(JToken.DeepEquals(value, withoutETag));
        read["ETag"] = "stale";
        await Assert.ThrowsAsync<StorageConcurrencyException>(() =>
            Storage.WriteAsync(new Dictionary<string, object> { ["json"] = read }, Ct));
    }

    [Fact]
    public async Task A_type_aware_serializer_returns_typed_values_like_MemoryStorage()
    {
        var serializer = new JsonSerializer { TypeNameHandling = TypeNameHandling.All };
        var storage = new RedisStorage(_redis, Options.Create(_stores.Options), NullLogger<RedisStorage>.Instance, serializer);
        await storage.WriteAsync(new Dictionary<string, object> { ["typed"] = new StoreNote { Text = "t", Count = 3 } }, Ct);

        var read = Assert.IsType<StoreNote>((await storage.ReadAsync(["typed"], Ct))["typed"]);

        Assert.Equal(3, read.Count);
        Assert.NotNull(read.ETag);
    }

    [Fact]
    public async Task Keys_are_arbitrary_strings()
    {
        string[] keys = ["!@#$%^&*()~/\\><,.?';\"`~", "{tag}:with:colons", "emoji 🙂 and spaces", "msteams/conversations/a:b|c"];
        await Storage.WriteAsync(keys.ToDictionary(k => k, object (k) => new Note { Text = k }), Ct);

        var items = await Storage.ReadAsync(keys, Ct);

        Assert.All(keys, k => Assert.Equal(k, ((JObject)items[k]).ToObject<Note>()!.Text));
    }

    [Fact]
    public async Task Deleting_removes_items_and_ignores_missing_keys()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["a"] = new StoreNote(), ["b"] = new Note() }, Ct);

        await Storage.DeleteAsync(["a", "b", "never-written"], Ct);

        Assert.Empty(await Storage.ReadAsync(["a", "b"], Ct));
    }

    [Fact]
    public async Task Writing_null_removes_the_item()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note() }, Ct);

        await Storage.WriteAsync(new Dictionary<string, object> { ["a"] = null! }, Ct);

        Assert.Empty(await Storage.ReadAsync(["a"], Ct));
    }

    [Fact]
    public async Task Every_write_sets_the_idle_expiry()
    {
        var stores = new TestStores(_redis, RedisServer.NewPrefix(), ttlDays: 3);
        await stores.Storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note(), ["b"] = new StoreNote() }, Ct);

        foreach (var key in new[] { "a", "b" })
        {
            var ttl = await stores.Db.KeyTimeToLiveAsync(stores.Keys.BotState(key));
            Assert.NotNull(ttl);
            Assert.InRange(ttl.Value, TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(3));
        }
    }

    [Fact]
    public async Task Keys_land_under_the_prefix_and_nothing_else_is_written()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["webchat/conversations/c1"] = new Note() }, Ct);

        var server = _redis.GetServers().Single();
        var written = server.Keys(pattern: _stores.Options.KeyPrefix + ":*").Select(k => k.ToString()).ToArray();

        var key = Assert.Single(written);
        Assert.EndsWith(":bot:webchat/conversations/c1", key, StringComparison.Ordinal);
    }

    private async Task<T> ReadAsync<T>(string key)
    {
        var items = await Storage.ReadAsync([key], Ct);
        return ((JObject)items[key]).ToObject<T>()!;
    }

    public class Note
    {
        public string? Text { get; set; }

        public int Count { get; set; }
    }

    public sealed class StoreNote : Note, IStoreItem
    {
        public string? ETag { get; set; }
    }
}
