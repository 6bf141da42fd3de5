using CxBot.Host.Bot;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Host.WebChat;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.WebChat;

/// <summary>
/// The web chat's Node tests (tests/webchat: the real botframework-directlinejs and Debian's
/// headless chromium) against this host on Kestrel and a real Redis: one case per test file.
/// </summary>
public sealed class WebChatNodeTests(WebChatHostFixture host) : IClassFixture<WebChatHostFixture>
{
    [Theory]
    [InlineData("websocket.test.mjs")]
    [InlineData("polling.test.mjs")]
    [InlineData("security.test.mjs")]
    [InlineData("browser-chat.test.mjs")]
    [InlineData("browser-invite.test.mjs")]
    [InlineData("two-hosts.test.mjs")]
    public async Task Node_tests_pass_against_the_bot_hosted_direct_line(string file)
    {
        var output = await NodeTests.RunAsync("tests/webchat", file, new Dictionary<string, string>
        {
            ["CXBOT_URL"] = host.App.BaseAddress.ToString().TrimEnd('/'),
            ["CXBOT_URL_SECOND"] = host.Second.BaseAddress.ToString().TrimEnd('/'),
            ["CXBOT_ARTIFACTS"] = RepositoryPaths.InRoot("artifacts", "webchat"),
            ["CXBOT_INVITE"] = host.Invite,
            ["CXBOT_INVITE_EXPIRED"] = host.ExpiredInvite,
            ["CXBOT_INVITE_TICKET"] = WebChatHostFixture.Ticket,
            ["CXBOT_INVITE_AGENT"] = WebChatHostFixture.Agent,
        }, TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage("{0}", output);
        Assert.Matches(@"\bfail 0\b", output);
    }
}

/// <summary>A host for the Node tests, with a signing key of its own and survey links signed by it.</summary>
public sealed class WebChatHostFixture(RedisServer redis) : IAsyncLifetime
{
    public const string Ticket = "T-58213";
    public const string Agent = "Ioana";

    public BotApp App { get; private set; } = null!;

    /// <summary>Another host process on the same Redis, key prefix and signing key.</summary>
    public BotApp Second { get; private set; } = null!;

    public string Invite { get; private set; } = "";
    public string ExpiredInvite { get; private set; } = "";

    public ValueTask InitializeAsync()
    {
        var prefix = RedisServer.NewPrefix();
        var settings = new Dictionary<string, string?>
        {
            ["WebChat:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
            // The Node tests mint many tokens from one address; the limit itself is tested elsewhere.
            ["WebChat:TokensPerMinute"] = "1000",
        };
        App = new BotApp(redis.ConnectionString, prefix, settings).Start();
        Second = new BotApp(redis.ConnectionString, prefix, settings).Start();
        var signer = App.Services.GetRequiredService<InvitationSigner>();
        var context = new Dictionary<string, string> { ["ticket_id"] = Ticket, ["agent"] = Agent };
        Invite = signer.Sign(new SurveyInvitation("support-ticket", "customer-" + Guid.NewGuid().ToString("N"), context), TimeSpan.FromDays(7));
        ExpiredInvite = signer.Sign(new SurveyInvitation("support-ticket", "customer-" + Guid.NewGuid().ToString("N"), context), TimeSpan.FromMinutes(-5));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Second.DisposeAsync();
    }
}
