using System.Diagnostics;
using CxBot.Analysis;
using CxBot.Responses.Store;
using CxBot.Storage;
using CxBot.Surveys.Definitions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Responses.Pipeline;

/// <summary>
/// Moves answers from the Redis answer streams into PostgreSQL, exactly once in effect although
/// delivery is at least once:
/// <list type="number">
/// <item>read with a consumer group (one per shard), first claiming entries another worker left
/// unacknowledged for longer than <see cref="ResponsesOptions.ClaimIdleSeconds"/>;</item>
/// <item>analyse the open text (masked text only is stored), upsert keyed by answer id, commit;</item>
/// <item>only then acknowledge, and trim the stream below the oldest entry still pending.</item>
/// </list>
/// An entry that fails on its own (not an outage) is retried after the claim time-out and moved to the
/// dead-letter stream, with its error, after <see cref="ResponsesOptions.MaxAttempts"/> attempts.
/// </summary>
public sealed class AnswerPipeline
{
    internal const string ErrorField = "dl:error";
    internal const string AttemptsField = "dl:attempts";
    internal const string SourceField = "dl:source";
    internal const string FailedAtField = "dl:failedAt";

    // Trim below the oldest pending entry, or past the last delivered one when nothing is pending.
    // One script, because between two separate reads another worker could be handed (and not yet
    // have stored) entries that a trim computed from the older read would delete.
    private const string TrimScript = """
        local pending = redis.call('XPENDING', KEYS[1], ARGV[1])
        local threshold
        if pending[1] > 0 then
          threshold = pending[2]
        else
          local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
          for _, g in ipairs(groups) do
            local name, last
            for i = 1, #g, 2 do
              if g[i] == 'name' then name = g[i + 1] elseif g[i] == 'last-delivered-id' then last = g[i + 1] end
            end
            if name == ARGV[1] then
              local dash = string.find(last, '-', 1, true)
              threshold = string.sub(last, 1, dash - 1) .. '-' .. tostring(tonumber(string.sub(last, dash + 1)) + 1)
            end
          end
        end
        if not threshold then return 0 end
        return redis.call('XTRIM', KEYS[1], 'MINID', threshold)
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly ResponseWriter _writer;
    private readonly ITextAnalyzer _analyzer;
    private readonly ResponsesOptions _options;
    private readonly PipelineMetrics _metrics;
    private readonly ILogger<AnswerPipeline> _logger;
    private readonly TimeProvider _time;
    private readonly SurveyCatalog? _catalog;

    // Where each shard's next XAUTOCLAIM scan starts: a scan looks at a bounded part of the pending list,
    // so always starting at 0-0 could keep re-reading young entries and never reach idle ones behind them.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RedisValue> _claimCursor = new(StringComparer.Ordinal);

    internal AnswerPipeline(
        IConnectionMultiplexer redis,
        IAnswerStream streams,
        ResponseWriter writer,
        ITextAnalyzer analyzer,
        ResponsesOptions options,
        PipelineMetrics metrics,
        ILogger<AnswerPipeline> logger,
        TimeProvider time,
        SurveyCatalog? catalog)
    {
        _redis = redis;
        _writer = writer;
        _analyzer = analyzer;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _catalog = catalog;
        ShardKeys = streams.ShardKeys;
        Consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This worker's consumer name in every shard's group.</summary>
    public string Consumer { get; }

    public IReadOnlyList<string> ShardKeys { get; }

    internal static string DeadLetterKey(string shardKey) => shardKey + ":dead";

    internal static string AttemptsKey(string shardKey) => shardKey + ":attempts";

    /// <summary>Creates each shard's consumer group (and the stream) if missing; reading starts at the first entry.</summary>
    public async Task EnsureGroupsAsync(CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        foreach (var key in ShardKeys)
        {
            try
            {
                await db.StreamCreateConsumerGroupAsync(key, _options.ConsumerGroup, "0-0", createStream: true).WaitAsync(cancellationToken);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                // Another worker created it first.
            }
        }
    }

    /// <summary>One batch from each shard; returns how many entries were handled (stored or failed).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var handled = 0;
        foreach (var key in ShardKeys)
        {
            handled += await RunShardAsync(key, cancellationToken);
        }

        if (handled == 0)
        {
            _metrics.Progress(_time.GetUtcNow());
        }

        return handled;
    }

    /// <summary>Entries not yet stored in all shards: unread (the group's lag) plus pending.</summary>
    public async Task<long> LagAsync(CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        long lag = 0;
        foreach (var key in ShardKeys)
        {
            var groups = await db.StreamGroupInfoAsync(key).WaitAsync(cancellationToken);
            var group = groups.FirstOrDefault(g => g.Name == _options.ConsumerGroup);
            lag += group.Name is null
                ? await db.StreamLengthAsync(key).WaitAsync(cancellationToken)
                : group.PendingMessageCount + (group.Lag ?? await db.StreamLengthAsync(key).WaitAsync(cancellationToken));
        }

        _metrics.SetLag(lag);
        return lag;
    }

    /// <summary>How many entries wait in the dead-letter streams.</summary>
    public async Task<long> DeadLetterCountAsync(CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        long count = 0;
        foreach (var key in ShardKeys)
        {
            count += await db.StreamLengthAsync(DeadLetterKey(key)).WaitAsync(cancellationToken);
        }

        return count;
    }

    /// <summary>
    /// Puts every dead-letter entry back on its answer stream (without the error fields) for the
    /// workers to try again, once whatever made it fail has been fixed.
    /// </summary>
    public async Task<int> ReplayDeadLettersAsync(CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        var replayed = 0;
        foreach (var key in ShardKeys)
        {
            var deadKey = DeadLetterKey(key);
            while (true)
            {
                var page = await db.StreamRangeAsync(deadKey, "-", "+", 100).WaitAsync(cancellationToken);
                if (page.Length == 0)
                {
                    break;
                }

                foreach (var entry in page)
                {
                    var fields = entry.Values.Where(v => !v.Name.ToString().StartsWith("dl:", StringComparison.Ordinal)).ToArray();
                    var transaction = db.CreateTransaction();
                    _ = transaction.StreamAddAsync(key, fields);
                    _ = transaction.StreamDeleteAsync(deadKey, [entry.Id]);

                    // EXEC is not cancellable on purpose: abandoning it would leave us unsure whether the
                    // entry moved, and a second replay would then add it twice (harmless, but noisy).
                    await transaction.ExecuteAsync();
                    replayed++;
                }
            }
        }

        _logger.Replayed(replayed);
        return replayed;
    }

    private async Task<int> RunShardAsync(string key, CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        var group = _options.ConsumerGroup;
        var idleMs = _options.ClaimIdleSeconds * 1000L;
        var cursor = _claimCursor.GetValueOrDefault(key, "0-0");
        var claimed = await db.StreamAutoClaimAsync(key, group, Consumer, idleMs, cursor, _options.BatchSize).WaitAsync(cancellationToken);
        _claimCursor[key] = claimed.NextStartId.IsNullOrEmpty ? (RedisValue)"0-0" : claimed.NextStartId;
        if (claimed.DeletedIds.Length > 0)
        {
            // Entries deleted while pending (erased customers): nothing left to store.
            await db.StreamAcknowledgeAsync(key, group, claimed.DeletedIds).WaitAsync(cancellationToken);
        }

        var entries = claimed.ClaimedEntries.Where(e => !e.IsNull).ToList();
        var retried = entries.Select(e => e.Id).ToHashSet();
        if (entries.Count > 0)
        {
            _metrics.Claimed(entries.Count);
            _logger.Claimed(entries.Count, key, _options.ClaimIdleSeconds);
        }

        if (entries.Count < _options.BatchSize)
        {
            entries.AddRange(await db.StreamReadGroupAsync(key, group, Consumer, ">", _options.BatchSize - entries.Count).WaitAsync(cancellationToken));
        }

        if (entries.Count == 0)
        {
            return 0;
        }

        await HandleAsync(db, key, entries, retried, cancellationToken);
        return entries.Count;
    }

    private async Task HandleAsync(IDatabase db, string key, List<StreamEntry> entries, HashSet<RedisValue> retried, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var parsed = new List<(StreamEntry Entry, AnswerRecord Answer)>(entries.Count);
        var failed = new List<(StreamEntry Entry, Exception Error)>();
        foreach (var entry in entries)
        {
            try
            {
                parsed.Add((entry, StreamAnswer.Parse(entry)));
            }
            catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or FormatException)
            {
                failed.Add((entry, e));
            }
        }

        var stored = new List<StreamEntry>(parsed.Count);
        try
        {
            await _writer.WriteAsync(await PrepareAsync(parsed, cancellationToken), cancellationToken);
            stored.AddRange(parsed.Select(p => p.Entry));
        }
        catch (Exception e) when (!Outage.Is(e) && !cancellationToken.IsCancellationRequested)
        {
            // Something in the batch is bad: store the entries one by one, so one poison entry does not
            // hold back the rest, and count an attempt against each one that still fails.
            foreach (var item in parsed)
            {
                try
                {
                    await _writer.WriteAsync(await PrepareAsync([item], cancellationToken), cancellationToken);
                    stored.Add(item.Entry);
                }
                catch (Exception single) when (!Outage.Is(single) && !cancellationToken.IsCancellationRequested)
                {
                    failed.Add((item.Entry, single));
                }
            }
        }
        catch (Exception e) when (Outage.Is(e))
        {
            _metrics.Failure("outage");
            throw;
        }

        if (stored.Count > 0)
        {
            var ids = stored.Select(e => e.Id).ToArray();
            await db.StreamAcknowledgeAsync(key, _options.ConsumerGroup, ids).WaitAsync(cancellationToken);
            var wereRetried = ids.Where(retried.Contains).ToArray();
            if (wereRetried.Length > 0)
            {
                await db.HashDeleteAsync(AttemptsKey(key), wereRetried).WaitAsync(cancellationToken);
            }

            _metrics.Stored(stored.Count, Stopwatch.GetElapsedTime(started).TotalSeconds, _time.GetUtcNow());
        }

        foreach (var (entry, error) in failed)
        {
            await FailAsync(db, key, entry, error, cancellationToken);
        }

        await db.ScriptEvaluateAsync(TrimScript, [key], [_options.ConsumerGroup]).WaitAsync(cancellationToken);
    }

    private async Task<List<StoredAnswer>> PrepareAsync(List<(StreamEntry Entry, AnswerRecord Answer)> items, CancellationToken cancellationToken)
    {
        var requests = items
            .Where(i => i.Answer.Event == AnswerRecord.AnswerEvent && i.Answer.Text is not null && ResponseWriter.IsOpenText(i.Answer))
            .Select(i => new AnalysisRequest(i.Entry.Id.ToString(), i.Answer.Text!, i.Answer.Language))
            .ToList();
        var analyses = requests.Count == 0
            ? new Dictionary<string, TextAnalysis>()
            : (await _analyzer.AnalyzeAsync(requests, cancellationToken)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var analysed = requests.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var result = new List<StoredAnswer>(items.Count);
        foreach (var (entry, answer) in items)
        {
            var id = entry.Id.ToString();
            TextAnalysis? analysis = null;
            if (analysed.Contains(id) && !analyses.TryGetValue(id, out analysis))
            {
                throw new InvalidOperationException($"The analyzer returned no result for entry {id}.");
            }

            result.Add(new StoredAnswer(id, Anonymised(answer), analysis, Journey(answer)));
        }

        return result;
    }

    /// <summary>
    /// An anonymous survey's answers arrive without customer and conversation id; their context keeps only
    /// the attributes configured as slices, so no order number or similar leads back to the customer.
    /// </summary>
    private AnswerRecord Anonymised(AnswerRecord answer)
    {
        if (answer.CustomerId is not null || answer.ConversationId.Length > 0 || answer.Context is not { Count: > 0 } context)
        {
            return answer;
        }

        var kept = context.Where(c => _options.AnonymousContextKeys.Contains(c.Key, StringComparer.Ordinal)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        return answer with { Context = kept };
    }

    private string? Journey(AnswerRecord answer) =>
        _catalog?.Find(answer.SurveyId, answer.SurveyVersion)?.Journey
        ?? (answer.Context is { } context && context.TryGetValue("journey", out var journey) ? journey : null);

    private async Task FailAsync(IDatabase db, string key, StreamEntry entry, Exception error, CancellationToken cancellationToken)
    {
        _metrics.Failure("entry");
        var attempts = (int)await db.HashIncrementAsync(AttemptsKey(key), entry.Id).WaitAsync(cancellationToken);
        _logger.EntryFailed(entry.Id.ToString(), key, attempts, _options.MaxAttempts, error.GetType().Name);
        if (attempts < _options.MaxAttempts)
        {
            // Left pending: claimed again (by any worker) once idle for ClaimIdleSeconds.
            return;
        }

        // Exception messages here are our own or the store's, without answer text; cap them anyway.
        var message = $"{error.GetType().FullName}: {error.Message}";
        NameValueEntry[] fields =
        [
            .. entry.Values,
            new(ErrorField, message.Length > 1_000 ? message[..1_000] : message),
            new(AttemptsField, attempts),
            new(SourceField, entry.Id),
            new(FailedAtField, _time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        ];
        var transaction = db.CreateTransaction();
        _ = transaction.StreamAddAsync(DeadLetterKey(key), fields);
        _ = transaction.StreamAcknowledgeAsync(key, _options.ConsumerGroup, entry.Id);
        _ = transaction.StreamDeleteAsync(key, [entry.Id]);
        _ = transaction.HashDeleteAsync(AttemptsKey(key), entry.Id);

        // EXEC is not cancellable on purpose: the entry must end up either pending or dead-lettered, never neither.
        await transaction.ExecuteAsync();
        _metrics.DeadLettered();
        _logger.DeadLettered(entry.Id.ToString(), key, attempts);
    }
}
