using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace CxBot.Host.WhatsApp;

/// <summary>
/// The webhook Meta calls: GET answers the subscription handshake; POST carries customer messages and
/// is accepted only with a valid X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret).
/// </summary>
internal static class WhatsAppWebhook
{
    public const string Path = "/api/whatsapp";
    public const string SignatureHeader = "X-Hub-Signature-256";
    public const int MaxBodyBytes = 1024 * 1024;

    private const string SignaturePrefix = "sha256=";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Verify);
        app.MapPost(Path, ReceiveAsync).DisableAntiforgery();
    }

    /// <summary>hub.mode=subscribe with our verify token: echo hub.challenge, as Meta requires, else 403.</summary>
    internal static Results<ContentHttpResult, ProblemHttpResult> Verify(HttpRequest request, IOptions<WhatsAppOptions> options, ILogger<WhatsAppAdapter> logger)
    {
        var query = request.Query;
        if (query["hub.mode"] != "subscribe" || !SameSecret(query["hub.verify_token"].ToString(), options.Value.VerifyToken))
        {
            logger.WebhookRefused("verification with a wrong mode or verify token");
            return TypedResults.Problem("The verify token does not match.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        logger.WebhookVerified();
        return TypedResults.Content(query["hub.challenge"].ToString(), "text/plain");
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, WhatsAppAdapter adapter, IBot bot, IOptions<WhatsAppOptions> options, ILogger<WhatsAppAdapter> logger, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > MaxBodyBytes) return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var body = await ReadBoundedAsync(http.Request.Body, cancellationToken);
        if (body is null) return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        if (!HasValidSignature(http.Request.Headers[SignatureHeader].ToString(), body, options.Value.AppSecret))
        {
            logger.WebhookRefused("missing or wrong X-Hub-Signature-256");
            return TypedResults.Problem("X-Hub-Signature-256 is missing or does not match the body.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        IReadOnlyList<WhatsAppInboundMessage> messages;
        int skipped;
        try
        {
            using var doc = JsonDocument.Parse(body);
            messages = WhatsAppInbound.Read(doc.RootElement, options.Value.PhoneNumberId, out skipped);
        }
        catch (JsonException)
        {
            return TypedResults.Problem("The body is not JSON.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        logger.WebhookReceived(messages.Count, skipped);
        // One customer's messages in the order WhatsApp sent them; the turn loop de-duplicates Meta's retries by message id.
        foreach (var message in messages) await adapter.ProcessAsync(message, bot, cancellationToken);
        return TypedResults.Ok();
    }

    internal static bool HasValidSignature(string header, ReadOnlySpan<byte> body, string appSecret)
    {
        if (string.IsNullOrEmpty(appSecret) || !header.StartsWith(SignaturePrefix, StringComparison.OrdinalIgnoreCase)) return false;
        var hex = header.AsSpan(SignaturePrefix.Length).Trim();
        if (hex.Length != SHA256.HashSizeInBytes * 2) return false;
        Span<byte> claimed = stackalloc byte[SHA256.HashSizeInBytes];
        if (Convert.FromHexString(hex, claimed, out _, out var written) != OperationStatus.Done || written != claimed.Length) return false;
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, actual);
        return CryptographicOperations.FixedTimeEquals(actual, claimed);
    }

    private static bool SameSecret(string given, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await body.ReadAsync(memory, cancellationToken);
            if (read == 0) return buffer.WrittenSpan.ToArray();
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBodyBytes) return null;
        }
    }
}
