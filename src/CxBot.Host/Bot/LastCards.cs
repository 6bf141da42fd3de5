using System.Text.Json;
using System.Text.Json.Serialization;
using CxBot.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Host.Bot;

/// <summary>The question card a chat shows now: its activity id, what it asks and its text (for the answered version).</summary>
internal sealed record LastCard(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("r")] string ResponseId,
    [property: JsonPropertyName("q")] string QuestionId,
    [property: JsonPropertyName("t")] string Text);

/// <summary>
/// The open question card of each chat on a channel that shows cards (Teams), so that a TYPED answer
/// can replace it with its answered version too: Teams names the card only when it is tapped.
/// Why a key of its own and not a field of the survey state: the card's activity id exists only after
/// the send, which comes after the turn's commit, so keeping it in the state would cost every turn a
/// second state write and every channel the bytes; this key is written after the send on card
/// channels only, and read alongside the state (pipelined on the same connection), so a turn waits
/// no longer. It sits next to the conversation's state (same hash slot) and expires with it.
/// </summary>
internal sealed class LastCards(IConnectionMultiplexer redis, RedisKeys keys, IOptions<RedisOptions> options, ILogger<LastCards> logger)
{
    // The question text is kept only to redraw the card; a long one is cut rather than stored whole.
    private const int MaxText = 1_000;

    public async Task<LastCard?> FindAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(KeyOf(key)).WaitAsync(cancellationToken);
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((byte[])value!, LastCardJson.Default.LastCard);
        }
        catch (Exception e) when (RedisOutage.Is(e) || e is JsonException)
        {
            // Without it a typed answer leaves the old card as it is; a tap on it is still checked against the state.
            logger.LastCardUnavailable(e, key.ChannelId);
            return null;
        }
    }

    /// <summary>Remembers the card just sent, or forgets the chat's card when the reply asks nothing.</summary>
    public async Task SetAsync(ConversationKey key, LastCard? card, CancellationToken cancellationToken)
    {
        try
        {
            var db = redis.GetDatabase();
            if (card is null)
            {
                await db.KeyDeleteAsync(KeyOf(key)).WaitAsync(cancellationToken);
                return;
            }
            var kept = card.Text.Length > MaxText ? card with { Text = card.Text[..MaxText] } : card;
            await db.StringSetAsync(KeyOf(key), JsonSerializer.SerializeToUtf8Bytes(kept, LastCardJson.Default.LastCard),
                TimeSpan.FromDays(options.Value.ConversationTtlDays)).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LastCardUnavailable(e, key.ChannelId);
        }
    }

    private RedisKey KeyOf(ConversationKey key) => keys.Conversation(key).Append(":card");
}

[JsonSerializable(typeof(LastCard))]
internal sealed partial class LastCardJson : JsonSerializerContext;
