using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CxBot.Host.Tests.Infrastructure;

namespace CxBot.Host.Tests.Auth;

/// <summary>
/// With an app id configured the SDK checks every inbound token (signature, issuer, audience, expiry,
/// endorsements, the serviceurl claim) and signs every reply with a token from the login authority.
/// </summary>
public sealed class ChannelAuthTests(ChannelAuthFixture auth) : IClassFixture<ChannelAuthFixture>
{
    private static readonly TimeSpan Valid = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task A_valid_channel_token_is_answered_and_the_reply_carries_the_bots_own_bearer_token()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = NewChat();

        using var response = await PostAsync(chat.Message("hello"), Token(auth.Channel.ServiceUrl), ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}{Environment.NewLine}{auth.Diagnostics}");
        var reply = Assert.Single(auth.Channel.Received(chat.ConversationId));
        var authorization = reply["_authorization"]!.GetValue<string>();
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        Assert.Contains(authorization["Bearer ".Length..], auth.Authority.IssuedTokens);
        // The bot asked for it as itself, for the configured channel scope.
        Assert.All(auth.Authority.TokenClients, c => Assert.Equal((ChannelAuthFixture.AppId, ChannelAuthFixture.ChannelScope + "/.default"), c));
    }

    [Fact]
    public async Task The_outbound_token_is_fetched_once_and_reused_while_it_is_valid()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = NewChat();

        using (var first = await PostAsync(chat.Message("hi"), Token(auth.Channel.ServiceUrl), ct))
            Assert.True(first.StatusCode == HttpStatusCode.OK, auth.Diagnostics);
        using (var second = await PostAsync(chat.Message("9"), Token(auth.Channel.ServiceUrl), ct))
            Assert.True(second.StatusCode == HttpStatusCode.OK, auth.Diagnostics);

        // The host is shared by this class and the token lives an hour: however many turns ran, one request.
        Assert.True(auth.Authority.TokenRequests == 1, $"{auth.Authority.TokenRequests} token requests{Environment.NewLine}{auth.Diagnostics}");
        var replies = auth.Channel.Received(chat.ConversationId);
        Assert.Equal(2, replies.Count);
        Assert.Single(replies.Select(r => r["_authorization"]!.GetValue<string>()).Distinct());
    }

    public static TheoryData<string> Rejected => ["forged signature", "expired", "wrong audience", "wrong issuer", "no header", "other serviceUrl", "no serviceurl claim", "not a JWT"];

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_request_whose_token_does_not_hold_is_refused_with_401_and_not_answered(string flaw)
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = NewChat();
        var serviceUrl = auth.Channel.ServiceUrl;
        using var forger = RSA.Create(2048);
        var token = flaw switch
        {
            "forged signature" => auth.Authority.ChannelToken(new(ChannelAuthFixture.AppId, serviceUrl, Valid) { SignWith = forger }),
            "expired" => auth.Authority.ChannelToken(new(ChannelAuthFixture.AppId, serviceUrl, TimeSpan.FromMinutes(-10))),
            "wrong audience" => auth.Authority.ChannelToken(new("some-other-bot", serviceUrl, Valid)),
            "wrong issuer" => auth.Authority.ChannelToken(new(ChannelAuthFixture.AppId, serviceUrl, Valid) { Issuer = "https://issuer.example.test" }),
            "no header" => null,
            "other serviceUrl" => Token("https://smba.trafficmanager.example.test/emea/"),
            "no serviceurl claim" => auth.Authority.ChannelToken(new(ChannelAuthFixture.AppId, null, Valid)),
            "not a JWT" => "this-is-not-a-token",
            _ => throw new ArgumentOutOfRangeException(nameof(flaw)),
        };

        using var response = await PostAsync(chat.Message("hello"), token, ct);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{flaw}: {(int)response.StatusCode}{Environment.NewLine}{auth.Diagnostics}");
        Assert.Empty(auth.Channel.Received(chat.ConversationId));
    }

    [Fact]
    public async Task A_channel_the_signing_key_is_not_endorsed_for_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = new CustomerChat(auth.Http, auth.Channel, channelId: "unendorsed-channel", locale: "en-US");

        using var response = await PostAsync(chat.Message("hello"), Token(auth.Channel.ServiceUrl), ct);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}{Environment.NewLine}{auth.Diagnostics}");
        Assert.Empty(auth.Channel.Received(chat.ConversationId));
    }

    private CustomerChat NewChat() => new(auth.Http, auth.Channel, channelId: "webchat", locale: "en-US");

    private string Token(string serviceUrl) => auth.Authority.ChannelToken(new(ChannelAuthFixture.AppId, serviceUrl, Valid));

    private async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await auth.Http.SendAsync(request, cancellationToken);
    }
}
