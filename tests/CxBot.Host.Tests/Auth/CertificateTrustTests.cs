using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Testing;

namespace CxBot.Host.Tests.Auth;

/// <summary>
/// The host reads token metadata over HTTPS only, and trusts only certificates the machine trusts:
/// .NET on Linux takes its roots from OpenSSL's SSL_CERT_FILE (no hashed SSL_CERT_DIR needed). Without
/// the test CA there, the metadata cannot be read and no channel token is accepted.
/// </summary>
public sealed class CertificateTrustTests(RedisServer redis)
{
    [Fact]
    public async Task Without_the_authoritys_CA_in_SSL_CERT_FILE_no_token_is_accepted_and_nothing_is_answered()
    {
        var ct = TestContext.Current.CancellationToken;
        using var certificates = TestCertificates.Create();
        await using var authority = await FakeLoginAuthority.StartAsync(certificates, ct);
        await using var channel = await ChannelStandIn.StartAsync(ct);
        var environment = ChannelAuthFixture.Environment(redis, authority, certificates);
        environment.Remove("SSL_CERT_FILE");
        await using var host = await HostProcess.StartAsync(environment, ct);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var chat = new CustomerChat(http, channel, channelId: "webchat", locale: "en-US");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(chat.Message("hi")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            authority.ChannelToken(new(ChannelAuthFixture.AppId, channel.ServiceUrl, TimeSpan.FromMinutes(30))));
        using var response = await http.SendAsync(request, ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"answered {(int)response.StatusCode}");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(channel.Received(chat.ConversationId));
        Assert.True(authority.RequestLog.Length == 0, "The host read the metadata without trusting its CA:" + Environment.NewLine + authority.RequestLog);
    }
}
