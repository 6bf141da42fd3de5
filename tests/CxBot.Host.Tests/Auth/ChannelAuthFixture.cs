using CxBot.Host.Tests.Infrastructure;
using CxBot.Testing;

namespace CxBot.Host.Tests.Auth;

/// <summary>
/// The host as its own process with channel authentication on, pointed by configuration keys alone at
/// a local HTTPS login authority, replying to a local channel stand-in.
/// </summary>
public sealed class ChannelAuthFixture(RedisServer redis) : IAsyncLifetime
{
    public const string AppId = "6a1d3f7e-0c9b-4e55-9d1a-0c0b0f000001";

    public const string ChannelScope = "https://api.botframework.test";

    private TestCertificates? _certificates;

    internal FakeLoginAuthority Authority { get; private set; } = null!;
    internal HostProcess Host { get; private set; } = null!;
    public ChannelStandIn Channel { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _certificates = TestCertificates.Create();
        Authority = await FakeLoginAuthority.StartAsync(_certificates, ct);
        Channel = await ChannelStandIn.StartAsync(ct);
        Host = await HostProcess.StartAsync(Environment(redis, Authority, _certificates), ct);
        Http = new HttpClient { BaseAddress = Host.BaseAddress };
    }

    /// <summary>Every setting the host gets, as the environment variables an operator would set.</summary>
    internal static Dictionary<string, string> Environment(RedisServer redis, FakeLoginAuthority authority, TestCertificates certificates) => new()
    {
        ["MicrosoftAppType"] = "MultiTenant",
        ["MicrosoftAppId"] = AppId,
        ["MicrosoftAppPassword"] = "test-client-secret",
        ["ToBotFromChannelOpenIdMetadataUrl"] = authority.ChannelMetadataUrl,
        ["ToBotFromChannelTokenIssuer"] = authority.Issuer,
        ["ToBotFromEmulatorOpenIdMetadataUrl"] = authority.EmulatorMetadataUrl,
        ["ToChannelFromBotLoginUrl"] = authority.LoginUrl,
        ["ToChannelFromBotOAuthScope"] = ChannelScope,
        ["ValidateAuthority"] = "false",
        // Parameterized mode has no defaults: the user-token service needs a URL even though surveys never sign users in.
        ["OAuthUrl"] = authority.BaseUrl + "/oauth",
        ["ConnectionStrings__Redis"] = redis.ConnectionString,
        ["Redis__KeyPrefix"] = RedisServer.NewPrefix(),
        ["SSL_CERT_FILE"] = certificates.BundlePath,
    };

    /// <summary>What the host and the authority saw, for failure messages.</summary>
    public string Diagnostics => $"Authority requests:{System.Environment.NewLine}{Authority.RequestLog}{System.Environment.NewLine}Host output:{System.Environment.NewLine}{Host.Output}";

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        if (Channel is not null) await Channel.DisposeAsync();
        if (Authority is not null) await Authority.DisposeAsync();
        _certificates?.Dispose();
    }
}
