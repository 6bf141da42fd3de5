using System.Text.Encodings.Web;
using System.Text.Json;
using CxBot.Host.DirectLine;
using Microsoft.Extensions.Options;

namespace CxBot.Host.WebChat;

/// <summary>The web chat page at / (and its friendly page for a bad survey link) and the token endpoint it calls.</summary>
internal static class WebChatEndpoints
{
    public const string TokenRateLimit = "webchat-token";
    private static readonly TimeSpan InvitationMemory = TimeSpan.FromDays(120);

    public static IEndpointRouteBuilder MapWebChatEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Page);
        app.MapPost("/api/webchat/token", IssueTokenAsync).RequireRateLimiting(TokenRateLimit).DisableAntiforgery();
        return app;
    }

    private static IResult Page(HttpContext http, string? invite, InvitationSigner invitations, PageTexts texts, IOptions<WebChatOptions> options)
    {
        var language = texts.FromAcceptLanguage(http.Request.Headers.AcceptLanguage);
        var nonce = WebChatSecurity.NewNonce();
        WebChatSecurity.AddPageHeaders(http.Response, nonce);
        if (invite is not null)
        {
            var check = invitations.Verify(invite);
            if (check.Status != TokenStatus.Valid)
            {
                var expired = check.Status == TokenStatus.Expired;
                return Html(Notice(texts, options.Value, language, nonce, expired ? "linkExpired" : "linkInvalid"),
                    expired ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest);
            }
            if (check.Invitation?.Language is { } invited && texts.All.ContainsKey(invited)) language = invited;
        }
        return Html(ChatPage(texts, options.Value, language, nonce), StatusCodes.Status200OK);
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext http, DirectLineTokens tokens, TranscriptStore transcripts, InvitationSigner invitations,
        ILogger<InvitationSigner> logger, CancellationToken cancellationToken)
    {
        WebChatSecurity.AddCommonHeaders(http.Response);
        http.Response.Headers.CacheControl = "no-store";
        TokenRequest? request = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            if (http.Request.ContentLength > 16 * 1024) return DirectLineEndpoints.Error(StatusCodes.Status413PayloadTooLarge, "BadArgument", "The request is too large.");
            try
            {
                request = await JsonSerializer.DeserializeAsync(http.Request.Body, WebChatJson.Default.TokenRequest, cancellationToken);
            }
            catch (JsonException)
            {
                return DirectLineEndpoints.Error(StatusCodes.Status400BadRequest, "BadArgument", "The body must be JSON like {\"invite\":\"…\",\"locale\":\"ro-RO\"}.");
            }
        }

        var conversationId = TranscriptStore.NewConversationId();
        var userId = DirectLineTokens.NewUserId();
        string? invitationJson = null;
        // Without an invitation the survey knows the customer by the channel's user id (as every channel does).
        var customerId = DirectLineAdapter.ChannelId + ":" + userId;
        if (!string.IsNullOrEmpty(request?.Invite))
        {
            var check = invitations.Verify(request.Invite);
            switch (check.Status)
            {
                case TokenStatus.Expired:
                    return DirectLineEndpoints.Error(StatusCodes.Status403Forbidden, "InvitationExpired", "The survey link has expired.");
                case TokenStatus.Invalid:
                    return DirectLineEndpoints.Error(StatusCodes.Status403Forbidden, "InvitationInvalid", "The survey link is not valid.");
            }
            var invitation = check.Invitation!;
            if (!await transcripts.ClaimInvitationAsync(invitation.SurveyId, invitation.CustomerId, conversationId, InvitationMemory))
            {
                logger.InvitationReused(invitation.SurveyId);
                return DirectLineEndpoints.Error(StatusCodes.Status409Conflict, "InvitationUsed", "The survey link has already been used.");
            }
            customerId = invitation.CustomerId;
            invitationJson = JsonSerializer.Serialize(new InvitationFacts(invitation.SurveyId, invitation.CustomerId,
                invitation.Context?.ToDictionary(StringComparer.Ordinal), invitation.Language), WebChatJson.Default.InvitationFacts);
        }
        var locale = request?.Locale is { Length: > 0 and <= 20 } l ? l : null;
        await transcripts.CreateAsync(conversationId, userId, customerId, invitationJson, locale);
        logger.TokenIssued(conversationId, invitationJson is not null);
        return TypedResults.Json(new TokenGrant(tokens.Issue(conversationId, userId), conversationId, userId, (int)tokens.Lifetime.TotalSeconds),
            WebChatJson.Default.TokenGrant);
    }

    private static IResult Html(string html, int status) => TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);

    private static string ChatPage(PageTexts texts, WebChatOptions options, string language, string nonce)
    {
        var config = JsonSerializer.Serialize(new PageConfig(options.BrandName, options.BrandColor, options.BrandTextColor, nonce, language, texts.Languages, texts.All),
            WebChatJson.Default.PageConfig);
        var e = HtmlEncoder.Default;
        var logo = string.IsNullOrEmpty(options.BrandLogo)
            ? $"<span class=\"cx-logo cx-initial\" aria-hidden=\"true\">{e.Encode(options.BrandName[..1])}</span>"
            : $"<img class=\"cx-logo\" src=\"{e.Encode(options.BrandLogo)}\" alt=\"\" width=\"32\" height=\"32\">";
        var choices = string.Concat(texts.Languages.Select(l =>
            $"<option value=\"{l}\"{(l == language ? " selected" : "")} lang=\"{l}\">{e.Encode(texts.Get(l, "languageName"))}</option>"));
        return $$"""
            <!doctype html>
            <html lang="{{language}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
            <meta name="theme-color" content="{{options.BrandColor}}">
            <link rel="icon" href="data:,">
            <title>{{e.Encode(options.BrandName)}} · {{e.Encode(texts.Get(language, "title"))}}</title>
            <link rel="stylesheet" href="/webchat/app.css">
            <style nonce="{{nonce}}">:root{--cx-brand:{{options.BrandColor}};--cx-brand-text:{{options.BrandTextColor}}}</style>
            <script type="application/json" id="cx-config">{{config}}</script>
            <script src="/webchat/app.js" defer></script>
            </head>
            <body>
            <header class="cx-header">
              {{logo}}
              <h1 class="cx-title"><span>{{e.Encode(options.BrandName)}}</span> <span class="cx-subtitle" id="cx-subtitle">{{e.Encode(texts.Get(language, "title"))}}</span></h1>
              <label class="cx-language"><span class="cx-visually-hidden" id="cx-language-label">{{e.Encode(texts.Get(language, "languageLabel"))}}</span>
                <select id="cx-language">{{choices}}</select></label>
            </header>
            <main class="cx-chat" id="cx-chat" aria-live="off"><p class="cx-status" id="cx-status" role="status">{{e.Encode(texts.Get(language, "connecting"))}}</p></main>
            <footer class="cx-privacy"><span id="cx-privacy">{{e.Encode(texts.Get(language, "privacy"))}}</span> <a id="cx-privacy-link" href="{{e.Encode(options.PrivacyUrl)}}" target="_blank" rel="noopener noreferrer">{{e.Encode(texts.Get(language, "privacyLink"))}}</a></footer>
            <noscript><p class="cx-status">{{e.Encode(texts.Get(language, "noScript"))}}</p></noscript>
            </body>
            </html>
            """;
    }

    private static string Notice(PageTexts texts, WebChatOptions options, string language, string nonce, string key)
    {
        var e = HtmlEncoder.Default;
        return $$"""
            <!doctype html>
            <html lang="{{language}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <title>{{e.Encode(options.BrandName)}} · {{e.Encode(texts.Get(language, key + "Title"))}}</title>
            <link rel="stylesheet" href="/webchat/app.css">
            <style nonce="{{nonce}}">:root{--cx-brand:{{options.BrandColor}};--cx-brand-text:{{options.BrandTextColor}}}</style>
            </head>
            <body class="cx-notice-page">
            <header class="cx-header"><h1 class="cx-title"><span>{{e.Encode(options.BrandName)}}</span></h1></header>
            <main class="cx-notice" id="cx-notice">
              <h2>{{e.Encode(texts.Get(language, key + "Title"))}}</h2>
              <p>{{e.Encode(texts.Get(language, key))}}</p>
              <p><a class="cx-button" href="/">{{e.Encode(texts.Get(language, "startGeneral"))}}</a></p>
            </main>
            <footer class="cx-privacy">{{e.Encode(texts.Get(language, "privacy"))}} <a href="{{e.Encode(options.PrivacyUrl)}}" rel="noopener noreferrer">{{e.Encode(texts.Get(language, "privacyLink"))}}</a></footer>
            </body>
            </html>
            """;
    }
}
