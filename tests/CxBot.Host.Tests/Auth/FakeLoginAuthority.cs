using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CxBot.Host.Tests.Auth;

/// <summary>
/// A local stand-in for Azure's login endpoints over HTTPS: the channel's OpenID metadata and its
/// JWKS (with Bot Framework "endorsements"), the Entra token endpoint the bot gets its outbound token
/// from (client_credentials). It signs channel tokens with the key it publishes and counts token requests.
/// </summary>
internal sealed class FakeLoginAuthority : IAsyncDisposable
{
    public const string KeyId = "channel-key-1";
    public const string Tenant = "botframework.com";

    private static readonly string[] Endorsements = ["msteams", "webchat", "directline", "test"];

    private readonly WebApplication _app;
    private readonly RSA _signingKey = RSA.Create(2048);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _issuedTokens = new();
    private readonly ConcurrentQueue<(string ClientId, string Scope)> _tokenClients = new();
    private int _tokenRequests;

    private FakeLoginAuthority(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public string Issuer => "https://api.botframework.test";

    public string ChannelMetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";

    public string EmulatorMetadataUrl => $"{BaseUrl}/emulator/v2.0/.well-known/openid-configuration";

    public string LoginUrl => $"{BaseUrl}/{Tenant}";

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>The access tokens the token endpoint handed out, in order.</summary>
    public IReadOnlyList<string> IssuedTokens => [.. _issuedTokens];

    /// <summary>Who asked the token endpoint, and for what scope, in order.</summary>
    public IReadOnlyList<(string ClientId, string Scope)> TokenClients => [.. _tokenClients];

    /// <summary>Every request it served, as "METHOD path?query", for failure messages.</summary>
    public string RequestLog => string.Join(Environment.NewLine, _requests);

    /// <summary>What the token endpoint puts in expires_in (seconds).</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    public static async Task<FakeLoginAuthority> StartAsync(TestCertificates certificates, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http1AndHttp2;
            l.UseHttps(certificates.Server);
        }));
        var app = builder.Build();
        var authority = new FakeLoginAuthority(app);
        authority.Map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        authority.BaseUrl = address.TrimEnd('/').Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        return authority;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            _requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            await next(context);
        });
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(Metadata(Issuer)));
        app.MapGet("/emulator/v2.0/.well-known/openid-configuration", () => Results.Json(Metadata("https://emulator.botframework.test")));
        app.MapGet("/keys", Keys);
        app.MapPost("/{tenant}/oauth2/v2.0/token", IssueTokenAsync);
        // With ValidateAuthority=false MSAL asks for nothing else (no instance discovery, no tenant metadata):
        // the request log shows only the two reads above and the token requests.
    }

    private JsonObject Metadata(string issuer) => new()
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = $"{BaseUrl}/{Tenant}/oauth2/v2.0/authorize",
        ["jwks_uri"] = $"{BaseUrl}/keys",
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    };

    private IResult Keys()
    {
        var parameters = _signingKey.ExportParameters(false);
        return Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode)e)]),
            }),
        });
    }

    private async Task<IResult> IssueTokenAsync(string tenant, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || string.IsNullOrEmpty(form["client_id"]) || string.IsNullOrEmpty(form["client_secret"]))
            return Results.Json(new { error = "invalid_request" }, statusCode: StatusCodes.Status400BadRequest);
        _tokenClients.Enqueue((form["client_id"].ToString(), form["scope"].ToString()));
        var number = Interlocked.Increment(ref _tokenRequests);
        var token = $"outbound-{tenant}-{number}-{Guid.NewGuid():N}";
        _issuedTokens.Enqueue(token);
        return Results.Json(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenLifetimeSeconds,
            ["ext_expires_in"] = TokenLifetimeSeconds,
            ["access_token"] = token,
        });
    }

    /// <summary>A channel token as Azure Bot Service would send it: RS256, no "ver", custom issuer.</summary>
    public string ChannelToken(ChannelTokenShape shape)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>();
        if (shape.ServiceUrl is not null) claims["serviceurl"] = shape.ServiceUrl;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = shape.Issuer ?? Issuer,
            Audience = shape.Audience,
            Claims = claims,
            NotBefore = now.Add(shape.ExpiresIn) - TimeSpan.FromHours(1),
            IssuedAt = now.Add(shape.ExpiresIn) - TimeSpan.FromHours(1),
            Expires = now.Add(shape.ExpiresIn),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(shape.SignWith ?? _signingKey) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signingKey.Dispose();
    }
}

/// <summary>What varies between the channel tokens of the tests.</summary>
internal sealed record ChannelTokenShape(string Audience, string? ServiceUrl, TimeSpan ExpiresIn)
{
    public string? Issuer { get; init; }

    /// <summary>A key other than the published one: a forged signature.</summary>
    public RSA? SignWith { get; init; }
}
