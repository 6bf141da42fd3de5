using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest.Serialization;

namespace CxBot.Host.Bot;

/// <summary>
/// The SDK's authentication, unchanged, except that the ConnectorClient it hands the adapter for
/// replies shares one pair of JSON contract resolvers for the life of the process.
/// Why: every ConnectorClient builds new resolvers, so Newtonsoft rebuilds and compiles its
/// serialization contracts (expression trees) for every reply — about 10 ms of CPU per turn,
/// the largest cost of a turn in a profile of the SDK (see README, Performance).
/// </summary>
internal sealed class FastConnectorAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    private static readonly ReadOnlyJsonContractResolver SerializationContracts = new();
    private static readonly ReadOnlyJsonContractResolver DeserializationContracts = new();

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);
        if (result.ConnectorFactory is { } factory) result.ConnectorFactory = new SharedContractsConnectorFactory(factory);
        return result;
    }

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);
        if (result.ConnectorFactory is { } factory) result.ConnectorFactory = new SharedContractsConnectorFactory(factory);
        return result;
    }

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new SharedContractsConnectorFactory(inner.CreateConnectorFactory(claimsIdentity));

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    private sealed class SharedContractsConnectorFactory(ConnectorFactory inner) : ConnectorFactory
    {
        public override async Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken)
        {
            var client = await inner.CreateAsync(serviceUrl, audience, cancellationToken);
            if (client is ConnectorClient connector)
            {
                connector.SerializationSettings.ContractResolver = SerializationContracts;
                connector.DeserializationSettings.ContractResolver = DeserializationContracts;
            }
            return client;
        }
    }
}
