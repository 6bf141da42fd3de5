using CxBot.Host.Tests.Infrastructure;
using CxBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace CxBot.Host.Tests.Teams;

/// <summary>What question cards cost in Redis: nothing on other channels, one small key and one write per Teams turn.</summary>
public sealed class TeamsFootprintTests(BotAppFixture host) : IClassFixture<BotAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string[]> CommandsOfAsync(Func<Task> turn)
    {
        var redis = host.App.Services.GetRequiredService<IConnectionMultiplexer>();
        var session = new ProfilingSession();
        redis.RegisterProfiler(() => session);
        try
        {
            await turn();
        }
        finally
        {
            redis.RegisterProfiler(() => null);
        }
        // The script goes as EVALSHA once loaded (EVAL the first time): both are the one commit.
        return [.. session.FinishProfiling().Select(c => c.Command == "EVAL" ? "EVALSHA" : c.Command).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task A_web_chat_turn_still_costs_one_load_and_one_commit_and_a_Teams_card_turn_adds_one_read_beside_the_load_and_one_write()
    {
        var web = host.NewChat();
        await web.SendAsync("hi", Ct);
        var webTurn = await CommandsOfAsync(() => web.SendAsync("9", Ct));

        var teams = new TeamsChat(host.Http, host.Channel);
        await teams.SayAsync("hi", Ct);
        var toText = await CommandsOfAsync(() => teams.SayAsync("9", Ct)); // card answered, the next question is text
        await teams.SayAsync("Skip", Ct);
        var teamsTurn = await CommandsOfAsync(() => teams.SayAsync("4", Ct)); // card answered, the next question is a card

        Assert.Equal(["EVALSHA", "GET"], webTurn);
        Assert.Equal(["EVALSHA", "GET", "GET", "UNLINK"], toText);
        Assert.Equal(["EVALSHA", "GET", "GET", "SETEX"], teamsTurn);

        var keys = host.App.Services.GetRequiredService<RedisKeys>();
        var cardKey = keys.Conversation(new ConversationKey("msteams", teams.ConversationId)).Append(":card");
        var db = host.App.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var bytes = (long)await db.ExecuteAsync("MEMORY", "USAGE", cardKey, "SAMPLES", "0");
        Assert.InRange(bytes, 1, 600);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"web chat turn: {string.Join(",", webTurn)}; Teams card turn: {string.Join(",", teamsTurn)}; open-card key: {bytes} B (MEMORY USAGE)");
    }
}
