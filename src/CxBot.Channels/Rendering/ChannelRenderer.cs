using System.Text;
using CxBot.Channels.Capabilities;
using Microsoft.Bot.Schema;

namespace CxBot.Channels.Rendering;

/// <summary>A message to send, independent of the channel: text plus the choices the customer can pick.</summary>
/// <param name="NumberedListIntro">The line introducing a numbered list, in the customer's language ("Reply with a number:").</param>
public sealed record OutgoingMessage(
    string Text,
    IReadOnlyList<Choice> Choices,
    bool IsScale,
    string NumberedListIntro,
    string? Locale = null);

public sealed record Choice(string Title, string Value);

/// <summary>
/// Turns a message into an activity the channel shows well, following the SDK's own choice rule:
/// suggested actions where the channel has them and every title fits; else card buttons; else
/// plain text with the options numbered (a scale needs no list: its legend is in the text).
/// </summary>
public sealed class ChannelRenderer(ChannelCapabilities capabilities)
{
    public Activity Render(string channelId, string? conversationType, OutgoingMessage message)
    {
        var caps = capabilities.For(channelId);
        var activity = Activity.CreateMessageActivity();
        activity.TextFormat = caps.Markdown ? TextFormatTypes.Markdown : TextFormatTypes.Plain;
        activity.Locale = message.Locale;
        var text = message.Text;
        var choices = message.Choices;

        if (choices.Count > 0)
        {
            activity.InputHint = InputHints.ExpectingInput;
            var fitsTitles = choices.All(c => c.Title.Length <= caps.MaxTitle);
            if (choices.Count <= caps.SuggestedActionsIn(conversationType) && fitsTitles)
            {
                activity.SuggestedActions = new SuggestedActions { Actions = [.. choices.Select(ImBack)] };
            }
            else if (choices.Count <= caps.CardActions)
            {
                var card = new HeroCard { Buttons = [.. choices.Select(ImBack)] };
                activity.Attachments = [card.ToAttachment()];
            }
            else if (!message.IsScale)
            {
                text = WithNumberedList(text, message);
            }
        }
        activity.Text = caps.TextLimit > 0 && text.Length > caps.TextLimit ? text[..(caps.TextLimit - 1)] + "…" : text;
        return (Activity)activity;
    }

    private static CardAction ImBack(Choice c) => new(ActionTypes.ImBack, c.Title, value: c.Value);

    private static string WithNumberedList(string text, OutgoingMessage message)
    {
        var sb = new StringBuilder(text).Append("\n\n").Append(message.NumberedListIntro);
        for (var i = 0; i < message.Choices.Count; i++) sb.Append('\n').Append(i + 1).Append(". ").Append(message.Choices[i].Title);
        return sb.ToString();
    }
}
