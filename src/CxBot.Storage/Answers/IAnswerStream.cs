namespace CxBot.Storage;

/// <summary>
/// One answer (or skip, completion, stop) as recorded in the answer stream. <see cref="AnswerId"/> is
/// the idempotency key downstream: response id + question id (+ revision when changed).
/// </summary>
public sealed record AnswerRecord(
    string AnswerId,
    string ResponseId,
    string Event,
    string SurveyId,
    int SurveyVersion,
    string? QuestionId,
    string? QuestionType,
    string? Text,
    string? ValueJson,
    string Language,
    string ChannelId,
    string ConversationId,
    string? CustomerId,
    DateTimeOffset AnsweredAt,
    int Revision,
    IReadOnlyDictionary<string, string>? Context)
{
    public const string AnswerEvent = "answer";
    public const string SkipEvent = "skip";
    public const string CompleteEvent = "complete";
    public const string StopEvent = "stop";
}

/// <summary>Reads the sharded answer streams (for tests, tools and the pipeline that consumes them).</summary>
public interface IAnswerStream
{
    /// <summary>The stream keys, one per shard, in shard order.</summary>
    IReadOnlyList<string> ShardKeys { get; }

    /// <summary>The stream key that holds a conversation's answers.</summary>
    string ShardKeyOf(ConversationKey key);

    /// <summary>How many entries all shards hold.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Every recorded answer of every shard, in the order they were appended.</summary>
    Task<IReadOnlyList<AnswerRecord>> ReadAllAsync(CancellationToken cancellationToken);
}
