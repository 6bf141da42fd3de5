using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxBot.Host.DirectLine;

/// <summary>
/// Compact JWTs signed with HMAC-SHA256 (HS256). Every token names its purpose in <c>aud</c>, so a
/// survey link can never be used as a Direct Line token or a stream ticket, and the reverse.
/// Web Chat reads the <c>user</c> claim of a Direct Line token as the customer's id.
/// </summary>
internal sealed class TokenSigner
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");
    private readonly byte[] _key;
    private readonly TimeProvider _clock;

    public TokenSigner(byte[] key, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(key.Length, 32);
        _key = key;
        _clock = clock;
    }

    public string Sign(string audience, TimeSpan lifetime, JsonObject claims)
    {
        var now = _clock.GetUtcNow();
        var payload = new JsonObject { ["aud"] = audience, ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = (now + lifetime).ToUnixTimeSeconds() };
        foreach (var (name, value) in claims) payload[name] = value?.DeepClone();
        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, DirectLineJson.Default.JsonObject));
        return signingInput + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>The claims of a well-signed token for <paramref name="audience"/>; tells an expired one from a forged one.</summary>
    public TokenCheck Verify(string? token, string audience)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8192) return new TokenCheck(TokenStatus.Invalid, null);
        var parts = token.Split('.');
        if (parts.Length != 3) return new TokenCheck(TokenStatus.Invalid, null);
        byte[] signature, payloadBytes;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            payloadBytes = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return new TokenCheck(TokenStatus.Invalid, null);
        }
        var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature)) return new TokenCheck(TokenStatus.Invalid, null);

        JsonObject? payload;
        try
        {
            payload = JsonNode.Parse(payloadBytes) as JsonObject;
        }
        catch (JsonException)
        {
            return new TokenCheck(TokenStatus.Invalid, null);
        }
        if (payload is null || payload["aud"]?.GetValue<string>() != audience) return new TokenCheck(TokenStatus.Invalid, null);
        var exp = payload["exp"]?.GetValue<long>() ?? 0;
        return _clock.GetUtcNow().ToUnixTimeSeconds() >= exp
            ? new TokenCheck(TokenStatus.Expired, payload)
            : new TokenCheck(TokenStatus.Valid, payload);
    }
}

internal enum TokenStatus
{
    Valid,
    Expired,
    Invalid,
}

internal sealed record TokenCheck(TokenStatus Status, JsonObject? Claims)
{
    public string? Claim(string name) => Claims?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public DateTimeOffset Expires => DateTimeOffset.FromUnixTimeSeconds(Claims?["exp"]?.GetValue<long>() ?? 0);
}
