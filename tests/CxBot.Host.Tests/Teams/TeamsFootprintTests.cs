using System.Net;
using System.Net.Sockets;
using System.Text;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CxBot.Host.Tests.Teams;

/// <summary>What question cards cost in Redis: nothing on other channels, one small key and one write per Teams turn.</summary>
public sealed class TeamsFootprintTests(BotAppFixture host) : IClassFixture<BotAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IConnectionMultiplexer Redis => host.App.Services.GetRequiredService<IConnectionMultiplexer>();

    /// <summary>
    /// The Redis commands one turn of this conversation ran, as the server saw them (MONITOR): the host's
    /// background work (the invitation scheduler) shares the connection, so only commands naming the
    /// conversation count. A marker sent after the turn tells when everything before it has been seen.
    /// </summary>
    private async Task<string[]> CommandsOfAsync(string conversationId, Func<Task> turn)
    {
        var endpoint = (IPEndPoint)Redis.GetEndPoints()[0];
        using var monitor = new TcpClient();
        await monitor.ConnectAsync(endpoint.Address, endpoint.Port, Ct);
        using var reader = new StreamReader(monitor.GetStream(), Encoding.UTF8);
        await monitor.GetStream().WriteAsync("MONITOR\r\n"u8.ToArray(), Ct);
        Assert.Equal("+OK", await reader.ReadLineAsync(Ct));

        await turn();
        var marker = "turn-end-" + Guid.NewGuid().ToString("N");
        await Redis.GetDatabase().ExecuteAsync("ECHO", marker);

        var commands = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (await reader.ReadLineAsync(timeout.Token) is { } line && !line.Contains(marker, StringComparison.Ordinal))
        {
            // A script's own commands show as "[0 lua]": they run inside the one EVALSHA, no round trip of their own.
            if (!line.Contains(conversationId, StringComparison.Ordinal) || line.Contains(" lua]", StringComparison.Ordinal)) continue;
            var start = line.IndexOf("] \"", StringComparison.Ordinal) + 3;
            commands.Add(line[start..line.IndexOf('"', start)].ToUpperInvariant());
        }
        return [.. commands.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task A_web_chat_turn_still_costs_one_load_and_one_commit_and_a_Teams_card_turn_adds_one_read_beside_the_load_and_one_write()
    {
        var web = host.NewChat();
        await web.SendAsync("hi", Ct);
        var webTurn = await CommandsOfAsync(web.ConversationId, () => web.SendAsync("9", Ct));

        var teams = new TeamsChat(host.Http, host.Channel);
        await teams.SayAsync("hi", Ct);
        var toText = await CommandsOfAsync(teams.ConversationId, () => teams.SayAsync("9", Ct)); // card answered, the next question is text
        await teams.SayAsync("Skip", Ct);
        var toCard = await CommandsOfAsync(teams.ConversationId, () => teams.SayAsync("4", Ct)); // card answered, the next question is a card

        // EVALSHA: the commit script (EVAL the first time it runs).
        Assert.Equal(["EVALSHA", "GET"], webTurn.Select(c => c == "EVAL" ? "EVALSHA" : c));
        Assert.Equal(["EVALSHA", "GET", "GET", "UNLINK"], toText.Select(c => c == "EVAL" ? "EVALSHA" : c));
        Assert.Equal(["EVALSHA", "GET", "GET", "SETEX"], toCard.Select(c => c == "EVAL" ? "EVALSHA" : c));

        var cardKey = host.App.Services.GetRequiredService<RedisKeys>().Conversation(new ConversationKey("msteams", teams.ConversationId)).Append(":card");
        var bytes = (long)await Redis.GetDatabase().ExecuteAsync("MEMORY", "USAGE", cardKey, "SAMPLES", "0");
        Assert.InRange(bytes, 1, 600);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"web chat turn: {string.Join(",", webTurn)}; Teams card turn: {string.Join(",", toCard)}; open-card key: {bytes} B (MEMORY USAGE)");
    }
}
