using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CxBot.Workspace.Alerts;

/// <summary>One (alert, webhook) delivery as the dispatcher claimed it.</summary>
internal sealed record AlertDelivery(
    Guid Id, string Event, string Webhook, long CaseId, string Title, string Summary, string Link,
    IReadOnlyList<AlertFact> Facts, DateTimeOffset OccurredAt, int Attempt);

internal sealed record AlertFact(string Name, string Value);

/// <summary>
/// The bodies sent to receivers and the signature over them. The json body is the documented payload
/// (README, "Alerts"); the teams body is the message-with-Adaptive-Card shape a Teams incoming webhook accepts.
/// Both are built from the stored delivery, so every attempt sends the same bytes.
/// </summary>
internal static class AlertPayloads
{
    public const string UrgentCaseEvent = "case.urgent";
    public const string SignatureHeader = "X-CxBot-Signature";
    public const string TimestampHeader = "X-CxBot-Timestamp";
    public const string DeliveryHeader = "X-CxBot-Delivery";
    public const string EventHeader = "X-CxBot-Event";
    public const string AttemptHeader = "X-CxBot-Attempt";
    public const string IdempotencyHeader = "Idempotency-Key";

    public static byte[] Json(AlertDelivery delivery, string link)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", delivery.Event);
            json.WriteString("delivery_id", delivery.Id.ToString("D"));
            json.WriteString("occurred_at", delivery.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteNumber("case_id", delivery.CaseId);
            json.WriteString("title", delivery.Title);
            json.WriteString("summary", delivery.Summary);
            json.WriteString("link", link);
            json.WriteStartObject("facts");
            foreach (var fact in delivery.Facts)
            {
                json.WriteString(fact.Name, fact.Value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A Teams message: <c>type</c> "message" and one attachment of content type
    /// <c>application/vnd.microsoft.card.adaptive</c> whose content is the card (title, summary, the facts as a
    /// FactSet, and a button to the case when the link is absolute; Action.OpenUrl is one Teams webhooks support).
    /// </summary>
    public static byte[] Teams(AlertDelivery delivery, string link, string openLabel)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "message");
            json.WriteStartArray("attachments");
            json.WriteStartObject();
            json.WriteString("contentType", "application/vnd.microsoft.card.adaptive");
            json.WriteNull("contentUrl");
            json.WriteStartObject("content");
            json.WriteString("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
            json.WriteString("type", "AdaptiveCard");
            json.WriteString("version", "1.2");
            json.WriteStartArray("body");
            TextBlock(json, delivery.Title, heading: true);
            TextBlock(json, delivery.Summary, heading: false);
            if (delivery.Facts.Count > 0)
            {
                json.WriteStartObject();
                json.WriteString("type", "FactSet");
                json.WriteStartArray("facts");
                foreach (var fact in delivery.Facts)
                {
                    json.WriteStartObject();
                    json.WriteString("title", fact.Name);
                    json.WriteString("value", fact.Value);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (IsWebAddress(link))
            {
                json.WriteStartArray("actions");
                json.WriteStartObject();
                json.WriteString("type", "Action.OpenUrl");
                json.WriteString("title", openLabel);
                json.WriteString("url", link);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256, keyed with the secret, of "&lt;timestamp&gt;.&lt;body&gt;".</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>The case link as receivers see it: absolute when Workspace:Alerts:WorkspaceUrl is set.</summary>
    public static string AbsoluteLink(string link, string? workspaceUrl) =>
        string.IsNullOrWhiteSpace(workspaceUrl) || IsWebAddress(link)
            ? link
            : new Uri(new Uri(workspaceUrl.TrimEnd('/') + "/"), link.TrimStart('/')).ToString();

    // Not Uri.TryCreate alone: on Unix it takes "/workspace/cases/1" for an absolute file: address.
    public static bool IsWebAddress(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static void TextBlock(Utf8JsonWriter json, string text, bool heading)
    {
        json.WriteStartObject();
        json.WriteString("type", "TextBlock");
        json.WriteString("text", text);
        if (heading)
        {
            json.WriteString("weight", "Bolder");
            json.WriteString("size", "Medium");
        }

        json.WriteBoolean("wrap", true);
        json.WriteEndObject();
    }
}
