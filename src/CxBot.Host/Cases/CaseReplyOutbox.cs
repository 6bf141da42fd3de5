using System.Globalization;
using CxBot.Storage;
using CxBot.Workspace.Cases;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Host.Cases;

/// <summary>
/// Customers' replies on their way into the case timeline: a Redis stream the chat turn appends to (Redis is what a
/// turn already depends on), drained into PostgreSQL by <see cref="CaseReplyWorker"/>. An entry is deleted only after
/// its row is committed, so a reply survives PostgreSQL being down, and the row's unique activity id makes a second
/// delivery (two hosts, or a crash between commit and delete) harmless.
/// </summary>
internal sealed class CaseReplyOutbox(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions)
{
    private readonly SemaphoreSlim _added = new(0, 1);

    private IDatabase Db => redis.GetDatabase();

    private RedisKey Key => $"{redisOptions.Value.KeyPrefix}:{{cases}}:replies";

    public async Task AddAsync(CustomerReply reply, CancellationToken cancellationToken)
    {
        await Db.StreamAddAsync(Key, [
            new("case", reply.CaseId.ToString(CultureInfo.InvariantCulture)),
            new("activity", reply.ActivityId),
            new("text", reply.Text),
            new("at", reply.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
        ]).WaitAsync(cancellationToken);
        // Wake the worker now rather than at its next poll; a full semaphore means it is already awake.
        try
        {
            _added.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    public Task<bool> WaitAddedAsync(TimeSpan timeout, CancellationToken cancellationToken) => _added.WaitAsync(timeout, cancellationToken);

    public async Task<IReadOnlyList<(RedisValue Id, CustomerReply Reply)>> PendingAsync(int count, CancellationToken cancellationToken)
    {
        var entries = await Db.StreamRangeAsync(Key, "-", "+", count).WaitAsync(cancellationToken);
        var replies = new List<(RedisValue, CustomerReply)>();
        foreach (var entry in entries)
        {
            string Field(string name) => entry.Values.FirstOrDefault(v => v.Name == name).Value.ToString();
            replies.Add((entry.Id, new CustomerReply(long.Parse(Field("case"), CultureInfo.InvariantCulture), Field("activity"), Field("text"),
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Field("at"), CultureInfo.InvariantCulture)))));
        }

        return replies;
    }

    public Task DeleteAsync(RedisValue id, CancellationToken cancellationToken) => Db.StreamDeleteAsync(Key, [id]).WaitAsync(cancellationToken);
}

/// <summary>Moves replies from the outbox into the case timeline; while PostgreSQL is down they wait in Redis.</summary>
internal sealed class CaseReplyWorker(CaseReplyOutbox outbox, CaseStore store, ILogger<CaseReplyWorker> logger) : BackgroundService
{
    private const int BatchSize = 50;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DrainAsync(stoppingToken) == BatchSize) continue;
                await outbox.WaitAddedAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // PostgreSQL or Redis is away: the replies stay in the stream and are taken on a later pass.
                logger.RepliesNotStored(e);
                try
                {
                    await Task.Delay(Poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var pending = await outbox.PendingAsync(BatchSize, cancellationToken);
        foreach (var (id, reply) in pending)
        {
            if (await store.RecordReplyAsync(reply, cancellationToken)) logger.ReplyStored(reply.CaseId);
            await outbox.DeleteAsync(id, cancellationToken);
        }

        return pending.Count;
    }
}
