namespace CxBot.Storage;

/// <summary>Identifies one conversation on one channel.</summary>
public sealed record ConversationKey(string ChannelId, string ConversationId)
{
    // The channel id and the conversation id are joined with ':' in keys and in the shard hash, so a
    // ':' in the channel id would let two different conversations share a key.
    public string ChannelId { get; } = !string.IsNullOrEmpty(ChannelId) && !ChannelId.Contains(':', StringComparison.Ordinal)
        ? ChannelId
        : throw new ArgumentException("A channel id is required and may not contain ':'.", nameof(ChannelId));

    public string ConversationId { get; } = !string.IsNullOrEmpty(ConversationId)
        ? ConversationId
        : throw new ArgumentException("A conversation id is required.", nameof(ConversationId));
}

/// <summary>
/// What a turn starts from. <paramref name="State"/> and <paramref name="Version"/> are null for a
/// conversation not stored yet; <paramref name="ActivitySeen"/> says the activity was already
/// committed (a channel redelivery).
/// </summary>
public sealed record ConversationSnapshot(byte[]? State, string? Version, bool ActivitySeen);

/// <summary>
/// What a turn saves: the new state (opaque bytes), the version it was computed from (null: the
/// conversation must not exist yet), the activity that caused it, and the answers it recorded.
/// </summary>
public sealed record TurnCommit(byte[] State, string? ExpectedVersion, string? ActivityId, IReadOnlyList<AnswerRecord> Answers);

public enum CommitOutcome
{
    /// <summary>State, answers and activity id were written together.</summary>
    Saved,

    /// <summary>Another turn saved first (or the conversation was removed); nothing was written.</summary>
    Conflict,

    /// <summary>The activity was already committed; nothing was written.</summary>
    Duplicate,
}

/// <summary>
/// The survey's turn path: one round trip to load, one to commit. A commit writes state, answers and
/// the activity id atomically, so none of them exists without the others.
/// </summary>
public interface IConversationStore
{
    /// <summary>Loads the state; <see cref="ConversationSnapshot.ActivitySeen"/> tells whether <paramref name="activityId"/> was already committed.</summary>
    Task<ConversationSnapshot> LoadAsync(ConversationKey key, string? activityId, CancellationToken cancellationToken);

    /// <summary>
    /// Duplicate when the activity id was already committed; Conflict when the stored version is not
    /// <see cref="TurnCommit.ExpectedVersion"/>; otherwise saves state with a new version, appends every
    /// answer to the conversation's answer stream, remembers the activity id and refreshes the expiry.
    /// </summary>
    Task<CommitOutcome> CommitAsync(ConversationKey key, TurnCommit commit, CancellationToken cancellationToken);

    /// <summary>Forgets the conversation's state. Recorded answers stay in the stream.</summary>
    Task DeleteAsync(ConversationKey key, CancellationToken cancellationToken);
}
