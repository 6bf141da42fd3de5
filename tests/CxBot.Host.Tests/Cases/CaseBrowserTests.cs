using System.Globalization;
using CxBot.Testing;

namespace CxBot.Host.Tests.Cases;

/// <summary>
/// tests/workspace/cases.test.mjs in Debian's headless chromium (playwright-core, axe-core) against the whole host: the
/// case comes from a survey answered through the channel stand-in, and the message the analyst sends in the browser
/// must reach the stand-in on the customer's conversation. Screenshots go to artifacts/workspace/.
/// </summary>
public sealed class CaseBrowserTests(RedisServer redis)
{
    [Fact]
    public async Task In_the_browser_an_analyst_messages_the_customer_sees_the_reply_and_resolves_the_case_without_serious_accessibility_issues()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CaseLoopHost.StartAsync(redis, ct);
        var chat = host.NewChat("telegram", "en-US");
        await chat.SendAsync("hi", ct);
        await chat.SendAsync("3", ct);
        await chat.SendAsync("The parcel came late <script>window.caseOwned = 1</script>, please call me", ct);
        var id = await host.WaitForAsync("select id from cases where customer_id = $1", ct, $"telegram:{chat.UserId}");
        const string Message = "We are sorry about the parcel. May we call you tomorrow at 10?";
        const string ReplyText = "Yes, 10 is fine";

        await NodeTests.RunAsync("tests/workspace", "cases.test.mjs", new Dictionary<string, string>
        {
            ["CXBOT_URL"] = host.App.BaseAddress.ToString().TrimEnd('/'),
            ["CXBOT_USER"] = "ana",
            ["CXBOT_PASSWORD"] = CaseLoopHost.Password,
            ["CXBOT_CASE_ID"] = id,
            ["CXBOT_MESSAGE"] = Message,
            ["CXBOT_REPLY_ACTIVITY"] = chat.Message(ReplyText).ToJsonString(),
            ["CXBOT_REPLY_SHOWN"] = ReplyText,
            ["CXBOT_ARTIFACTS"] = RepositoryPaths.InRoot("artifacts", "workspace"),
        }, ct);

        // What the browser sent went out through the bot on the customer's conversation, and the reply was acknowledged there.
        var received = host.Channel.Received(chat.ConversationId).Select(a => a["text"]?.GetValue<string>()).ToList();
        Assert.Equal(Message, received[^2]);
        Assert.Equal(CaseLoopHost.ReplyAcknowledgement("en"), received[^1]);
        Assert.Equal("resolved retained", await host.ScalarAsync("select status || ' ' || outcome from cases where id = $1", ct, long.Parse(id, CultureInfo.InvariantCulture)));
    }
}
