using Microsoft.Net.Http.Headers;

namespace CxBot.Host.WebChat;

/// <summary>
/// Serves the build's Brotli or gzip copy of a script or stylesheet (app.js.br next to app.js) to a
/// browser that accepts it: the page's 2.5 MB script travels as about 0.5 MB.
/// </summary>
internal static class PrecompressedFiles
{
    private static readonly (string Token, string Extension)[] Encodings = [("br", ".br"), ("gzip", ".gz")];

    public static IApplicationBuilder UsePrecompressedFiles(this IApplicationBuilder app, string root, PathString under) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        if ((HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            && path.StartsWithSegments(under) && ContentTypeOf(path.Value!) is { } contentType)
        {
            var accepted = http.Request.Headers.AcceptEncoding.ToString();
            foreach (var (token, extension) in Encodings)
            {
                if (!accepted.Contains(token, StringComparison.OrdinalIgnoreCase)) continue;
                var file = Path.Combine(root, path.Value!.TrimStart('/') + extension);
                if (!File.Exists(file)) continue;
                http.Request.Path = path + extension;
                http.Response.OnStarting(() =>
                {
                    if (http.Response.StatusCode == StatusCodes.Status200OK)
                    {
                        http.Response.Headers.ContentEncoding = token;
                        http.Response.Headers.ContentType = contentType;
                    }
                    http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
                    return Task.CompletedTask;
                });
                break;
            }
        }
        await next(http);
    });

    private static string? ContentTypeOf(string path) =>
        path.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8"
        : path.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8"
        : null;
}
