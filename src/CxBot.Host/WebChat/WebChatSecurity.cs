using System.Security.Cryptography;

namespace CxBot.Host.WebChat;

/// <summary>The page's security headers and the origin rule of the activity stream.</summary>
internal static class WebChatSecurity
{
    private const string EmptyStyleHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Scripts only from this host; styles from this host or carrying the page's nonce (Web Chat
    /// writes its styles at run time and takes the nonce for them); nothing may frame the page.
    /// The one hash is that of an empty style element: a library inside Web Chat creates one without
    /// the nonce and fills it through the CSSOM, which scripts from this host may do anyway.
    /// </summary>
    public static void AddPageHeaders(HttpResponse response, string nonce)
    {
        var host = response.HttpContext.Request.Host.ToString();
        var headers = response.Headers;
        headers.ContentSecurityPolicy =
            "default-src 'none'; script-src 'self'; " +
            $"style-src 'self' 'nonce-{nonce}' '{EmptyStyleHash}'; img-src 'self' data: blob:; font-src 'self'; " +
            $"connect-src 'self' ws://{host} wss://{host}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        AddCommonHeaders(response);
        headers.CacheControl = "no-store";
    }

    public static void AddCommonHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // The survey link carries a token: no other site may see it in a Referer.
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }

    /// <summary>
    /// A browser always names the page that opens a WebSocket, and a WebSocket is not bound by CORS:
    /// so the stream accepts only this host's page and the configured origins. A missing Origin is
    /// not a browser (a server-side client) and holds a token anyway.
    /// </summary>
    public static bool IsAllowedOrigin(HttpContext http, WebChatOptions options)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin)) return true;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return false;
        if (string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)) return true;
        return options.AllowedOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
