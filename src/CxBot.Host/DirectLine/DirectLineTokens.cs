using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace CxBot.Host.DirectLine;

/// <summary>
/// Direct Line tokens (one conversation + one user, <c>aud=directline</c>) and stream tickets
/// (one socket, 60 seconds, <c>aud=directline-stream</c>), both signed by the web chat key.
/// </summary>
internal sealed class DirectLineTokens(TokenSigner signer, TimeSpan lifetime)
{
    public const string TokenAudience = "directline";
    public const string TicketAudience = "directline-stream";
    public static readonly TimeSpan TicketLifetime = TimeSpan.FromSeconds(60);

    public TimeSpan Lifetime { get; } = lifetime;

    public static string NewUserId() => "dl_" + Guid.NewGuid().ToString("N");

    public string Issue(string conversationId, string userId) =>
        signer.Sign(TokenAudience, Lifetime, new JsonObject { ["conv"] = conversationId, ["user"] = userId });

    public DirectLineToken? Read(string? token, out TokenStatus status)
    {
        var check = signer.Verify(token, TokenAudience);
        status = check.Status;
        return check.Claim("conv") is { } conv && check.Claim("user") is { } user ? new DirectLineToken(conv, user, check.Expires) : null;
    }

    public (string Ticket, string Id) IssueTicket(string conversationId, long watermark)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
        return (signer.Sign(TicketAudience, TicketLifetime, new JsonObject { ["conv"] = conversationId, ["wm"] = watermark, ["jti"] = id }), id);
    }

    public (string ConversationId, long Watermark, string Id)? ReadTicket(string? ticket)
    {
        var check = signer.Verify(ticket, TicketAudience);
        if (check.Status != TokenStatus.Valid || check.Claim("conv") is not { } conv || check.Claim("jti") is not { } id) return null;
        return (conv, check.Claims!["wm"]?.GetValue<long>() ?? 0, id);
    }
}

internal sealed record DirectLineToken(string ConversationId, string UserId, DateTimeOffset Expires);
