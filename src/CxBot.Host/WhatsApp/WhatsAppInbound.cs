using System.Globalization;
using System.Text.Json;

namespace CxBot.Host.WhatsApp;

/// <summary>One customer message from a webhook call, reduced to what a turn needs.</summary>
/// <param name="WaId">The customer's WhatsApp id (their number, digits only): also the conversation.</param>
/// <param name="Text">What they typed, or the title of the button or list row they tapped.</param>
/// <param name="ReplyId">The id of the tapped button or row (our choice value), when they tapped one.</param>
internal sealed record WhatsAppInboundMessage(
    string MessageId,
    string WaId,
    string? ProfileName,
    DateTimeOffset Timestamp,
    string Kind,
    string Text,
    string? ReplyId,
    string? InReplyTo);

/// <summary>
/// Reads the Cloud API's webhook payload (object "whatsapp_business_account", entry[].changes[].value)
/// for messages sent to our phone number. Delivery statuses and other numbers' messages are skipped;
/// so are message types a survey cannot use (images, stickers, reactions…).
/// </summary>
internal static class WhatsAppInbound
{
    public static IReadOnlyList<WhatsAppInboundMessage> Read(JsonElement root, string phoneNumberId, out int skipped)
    {
        skipped = 0;
        var messages = new List<WhatsAppInboundMessage>();
        if (root.ValueKind != JsonValueKind.Object || Str(root, "object") != "whatsapp_business_account") return messages;
        foreach (var entry in Array(root, "entry"))
        {
            foreach (var change in Array(entry, "changes"))
            {
                if (Str(change, "field") != "messages" || !change.TryGetProperty("value", out var value)) continue;
                if (value.TryGetProperty("metadata", out var metadata) && Str(metadata, "phone_number_id") is { } to && to != phoneNumberId)
                {
                    skipped += Array(value, "messages").Count();
                    continue;
                }

                var names = Array(value, "contacts")
                    .Where(c => Str(c, "wa_id") is not null)
                    .GroupBy(c => Str(c, "wa_id")!)
                    .ToDictionary(g => g.Key, g => g.First().TryGetProperty("profile", out var p) ? Str(p, "name") : null);
                foreach (var message in Array(value, "messages"))
                {
                    if (Read(message, names) is { } read) messages.Add(read);
                    else skipped++;
                }
            }
        }

        return messages;
    }

    private static WhatsAppInboundMessage? Read(JsonElement message, Dictionary<string, string?> names)
    {
        if (Str(message, "from") is not { Length: > 0 } from || Str(message, "id") is not { Length: > 0 } id) return null;
        var kind = Str(message, "type") ?? "";
        string? text = null, replyId = null;
        switch (kind)
        {
            case "text" when message.TryGetProperty("text", out var body):
                text = Str(body, "body");
                break;
            case "interactive" when message.TryGetProperty("interactive", out var interactive):
                var replyKind = Str(interactive, "type");
                if (replyKind is ("button_reply" or "list_reply") && interactive.TryGetProperty(replyKind, out var reply))
                {
                    kind = replyKind;
                    text = Str(reply, "title");
                    replyId = Str(reply, "id");
                }

                break;
            case "button" when message.TryGetProperty("button", out var button):
                // A quick-reply button of a template (the proactive first message).
                text = Str(button, "text");
                replyId = Str(button, "payload");
                break;
        }

        if (text is null) return null;
        var timestamp = long.TryParse(Str(message, "timestamp"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UtcNow;
        var inReplyTo = message.TryGetProperty("context", out var context) ? Str(context, "id") : null;
        return new WhatsAppInboundMessage(id, from, names.GetValueOrDefault(from), timestamp, kind, text, replyId, inReplyTo);
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    private static string? Str(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
