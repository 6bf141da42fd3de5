using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;

namespace CxBot.Host.WhatsApp;

/// <summary>
/// Turns one outgoing message activity into Cloud API message requests: plain text; reply buttons
/// when there are at most 3 choices with short titles; a list message for at most 10; otherwise the
/// choices written into the text. Why in this order: buttons take one tap, a list two, typing most.
/// </summary>
internal static class WhatsAppOutbound
{
    public sealed record Option(string Title, string Id);

    public static IReadOnlyList<JsonObject> Messages(IActivity activity, string to, WhatsAppTexts.Words words)
    {
        var message = activity.AsMessageActivity();
        var text = message?.Text ?? "";
        var options = OptionsOf(message);
        if (options.Count == 0) return [.. Chunks(text, WhatsAppLimits.TextBody).Select(chunk => Text(to, chunk))];

        var fitsButtons = options.Count <= WhatsAppLimits.ReplyButtons && options.All(o => o.Title.Length <= WhatsAppLimits.ReplyButtonTitle);
        var fitsList = options.Count <= WhatsAppLimits.ListRows && options.All(o => o.Title.Length <= WhatsAppLimits.ListRowTitle);
        if (!fitsButtons && !fitsList)
            return [.. Chunks(WithOptionsInText(text, options), WhatsAppLimits.TextBody).Select(chunk => Text(to, chunk))];

        // An interactive body holds 1024 characters: a longer question goes first as text of its own.
        var messages = new List<JsonObject>();
        var body = text;
        if (body.Length is 0 or > WhatsAppLimits.InteractiveBody)
        {
            messages.AddRange(Chunks(text, WhatsAppLimits.TextBody).Select(chunk => Text(to, chunk)));
            body = words.ChooseBody;
        }

        messages.Add(fitsButtons ? Buttons(to, body, options) : List(to, body, words.ListButton, options));
        return messages;
    }

    /// <summary>A first message outside the 24-hour window: only an approved template may open it.</summary>
    public static JsonObject Template(string to, string name, string languageCode, IReadOnlyList<string> bodyParameters)
    {
        var template = new JsonObject { ["name"] = name, ["language"] = new JsonObject { ["code"] = languageCode } };
        if (bodyParameters.Count > 0)
        {
            template["components"] = new JsonArray(new JsonObject
            {
                ["type"] = "body",
                ["parameters"] = new JsonArray([.. bodyParameters.Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = p })]),
            });
        }

        return Envelope(to, "template", template);
    }

    internal static IReadOnlyList<Option> OptionsOf(IMessageActivity? message)
    {
        IEnumerable<CardAction> actions = message?.SuggestedActions?.Actions ?? [];
        // Channels without suggested actions may get the choices as hero card buttons instead.
        foreach (var attachment in message?.Attachments ?? [])
            if (attachment.Content is HeroCard { Buttons: { } buttons }) actions = actions.Concat(buttons);

        var options = new List<Option>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            var title = action.Title ?? Convert.ToString(action.Value, CultureInfo.InvariantCulture) ?? "";
            var value = Convert.ToString(action.Value, CultureInfo.InvariantCulture);
            var id = string.IsNullOrEmpty(value) || value.Length > WhatsAppLimits.ReplyId ? title : value;
            if (title.Length == 0 || !ids.Add(id)) continue; // WhatsApp refuses empty titles and repeated ids
            options.Add(new Option(title, id));
        }

        return options;
    }

    private static JsonObject Text(string to, string body) =>
        Envelope(to, "text", new JsonObject { ["preview_url"] = false, ["body"] = body });

    private static JsonObject Buttons(string to, string body, IReadOnlyList<Option> options) =>
        Envelope(to, "interactive", new JsonObject
        {
            ["type"] = "button",
            ["body"] = new JsonObject { ["text"] = body },
            ["action"] = new JsonObject
            {
                ["buttons"] = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject
                {
                    ["type"] = "reply",
                    ["reply"] = new JsonObject { ["id"] = o.Id, ["title"] = o.Title },
                })]),
            },
        });

    private static JsonObject List(string to, string body, string button, IReadOnlyList<Option> options) =>
        Envelope(to, "interactive", new JsonObject
        {
            ["type"] = "list",
            ["body"] = new JsonObject { ["text"] = body },
            ["action"] = new JsonObject
            {
                ["button"] = button,
                ["sections"] = new JsonArray(new JsonObject
                {
                    ["rows"] = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject { ["id"] = o.Id, ["title"] = o.Title })]),
                }),
            },
        });

    private static JsonObject Envelope(string to, string type, JsonObject content) => new()
    {
        ["messaging_product"] = "whatsapp",
        ["recipient_type"] = "individual",
        ["to"] = to,
        ["type"] = type,
        [type] = content,
    };

    /// <summary>
    /// Too many choices for a list: write them into the text. A numeric scale (0–10) is listed as it is,
    /// because numbering its points 1–11 would make "3" ambiguous; other choices are numbered.
    /// </summary>
    private static string WithOptionsInText(string text, IReadOnlyList<Option> options)
    {
        var sb = new StringBuilder(text);
        if (options.All(o => int.TryParse(o.Title, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            return sb.Append("\n\n").AppendJoin(" · ", options.Select(o => o.Title)).ToString();
        sb.Append('\n');
        for (var i = 0; i < options.Count; i++) sb.Append('\n').Append(i + 1).Append(". ").Append(options[i].Title);
        return sb.ToString();
    }

    private static IEnumerable<string> Chunks(string text, int size)
    {
        if (text.Length == 0) yield break;
        for (var at = 0; at < text.Length; at += size) yield return text.Substring(at, Math.Min(size, text.Length - at));
    }
}
