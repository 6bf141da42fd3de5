using StackExchange.Redis;

namespace CxBot.Storage;

/// <summary>Reads the answer stream shards with XRANGE, page by page.</summary>
internal sealed class RedisAnswerStream(IConnectionMultiplexer redis, RedisKeys keys) : IAnswerStream
{
    private const int PageSize = 500;

    private readonly IReadOnlyList<RedisKey> _shards = keys.AllAnswerStreams();

    public IReadOnlyList<string> ShardKeys => [.. _shards.Select(k => k.ToString())];

    public string ShardKeyOf(ConversationKey key) => keys.AnswerStream(key).ToString();

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var lengths = await Task.WhenAll(_shards.Select(shard => db.StreamLengthAsync(shard))).WaitAsync(cancellationToken);
        return lengths.Sum();
    }

    public async Task<IReadOnlyList<AnswerRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var entries = new List<(StreamPosition Position, AnswerRecord Answer)>();
        var db = redis.GetDatabase();
        foreach (var shard in _shards)
        {
            RedisValue from = "-";
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await db.StreamRangeAsync(shard, from, "+", PageSize).WaitAsync(cancellationToken);
                entries.AddRange(page.Select(e => (StreamPosition.Parse(e.Id), AnswerFields.FromEntry(e))));
                if (page.Length < PageSize)
                {
                    break;
                }

                from = "(" + page[^1].Id;
            }
        }

        // Entry ids are "milliseconds-sequence" on one Redis clock, so they order answers across shards.
        return [.. entries.OrderBy(e => e.Position).Select(e => e.Answer)];
    }

    private readonly record struct StreamPosition(long Milliseconds, long Sequence) : IComparable<StreamPosition>
    {
        public static StreamPosition Parse(RedisValue id)
        {
            var text = id.ToString();
            var dash = text.IndexOf('-', StringComparison.Ordinal);
            return new StreamPosition(
                long.Parse(text.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(text.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture));
        }

        public int CompareTo(StreamPosition other) =>
            Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);
    }
}
