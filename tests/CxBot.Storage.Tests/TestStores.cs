using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Storage.Tests;

/// <summary>The storage classes over one connection and one key prefix, as AddCxBotStorage would build them.</summary>
internal sealed class TestStores
{
    public TestStores(IConnectionMultiplexer redis, string prefix, int shards = 16, int ttlDays = 7)
    {
        Redis = redis;
        Options = new RedisOptions { KeyPrefix = prefix, AnswerStreamShards = shards, ConversationTtlDays = ttlDays };
        Keys = new RedisKeys(Options);
        Storage = new RedisStorage(redis, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<RedisStorage>.Instance);
        Conversations = new RedisConversationStore(redis, Keys, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<RedisConversationStore>.Instance);
        Answers = new RedisAnswerStream(redis, Keys);
    }

    public IConnectionMultiplexer Redis { get; }

    public IDatabase Db => Redis.GetDatabase();

    public RedisOptions Options { get; }

    public RedisKeys Keys { get; }

    public RedisStorage Storage { get; }

    public RedisConversationStore Conversations { get; }

    public RedisAnswerStream Answers { get; }
}

internal static class TestAnswers
{
    public static AnswerRecord For(ConversationKey conversation, string questionId, string? text, int revision = 0, string responseId = "resp-1") => new(
        AnswerId: revision == 0 ? $"{responseId}:{questionId}" : $"{responseId}:{questionId}:{revision}",
        ResponseId: responseId,
        Event: AnswerRecord.AnswerEvent,
        SurveyId: "post-purchase",
        SurveyVersion: 3,
        QuestionId: questionId,
        QuestionType: "nps",
        Text: text,
        ValueJson: "9",
        Language: "en",
        ChannelId: conversation.ChannelId,
        ConversationId: conversation.ConversationId,
        CustomerId: "cust-42",
        AnsweredAt: new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.FromHours(2)),
        Revision: revision,
        Context: new Dictionary<string, string> { ["orderId"] = "A-1001" });

    /// <summary>Records hold their context in a dictionary, which compares by reference; compare it by content.</summary>
    public static void AssertSame(AnswerRecord expected, AnswerRecord actual)
    {
        Assert.Equal(expected with { Context = null }, actual with { Context = null });
        Assert.Equal(
            expected.Context?.OrderBy(p => p.Key, StringComparer.Ordinal),
            actual.Context?.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
