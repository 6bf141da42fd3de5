using System.Text.Json.Nodes;
using CxBot.Host.Bot;
using CxBot.Host.DirectLine;

namespace CxBot.Host.WebChat;

/// <summary>
/// Signs and checks survey links (<c>/?invite=&lt;token&gt;</c>): which survey, for which customer,
/// with what context (order, product, agent), until when. A link is an HS256 JWT for the audience
/// <c>survey-invitation</c>; that it works once per customer and survey is enforced when it is used.
/// </summary>
internal sealed class InvitationSigner(TokenSigner signer, TimeSpan defaultLifetime)
{
    public const string Audience = "survey-invitation";

    /// <summary>A link valid for <c>WebChat:InvitationDays</c> unless <paramref name="lifetime"/> says otherwise.</summary>
    public string Sign(SurveyInvitation invitation, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentException.ThrowIfNullOrEmpty(invitation.SurveyId);
        ArgumentException.ThrowIfNullOrEmpty(invitation.CustomerId);
        var claims = new JsonObject { ["sid"] = invitation.SurveyId, ["cid"] = invitation.CustomerId };
        if (invitation.Context is { Count: > 0 } context)
        {
            var ctx = new JsonObject();
            foreach (var (key, value) in context) ctx[key] = value;
            claims["ctx"] = ctx;
        }
        if (!string.IsNullOrEmpty(invitation.Language)) claims["lang"] = invitation.Language;
        return signer.Sign(Audience, lifetime ?? defaultLifetime, claims);
    }

    public InvitationCheck Verify(string? token)
    {
        var check = signer.Verify(token, Audience);
        if (check.Status == TokenStatus.Invalid || check.Claim("sid") is not { } surveyId || check.Claim("cid") is not { } customerId)
            return new InvitationCheck(TokenStatus.Invalid, null);
        Dictionary<string, string>? context = null;
        if (check.Claims!["ctx"] is JsonObject ctx)
        {
            context = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in ctx)
                if (value is JsonValue v && v.TryGetValue<string>(out var text)) context[key] = text;
        }
        return new InvitationCheck(check.Status, new SurveyInvitation(surveyId, customerId, context, check.Claim("lang")));
    }
}

/// <summary>The invitation a link names, also when it has expired (to say so kindly), never when it was tampered with.</summary>
internal sealed record InvitationCheck(TokenStatus Status, SurveyInvitation? Invitation);
