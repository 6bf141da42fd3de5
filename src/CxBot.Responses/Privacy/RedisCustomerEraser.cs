using CxBot.Responses.Pipeline;
using CxBot.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Responses.Privacy;

/// <summary>
/// Redis's part: the customer's entries in the answer streams and their dead-letter streams, the survey
/// state of their conversations and the Bot Framework state kept for those conversations and for them.
/// </summary>
internal sealed class RedisCustomerEraser(
    IConnectionMultiplexer redis,
    IAnswerStream streams,
    RedisKeys layout,
    IOptions<ResponsesOptions> options) : ICustomerDataEraser
{
    private const int PageSize = 500;

    public string Name => "redis";

    public async Task<CustomerFootprint> DiscoverAsync(CustomerFootprint footprint, CancellationToken cancellationToken)
    {
        var responses = new HashSet<string>(footprint.ResponseIds, StringComparer.Ordinal);
        var conversations = new HashSet<ConversationKey>(footprint.Conversations);
        await foreach (var (_, _, entry) in EntriesAsync(cancellationToken))
        {
            if (Field(entry, "customerId") == footprint.CustomerId)
            {
                if (Field(entry, "responseId") is { } response) responses.Add(response);
                if (Field(entry, "channelId") is { } channel && Field(entry, "conversationId") is { Length: > 0 } conversation
                    && !channel.Contains(':', StringComparison.Ordinal))
                {
                    conversations.Add(new ConversationKey(channel, conversation));
                }
            }
        }

        return footprint with { ResponseIds = [.. responses], Conversations = [.. conversations] };
    }

    public async Task<int> EraseAsync(CustomerFootprint footprint, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var responses = footprint.ResponseIds.ToHashSet(StringComparer.Ordinal);
        var conversations = footprint.Conversations.ToHashSet();
        var erased = 0;
        var matches = new List<(string Key, bool Dead, RedisValue Id)>();
        await foreach (var (key, dead, entry) in EntriesAsync(cancellationToken))
        {
            var conversation = Field(entry, "channelId") is { } channel && Field(entry, "conversationId") is { Length: > 0 } id
                && !channel.Contains(':', StringComparison.Ordinal) ? new ConversationKey(channel, id) : null;
            if (Field(entry, "customerId") == footprint.CustomerId
                || (Field(entry, "responseId") is { } response && responses.Contains(response))
                || (conversation is not null && conversations.Contains(conversation)))
            {
                matches.Add((key, dead, entry.Id));
            }
        }

        foreach (var (stream, dead, id) in matches)
        {
            var transaction = db.CreateTransaction();
            _ = transaction.StreamDeleteAsync(stream, [id]);
            if (!dead)
            {
                // Pending in the group: acknowledge, or XAUTOCLAIM would keep reporting a deleted entry.
                _ = transaction.StreamAcknowledgeAsync(stream, options.Value.ConsumerGroup, id);
                _ = transaction.HashDeleteAsync(AnswerPipeline.AttemptsKey(stream), id);
            }

            await transaction.ExecuteAsync();
            erased++;
        }

        var keys = new List<RedisKey>();
        foreach (var conversation in conversations)
        {
            keys.Add(layout.Conversation(conversation));
            keys.Add(layout.BotState($"{conversation.ChannelId}/conversations/{conversation.ConversationId}"));
        }

        // Without an invitation the customer id is "channel:userId" (the channel's own user id).
        var colon = footprint.CustomerId.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            keys.Add(layout.BotState($"{footprint.CustomerId[..colon]}/users/{footprint.CustomerId[(colon + 1)..]}"));
        }

        foreach (var key in keys)
        {
            // One key at a time: keys of different conversations live in different cluster slots.
            if (await db.KeyDeleteAsync(key).WaitAsync(cancellationToken))
            {
                erased++;
            }
        }

        return erased;
    }

    private async IAsyncEnumerable<(string Key, bool Dead, StreamEntry Entry)> EntriesAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        foreach (var shard in streams.ShardKeys)
        {
            foreach (var (key, dead) in new[] { (shard, false), (AnswerPipeline.DeadLetterKey(shard), true) })
            {
                RedisValue from = "-";
                while (true)
                {
                    var page = await db.StreamRangeAsync(key, from, "+", PageSize).WaitAsync(cancellationToken);
                    foreach (var entry in page)
                    {
                        yield return (key, dead, entry);
                    }

                    if (page.Length < PageSize)
                    {
                        break;
                    }

                    from = "(" + page[^1].Id;
                }
            }
        }
    }

    private static string? Field(StreamEntry entry, string name)
    {
        foreach (var value in entry.Values)
        {
            if (value.Name == name)
            {
                return value.Value.ToString();
            }
        }

        return null;
    }
}
