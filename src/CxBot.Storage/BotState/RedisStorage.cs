using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using StackExchange.Redis;

namespace CxBot.Storage;

/// <summary>
/// The Bot Framework's <see cref="IStorage"/> on Redis, with the SDK's semantics (MemoryStorage's
/// serialization; the write rules of the Cosmos and Blobs stores):
/// <list type="bullet">
/// <item>Read omits missing keys; an <see cref="IStoreItem"/> carries the eTag the store gave it.</item>
/// <item>Write of an <see cref="IStoreItem"/> (or a JObject with an "ETag"): eTag null or "*" writes
/// unconditionally, "" throws, any other value must match the stored one or
/// <see cref="StorageConcurrencyException"/> is thrown. Other values: last writer wins. Every write
/// makes a new eTag and refreshes the idle expiry.</item>
/// <item>Delete ignores missing keys.</item>
/// </list>
/// A stored item is its 16-character eTag followed by its JSON, so the compare-and-set script reads
/// 16 bytes instead of parsing JSON.
/// </summary>
public sealed class RedisStorage : IStorage
{
    internal const int ETagLength = 16;

    private const string ETagProperty = "ETag";

    // MemoryStorage's settings: no type names in the JSON (values come back as JObject), loops refused.
    private static readonly JsonSerializer DefaultSerializer = new()
    {
        TypeNameHandling = TypeNameHandling.None,
        ReferenceLoopHandling = ReferenceLoopHandling.Error,
    };

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly RedisValue _ttlSeconds;
    private readonly JsonSerializer _serializer;
    private readonly ILogger _logger;

    public RedisStorage(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisStorage> logger)
        : this(redis, options, logger, DefaultSerializer)
    {
    }

    /// <param name="jsonSerializer">As with MemoryStorage: TypeNameHandling.All gives typed values back.</param>
    public RedisStorage(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisStorage>? logger, JsonSerializer jsonSerializer)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(jsonSerializer);
        _redis = redis;
        _keys = new RedisKeys(options.Value);
        _ttlSeconds = (long)options.Value.ConversationTtl.TotalSeconds;
        _serializer = jsonSerializer;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var items = new Dictionary<string, object>(keys.Length);
        if (keys.Length == 0)
        {
            return items;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var db = _redis.GetDatabase();

        // One MGET per hash tag: a multi-key command must stay within one cluster slot.
        var groups = keys.Distinct(StringComparer.Ordinal).GroupBy(_keys.ShardOf).ToArray();
        var reads = groups
            .Select(group => (Keys: group.ToArray(), Values: db.StringGetAsync([.. group.Select(_keys.BotState)])))
            .ToArray();
        await Task.WhenAll(reads.Select(r => r.Values)).WaitAsync(cancellationToken);

        foreach (var (groupKeys, values) in reads)
        {
            var stored = await values;
            for (var i = 0; i < groupKeys.Length; i++)
            {
                if (!stored[i].IsNull)
                {
                    items[groupKeys[i]] = Deserialize(stored[i]);
                }
            }
        }

        return items;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        // Everything is checked and serialized before the first byte is sent, so a bad item (an empty
        // eTag, a reference loop) fails the batch without writing part of it.
        var writes = changes.Select(change => Prepare(change.Key, change.Value)).ToArray();
        cancellationToken.ThrowIfCancellationRequested();
        var db = _redis.GetDatabase();

        // One script per hash tag: BotState saves one key at a time, so that is one script per batch;
        // a batch over several tags is atomic per tag (Redis Cluster cannot run one script across slots).
        var batches = writes
            .GroupBy(w => _keys.ShardOf(w.StorageKey))
            .Select(group => group.ToArray())
            .Select(group => (Items: group, Result: db.ScriptEvaluateAsync(
                LuaScripts.Write,
                [.. group.Select(w => _keys.BotState(w.StorageKey))],
                [_ttlSeconds, .. group.SelectMany(w => new[] { w.Mode, w.ExpectedETag, w.Value })])))
            .ToArray();

        // Not cancellable on purpose: once sent, abandoning the script would leave us unsure whether
        // the items were written.
        await Task.WhenAll(batches.Select(b => b.Result));

        foreach (var (items, result) in batches)
        {
            var conflict = (int)await result;
            if (conflict > 0)
            {
                _logger.StorageWriteConflict(items.Length);
                throw new StorageConcurrencyException(
                    "The item changed since it was read: its eTag no longer matches. Read it again and retry.")
                {
                    Key = items[conflict - 1].StorageKey,
                };
            }
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var db = _redis.GetDatabase();
        var deletes = keys
            .GroupBy(_keys.ShardOf)
            .Select(group => db.KeyDeleteAsync([.. group.Select(_keys.BotState)]));

        // Like a write, a sent delete is awaited to the end rather than abandoned half-known.
        await Task.WhenAll(deletes);
    }

    internal static string NewETag()
    {
        Span<byte> bytes = stackalloc byte[ETagLength / 2];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private PreparedWrite Prepare(string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);

        // MemoryStorage keeps a null value as "nothing to read": the same as deleting it.
        if (value is null)
        {
            return new PreparedWrite(key, "d", RedisValue.EmptyString, RedisValue.EmptyString);
        }

        var (isStoreItem, eTag) = value switch
        {
            IStoreItem item => (true, item.ETag),
            JObject item when item.TryGetValue(ETagProperty, out var token) => (true, token.Type == JTokenType.Null ? null : token.ToString()),
            _ => (false, null),
        };
        if (isStoreItem && eTag is { Length: 0 })
        {
            throw new ArgumentException($"Storage item '{key}' has an empty eTag: use null or \"*\" to overwrite, or the eTag it was read with.", nameof(value));
        }

        var newETag = NewETag();
        var json = JObject.FromObject(value, _serializer);
        if (isStoreItem)
        {
            json[ETagProperty] = newETag;
        }

        var stored = newETag + json.ToString(Formatting.None);
        return eTag is null or "*" || !isStoreItem
            ? new PreparedWrite(key, "s", RedisValue.EmptyString, stored)
            : new PreparedWrite(key, "c", eTag, stored);
    }

    private object Deserialize(RedisValue stored)
    {
        var bytes = (byte[])stored!;
        var json = Encoding.UTF8.GetString(bytes, ETagLength, bytes.Length - ETagLength);
        return JObject.Parse(json).ToObject<object>(_serializer)
            ?? throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"A stored item of {bytes.Length} bytes is not a JSON object."));
    }

    private sealed record PreparedWrite(string StorageKey, RedisValue Mode, RedisValue ExpectedETag, RedisValue Value);
}
