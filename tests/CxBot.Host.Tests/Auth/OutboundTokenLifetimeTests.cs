using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Testing;

namespace CxBot.Host.Tests.Auth;

/// <summary>
/// The outbound token is reused only while it has time left: a token about to expire is replaced
/// before the next reply, not sent on and refused by the channel.
/// </summary>
public sealed class OutboundTokenLifetimeTests(RedisServer redis)
{
    [Fact]
    public async Task A_token_close_to_expiry_is_not_reused_for_the_next_reply()
    {
        var ct = TestContext.Current.CancellationToken;
        using var certificates = TestCertificates.Create();
        await using var authority = await FakeLoginAuthority.StartAsync(certificates, ct);
        // Two minutes is inside the refresh margin the token cache keeps (five minutes): every reply needs a new one.
        authority.TokenLifetimeSeconds = 120;
        await using var channel = await ChannelStandIn.StartAsync(ct);
        await using var host = await HostProcess.StartAsync(ChannelAuthFixture.Environment(redis, authority, certificates), ct);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var chat = new CustomerChat(http, channel, channelId: "webchat", locale: "en-US");

        foreach (var text in new[] { "hi", "9" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(chat.Message(text)) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                authority.ChannelToken(new(ChannelAuthFixture.AppId, channel.ServiceUrl, TimeSpan.FromMinutes(30))));
            using var response = await http.SendAsync(request, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}{Environment.NewLine}{host.Output}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(authority.RequestLog);
        Assert.True(authority.TokenRequests == 2, $"{authority.TokenRequests} token requests{Environment.NewLine}{authority.RequestLog}");
        var replies = channel.Received(chat.ConversationId);
        Assert.Equal(authority.IssuedTokens.Select(t => "Bearer " + t), replies.Select(r => r["_authorization"]!.GetValue<string>()));
    }
}
