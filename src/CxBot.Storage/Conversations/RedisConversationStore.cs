using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Storage;

/// <summary>
/// Survey state in Redis: one GET to load a turn, one script call to commit it (see Scripts/commit.lua).
/// </summary>
internal sealed class RedisConversationStore(
    IConnectionMultiplexer redis,
    RedisKeys keys,
    IOptions<RedisOptions> options,
    ILogger<RedisConversationStore> logger) : IConversationStore
{
    private const int FixedArguments = 6;

    private static readonly RedisValue Remembered = ConversationRecord.RememberedActivities;

    private readonly RedisValue _ttlSeconds = (long)options.Value.ConversationTtl.TotalSeconds;

    public async Task<ConversationSnapshot> LoadAsync(ConversationKey key, string? activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        using var record = await redis.GetDatabase().StringGetLeaseAsync(keys.Conversation(key)).WaitAsync(cancellationToken);
        return record is null
            ? new ConversationSnapshot(null, null, false)
            : ConversationRecord.Read(record.Span, activityId);
    }

    public async Task<CommitOutcome> CommitAsync(ConversationKey key, TurnCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(commit.State);
        ArgumentNullException.ThrowIfNull(commit.Answers);

        var args = new List<RedisValue>(FixedArguments + (commit.Answers.Count * 33))
        {
            commit.ExpectedVersion is null ? RedisValue.EmptyString : ConversationRecord.VersionBytes(commit.ExpectedVersion),
            ConversationRecord.NewVersion(),
            commit.ActivityId is null ? RedisValue.EmptyString : ConversationRecord.HashActivity(commit.ActivityId),
            _ttlSeconds,
            Remembered,
            commit.State,
        };
        foreach (var answer in commit.Answers)
        {
            var fields = AnswerFields.ToFields(answer);
            args.Add(fields.Count);
            foreach (var (name, value) in fields)
            {
                args.Add(name);
                args.Add(value);
            }
        }

        // EVAL is not cancellable on purpose: abandoning it after it was sent would leave us unsure
        // whether the turn was saved. So the token is honoured only up to here.
        cancellationToken.ThrowIfCancellationRequested();
        var result = (int)await redis.GetDatabase().ScriptEvaluateAsync(
            LuaScripts.Commit,
            [keys.Conversation(key), keys.AnswerStream(key)],
            [.. args]);

        switch (result)
        {
            case 0:
                logger.CommitSaved(key.ChannelId, key.ConversationId, commit.State.Length, commit.Answers.Count);
                return CommitOutcome.Saved;
            case 1:
                logger.CommitConflict(key.ChannelId, key.ConversationId);
                return CommitOutcome.Conflict;
            case 2:
                logger.CommitDuplicate(key.ChannelId, key.ConversationId, commit.ActivityId);
                return CommitOutcome.Duplicate;
            default:
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The commit script returned {result}."));
        }
    }

    public async Task DeleteAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().KeyDeleteAsync(keys.Conversation(key));
    }
}
