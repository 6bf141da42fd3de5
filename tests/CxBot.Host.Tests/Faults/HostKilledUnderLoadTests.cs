using System.Collections.Concurrent;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Host.Tests.ScaleOut;
using CxBot.Storage;
using CxBot.Testing;

namespace CxBot.Host.Tests.Faults;

/// <summary>
/// Two host processes behind one address; one is killed (SIGKILL) while customers are mid-survey.
/// PostgreSQL going down is covered where the pipeline lives:
/// PipelineTests.While_PostgreSQL_is_down_entries_wait_in_Redis_and_flow_when_it_is_back in tests/CxBot.Responses.Tests.
/// </summary>
public sealed class HostKilledUnderLoadTests(RedisServer redis) : IAsyncLifetime
{
    private const int Customers = 12;
    private const int AcknowledgedBeforeKill = 16;
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(50);

    private ChannelStandIn _channel = null!;
    private HostGroup _hosts = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _channel = await ChannelStandIn.StartAsync(ct);
        _hosts = await HostGroup.StartAsync(2, redis.ConnectionString, RedisServer.NewPrefix(), ct);
    }

    [Fact]
    public async Task When_one_of_two_hosts_is_killed_mid_load_the_other_carries_every_survey_to_the_end_with_nothing_doubled()
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        budget.CancelAfter(TestBudget);
        var ct = budget.Token;

        var acknowledged = new ConcurrentQueue<Acknowledged>();
        var killed = 0;
        var enoughAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Record(Acknowledged answer)
        {
            acknowledged.Enqueue(answer);
            if (acknowledged.Count >= AcknowledgedBeforeKill) enoughAcknowledged.TrySetResult();
        }

        var customers = Enumerable.Range(0, Customers).Select(i => new SurveyCustomer(
            (activity, host, token) => _hosts.PostAsync(activity, host, token), _channel, i,
            _ => throw new InvalidOperationException("Losing a host must not cost a customer an apology."))).ToList();

        var load = Task.WhenAll(customers.Select(c => Task.Run(() => c.TakeSurveyAsync(Record, () => Volatile.Read(ref killed) == 1, ct), ct)));
        await Task.WhenAny(enoughAcknowledged.Task, load);
        Assert.False(load.IsCompleted, "The load finished before a host could be killed: raise the number of customers.");
        Volatile.Write(ref killed, 1);
        await _hosts.KillAsync(1);
        await load.WaitAsync(ct);

        var recorded = await _hosts.RecordedAsync(ct);
        foreach (var customer in customers)
        {
            var mine = recorded.Where(r => r.ConversationId == customer.ConversationId).ToList();
            Assert.Equal(SurveyScript.QuestionIds.Order(), mine.Where(r => r.Event == AnswerRecord.AnswerEvent).Select(a => a.QuestionId!).Order());
            Assert.Single(mine, r => r.Event == AnswerRecord.CompleteEvent);
        }

        Assert.All(acknowledged, a => Assert.Contains(recorded, r => r.ConversationId == a.ConversationId && r.QuestionId == a.QuestionId));
        Assert.Contains(acknowledged, a => a.AfterFault);
    }

    public async ValueTask DisposeAsync()
    {
        await _hosts.DisposeAsync();
        await _channel.DisposeAsync();
    }
}
