using System.Globalization;
using CxBot.Storage;
using CxBot.Workspace.Cases;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Host.Cases;

/// <summary>A chat where the CX team is waiting for the customer's answer to a case.</summary>
internal sealed record CaseThread(long CaseId, string Language);

/// <summary>
/// The open case threads, one Redis key per conversation (<c>{prefix}:{conv:&lt;channel&gt;:&lt;id&gt;}:case</c>), set when a
/// message goes out and removed when the case closes; the TTL ends a thread the team forgot.
/// </summary>
internal sealed class CaseThreads(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptionsMonitor<CasesOptions> options)
{
    private IDatabase Db => redis.GetDatabase();

    public RedisKey Key(string channelId, string conversationId) => $"{redisOptions.Value.KeyPrefix}:{{conv:{channelId}:{conversationId}}}:case";

    public Task OpenAsync(string channelId, string conversationId, CaseThread thread, CancellationToken cancellationToken) =>
        Db.StringSetAsync(Key(channelId, conversationId), $"{thread.CaseId.ToString(CultureInfo.InvariantCulture)}|{thread.Language}",
            TimeSpan.FromHours(options.CurrentValue.ReplyWindowHours)).WaitAsync(cancellationToken);

    public async Task<CaseThread?> FindAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        var value = await Db.StringGetAsync(Key(channelId, conversationId)).WaitAsync(cancellationToken);
        if (value.IsNullOrEmpty) return null;
        var text = value.ToString();
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        return bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? new CaseThread(id, text[(bar + 1)..]) : null;
    }

    /// <summary>Ends the thread only if it is still this case's: a later case may have taken the chat over.</summary>
    public async Task EndAsync(long caseId, string channelId, string conversationId, CancellationToken cancellationToken)
    {
        var key = Key(channelId, conversationId);
        var transaction = Db.CreateTransaction();
        var prefix = $"{caseId.ToString(CultureInfo.InvariantCulture)}|";
        var current = await Db.StringGetAsync(key).WaitAsync(cancellationToken);
        if (current.IsNullOrEmpty || !current.ToString().StartsWith(prefix, StringComparison.Ordinal)) return;
        transaction.AddCondition(Condition.StringEqual(key, current));
        _ = transaction.KeyDeleteAsync(key);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken);
    }
}
