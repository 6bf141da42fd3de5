using System.Collections.Concurrent;
using System.Diagnostics;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Host.Tests.ScaleOut;
using CxBot.Storage;
using CxBot.Testing;

namespace CxBot.Host.Tests.Faults;

/// <summary>
/// Redis is killed with SIGKILL while customers are taking the survey, and started again from its
/// append-only file (<c>appendfsync always</c>, as in production).
/// </summary>
public sealed class RedisKilledUnderLoadTests : IAsyncLifetime
{
    private const int Customers = 16;
    private const int AcknowledgedBeforeKill = 24;
    private const string Restored = "restored";
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(50);
    private static readonly TimeSpan AnswersAgainWithin = TimeSpan.FromSeconds(10);

    private RedisServer _redis = null!;
    private ChannelStandIn _channel = null!;
    private HostGroup _host = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _redis = await RedisServer.StartNewAsync(appendOnly: true, ct);
        _channel = await ChannelStandIn.StartAsync(ct);
        // The storage log says when the host's connection is back: the signal customers wait for.
        _host = await HostGroup.StartAsync(1, _redis.ConnectionString, RedisServer.NewPrefix(), ct,
            new Dictionary<string, string> { ["Logging__LogLevel__CxBot.Storage.Redis"] = "Information" });
    }

    [Fact]
    public async Task Redis_killed_and_restarted_mid_load_loses_no_acknowledged_answer_and_the_bot_answers_again_within_seconds()
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        budget.CancelAfter(TestBudget);
        var ct = budget.Token;

        var acknowledged = new ConcurrentQueue<Acknowledged>();
        var killing = 0;
        var enoughAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restartedFlag = 0;
        var answeredAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Record(Acknowledged answer)
        {
            acknowledged.Enqueue(answer);
            if (acknowledged.Count >= AcknowledgedBeforeKill) enoughAcknowledged.TrySetResult();
            if (Volatile.Read(ref restartedFlag) == 1) answeredAgain.TrySetResult();
        }

        var customers = Enumerable.Range(0, Customers).Select(_ => new SurveyCustomer(
            (activity, host, token) => _host.PostAsync(activity, host, token), _channel, 0,
            token => back.Task.WaitAsync(token))).ToList();

        var load = Task.WhenAll(customers.Select(c => Task.Run(() => c.TakeSurveyAsync(Record, () => Volatile.Read(ref killing) == 1, ct), ct)));

        await Task.WhenAny(enoughAcknowledged.Task, load);
        Assert.False(load.IsCompleted, "The load finished before Redis could be killed: raise the number of customers.");
        var restoredBefore = _host.Printed(0, Restored);
        Volatile.Write(ref killing, 1);
        var beforeKill = acknowledged.ToArray();
        await _redis.StopAsync(ct);
        await _redis.StartAsync(ct);
        var restarted = Stopwatch.StartNew();
        Volatile.Write(ref restartedFlag, 1);
        await _host.WaitForPrintedAsync(0, Restored, restoredBefore, TimeSpan.FromSeconds(20), ct);
        back.TrySetResult();

        // Everything acknowledged before the kill was fsynced before its reply: it must be in the restored stream.
        var afterRestart = await RecordedAsync(ct);
        Assert.All(beforeKill, a => Assert.Contains(afterRestart, r => r.ConversationId == a.ConversationId && r.QuestionId == a.QuestionId && r.Event == AnswerRecord.AnswerEvent));

        // The customers who got an apology resend now: one of them must be answered within seconds of the restart.
        var left = AnswersAgainWithin - restarted.Elapsed;
        await Task.WhenAny(answeredAgain.Task, load).WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
        Assert.True(answeredAgain.Task.IsCompleted || load.IsCompletedSuccessfully,
            $"The bot did not answer again within {AnswersAgainWithin} of Redis restarting.");

        await load;
        var recorded = await RecordedAsync(ct);
        foreach (var customer in customers)
        {
            var answers = recorded.Where(r => r.ConversationId == customer.ConversationId && r.Event == AnswerRecord.AnswerEvent).ToList();
            Assert.Equal(SurveyScript.QuestionIds.Order(), answers.Select(a => a.QuestionId!).Order());
            Assert.Single(recorded, r => r.ConversationId == customer.ConversationId && r.Event == AnswerRecord.CompleteEvent);
        }

        Assert.All(acknowledged, a => Assert.Contains(recorded, r => r.ConversationId == a.ConversationId && r.QuestionId == a.QuestionId));
        Assert.Contains(acknowledged, a => a.AfterFault);
    }

    private async Task<IReadOnlyList<AnswerRecord>> RecordedAsync(CancellationToken ct) => await _host.RecordedAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _channel.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
