using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CxBot.Workspace.Tests.Auth;

/// <summary>
/// An OpenID Connect provider on Kestrel speaking the real wire format: the discovery document, a JWKS, /authorize
/// that redirects back with code and state, and /token that checks the PKCE verifier and client secret and returns an
/// RS256-signed id_token. <see cref="Next"/> bends the next id_token (or state) the way a broken or hostile provider would.
/// </summary>
internal sealed class FakeOidcProvider : IAsyncDisposable
{
    public const string ClientId = "cxbot-workspace";
    public const string ClientSecret = "provider-secret-7f3a";
    public const string KeyId = "key-1";

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _forgedKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);

    private FakeOidcProvider(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public string Issuer => BaseAddress.ToString().TrimEnd('/');

    /// <summary>How the next sign-in goes; tests change it before starting one.</summary>
    public Behaviour Next { get; set; } = new();

    /// <summary>The query of the last /authorize request, to check PKCE and nonce were asked for.</summary>
    public IQueryCollection? LastAuthorize { get; private set; }

    public int TokensIssued { get; private set; }

    public static async Task<FakeOidcProvider> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var provider = new FakeOidcProvider(app);
        app.MapGet("/.well-known/openid-configuration", provider.Discovery);
        app.MapGet("/jwks", provider.Jwks);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.TokenAsync);
        await app.StartAsync(ct);
        provider.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _key.Dispose();
        _forgedKey.Dispose();
    }

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Issuer}/authorize",
        ["token_endpoint"] = $"{Issuer}/token",
        ["jwks_uri"] = $"{Issuer}/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query", "form_post" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        ["scopes_supported"] = new[] { "openid", "profile", "email" },
    });

    private IResult Jwks()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return Results.Json(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        });
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        LastAuthorize = q;
        if (q["client_id"] != ClientId || q["response_type"] != "code" || string.IsNullOrEmpty(q["redirect_uri"]))
        {
            return Results.BadRequest();
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        _grants[code] = new Grant(q["redirect_uri"]!, q["nonce"].ToString(), q["code_challenge"].ToString(), q["code_challenge_method"].ToString());
        var state = Next.State ?? q["state"].ToString();
        return Results.Redirect($"{q["redirect_uri"]}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, secret) = ClientCredentials(request, form);
        if (form["grant_type"] != "authorization_code" || !_grants.TryRemove(form["code"].ToString(), out var grant))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (clientId != ClientId || secret != ClientSecret || form["redirect_uri"] != grant.RedirectUri
            || grant.ChallengeMethod != "S256" || challenge != grant.Challenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var accessToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var next = Next;
        var now = DateTime.UtcNow + next.Shift;
        var claims = new Dictionary<string, object>(next.Claims, StringComparer.Ordinal)
        {
            ["nonce"] = next.Nonce ?? grant.Nonce,
            ["at_hash"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]),
        };
        var key = new RsaSecurityKey(next.Forged ? _forgedKey : _key) { KeyId = KeyId };
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = next.Issuer ?? Issuer,
            Audience = next.Audience ?? ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Subject = new ClaimsIdentity([new Claim("sub", "00u-" + next.Claims.GetValueOrDefault("preferred_username", "someone"))]),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        TokensIssued++;
        return Results.Json(new { access_token = accessToken, token_type = "Bearer", expires_in = 3600, id_token = idToken });
    }

    private static (string? ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    private sealed record Grant(string RedirectUri, string Nonce, string Challenge, string ChallengeMethod);

    /// <summary>What the next id_token carries; the defaults make a valid one.</summary>
    internal sealed record Behaviour
    {
        public Dictionary<string, object> Claims { get; init; } = new(StringComparer.Ordinal)
        {
            ["preferred_username"] = "dana@contoso.example",
            ["name"] = "Dana Nowak",
            ["roles"] = new[] { "CX.Analyst" },
        };

        public string? Nonce { get; init; }

        public string? Audience { get; init; }

        public string? Issuer { get; init; }

        public string? State { get; init; }

        /// <summary>Moves the token's times: an hour back makes it expired.</summary>
        public TimeSpan Shift { get; init; }

        /// <summary>Signed with a key that is not in the JWKS, under the published key id.</summary>
        public bool Forged { get; init; }
    }
}
