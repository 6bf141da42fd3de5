using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using Microsoft.Rest.Serialization;
using Newtonsoft.Json;

namespace CxBot.Host.Bot;

/// <summary>
/// The SDK's authentication, unchanged in what it checks, with the clients it creates for every turn
/// kept instead. Why (profiled under load, see README, Performance): each turn the SDK builds a new
/// ConnectorClient and a new user-token client, and each one compiles regexes for its user agent,
/// rebuilds Newtonsoft's serialization contracts and locks the shared HttpClient to add headers — most
/// of a turn's CPU and ~70% of its allocations. A ConnectorClient is safe to share: its credentials
/// cache and refresh their own token.
/// </summary>
internal sealed class FastConnectorAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    // Without channel authentication anyone may name any serviceUrl: bound what is kept.
    private const int MaxKeptClients = 256;

    private static readonly ReadOnlyJsonContractResolver SerializationContracts = new();
    private static readonly ReadOnlyJsonContractResolver DeserializationContracts = new();

    private readonly ConcurrentDictionary<(string AppId, string ServiceUrl, string Audience), Task<IConnectorClient>> _connectors = new();
    private readonly ConcurrentDictionary<string, Task<UserTokenClient>> _userTokenClients = new();

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken) =>
        Keep(await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken));

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        Keep(await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken));

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new KeptConnectorFactory(this, inner.CreateConnectorFactory(claimsIdentity), AppIdOf(claimsIdentity));

    public override async Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken)
    {
        var appId = AppIdOf(claimsIdentity);
        var created = _userTokenClients.GetOrAdd(appId, _ => inner.CreateUserTokenClientAsync(claimsIdentity, CancellationToken.None));
        try
        {
            return new KeptUserTokenClient(await created.WaitAsync(cancellationToken));
        }
        catch (Exception) when (created.IsFaulted)
        {
            _userTokenClients.TryRemove(new(appId, created));
            throw;
        }
    }

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    private AuthenticateRequestResult Keep(AuthenticateRequestResult result)
    {
        if (result.ConnectorFactory is { } factory) result.ConnectorFactory = new KeptConnectorFactory(this, factory, AppIdOf(result.ClaimsIdentity));
        return result;
    }

    // The bot's own app id is the token's audience (or appid for anonymous requests): one client set per bot identity.
    private static string AppIdOf(ClaimsIdentity? identity) =>
        identity?.FindFirst(AuthenticationConstants.AudienceClaim)?.Value ?? identity?.FindFirst(AuthenticationConstants.AppIdClaim)?.Value ?? "";

    private async Task<IConnectorClient> ConnectorAsync(ConnectorFactory factory, string appId, string serviceUrl, string audience, CancellationToken cancellationToken)
    {
        if (_connectors.Count >= MaxKeptClients) _connectors.Clear();
        var key = (appId, serviceUrl, audience ?? "");
        var created = _connectors.GetOrAdd(key, _ => CreateConnectorAsync(factory, serviceUrl, audience!));
        try
        {
            return new KeptConnectorClient(await created.WaitAsync(cancellationToken));
        }
        catch (Exception) when (created.IsFaulted)
        {
            _connectors.TryRemove(new(key, created));
            throw;
        }
    }

    private static async Task<IConnectorClient> CreateConnectorAsync(ConnectorFactory factory, string serviceUrl, string audience)
    {
        // Not the turn's token: the client outlives the turn that happened to create it.
        var client = await factory.CreateAsync(serviceUrl, audience, CancellationToken.None);
        if (client is ConnectorClient connector)
        {
            connector.SerializationSettings.ContractResolver = SerializationContracts;
            connector.DeserializationSettings.ContractResolver = DeserializationContracts;
        }
        return client;
    }

    private sealed class KeptConnectorFactory(FastConnectorAuthentication owner, ConnectorFactory inner, string appId) : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken) =>
            owner.ConnectorAsync(inner, appId, serviceUrl, audience, cancellationToken);
    }

    /// <summary>The shared client, handed to one turn: the adapter disposes it at the turn's end, which must not close it.</summary>
    private sealed class KeptConnectorClient(IConnectorClient inner) : IConnectorClient
    {
        public Uri BaseUri { get => inner.BaseUri; set => inner.BaseUri = value; }
        public JsonSerializerSettings SerializationSettings => inner.SerializationSettings;
        public JsonSerializerSettings DeserializationSettings => inner.DeserializationSettings;
        public ServiceClientCredentials Credentials => inner.Credentials;
        public IAttachments Attachments => inner.Attachments;
        public IConversations Conversations => inner.Conversations;

        public void Dispose()
        {
        }
    }

    private sealed class KeptUserTokenClient(UserTokenClient inner) : UserTokenClient
    {
        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            inner.GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
            inner.GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
            inner.SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
            inner.GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
            inner.GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
            inner.ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

        protected override void Dispose(bool disposing)
        {
        }
    }
}
