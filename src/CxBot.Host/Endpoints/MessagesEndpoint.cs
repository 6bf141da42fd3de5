using System.Buffers;
using System.Text.Json;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;

namespace CxBot.Host.Endpoints;

/// <summary>
/// POST /api/messages: the Bot Framework endpoint every channel posts activities to. Bad input is
/// answered here with problem+json before the SDK sees it, so a broken client gets a clear reason and
/// the adapter only ever reads a well-formed activity.
/// </summary>
internal static class MessagesEndpoint
{
    public const int MaxActivityBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > MaxActivityBytes) return TooLarge();
        byte[]? body;
        try
        {
            body = await ReadBoundedAsync(http.Request.Body, http.Request.ContentLength, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            return TypedResults.Problem("The body is shorter than its Content-Length.", statusCode: StatusCodes.Status400BadRequest, title: "Not a Bot Framework activity");
        }
        if (body is null) return TooLarge();
        if (Validate(body) is { } problem) return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Not a Bot Framework activity");

        http.Request.Body = new MemoryStream(body, writable: false);
        http.Request.ContentLength = body.Length;
        await adapter.ProcessAsync(http.Request, http.Response, bot, cancellationToken);
        return Results.Empty;
    }

    private static IResult TooLarge() => TypedResults.Problem(
        $"An activity may be at most {MaxActivityBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Activity too large");

    /// <summary>Reads the body, or returns null as soon as it passes the limit (a missing Content-Length must not let a huge body in).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        // The fast path: a declared length (checked against the limit by the caller) is read into an exact array.
        if (contentLength is { } length)
        {
            var exact = new byte[length];
            await body.ReadExactlyAsync(exact, cancellationToken);
            return await body.ReadAsync(new byte[1], cancellationToken) == 0 ? exact : null;
        }
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var read = await body.ReadAsync(buffer.GetMemory(8192), cancellationToken);
            if (read == 0) return buffer.WrittenSpan.ToArray();
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxActivityBytes) return null;
        }
    }

    /// <summary>Null when the body is a JSON object with a string "type"; else what is wrong, in words.</summary>
    internal static string? Validate(byte[] body)
    {
        if (body.Length == 0) return "The request has no body; send an activity as JSON.";
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return "The body must be a JSON object (an activity).";
            if (!doc.RootElement.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() is not { Length: > 0 })
                return "The activity has no \"type\".";
            foreach (var field in (ReadOnlySpan<string>)["text", "channelId", "id", "locale"])
                if (doc.RootElement.TryGetProperty(field, out var v) && v.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    return $"The activity's \"{field}\" must be a string.";
            foreach (var field in (ReadOnlySpan<string>)["conversation", "from", "recipient"])
                if (doc.RootElement.TryGetProperty(field, out var v) && v.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    return $"The activity's \"{field}\" must be an object.";
            return null;
        }
        catch (JsonException e)
        {
            return $"The body is not valid JSON: {e.Message}";
        }
    }
}
