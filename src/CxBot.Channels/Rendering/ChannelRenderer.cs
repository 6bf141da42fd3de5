using System.Text;
using CxBot.Channels.Capabilities;
using CxBot.Channels.Cards;
using Microsoft.Bot.Schema;

namespace CxBot.Channels.Rendering;

/// <summary>A message to send, independent of the channel: text plus the choices the customer can pick.</summary>
/// <param name="NumberedListIntro">The line introducing a numbered list, in the customer's language ("Reply with a number:").</param>
/// <param name="Question">The question asked, where the channel may show it as a card; null for a message that asks nothing.</param>
public sealed record OutgoingMessage(
    string Text,
    IReadOnlyList<Choice> Choices,
    bool IsScale,
    string NumberedListIntro,
    string? Locale = null,
    CardQuestion? Question = null);

public sealed record Choice(string Title, string Value);

/// <summary>
/// Turns a message into an activity the channel shows well, following the SDK's own choice rule:
/// suggested actions where the channel has them and every title fits; else card buttons; else
/// plain text with the options numbered (a scale needs no list: its legend is in the text). Where
/// the table names question kinds for Adaptive Cards (Teams), those questions are one card instead.
/// </summary>
public sealed class ChannelRenderer(ChannelCapabilities capabilities, QuestionCards? cards = null)
{
    private readonly QuestionCards _cards = cards ?? QuestionCards.Default;

    /// <summary>How this channel shows question cards, or null when it shows none.</summary>
    public AdaptiveCardSupport? CardsOf(string? channelId) => capabilities.For(channelId).AdaptiveCards;

    public Activity Render(string channelId, string? conversationType, OutgoingMessage message)
    {
        var caps = capabilities.For(channelId);
        var activity = Activity.CreateMessageActivity();
        activity.TextFormat = caps.Markdown ? TextFormatTypes.Markdown : TextFormatTypes.Plain;
        activity.Locale = message.Locale;
        if (message.Question is { } question && caps.AdaptiveCards is { } support && support.Shows(question.Kind))
        {
            // The card holds the whole question; a text beside it would show it twice. The summary is
            // what notifications and the chat list show for a card.
            activity.InputHint = InputHints.ExpectingInput;
            activity.Summary = FirstLine(message.Text);
            activity.Attachments = [_cards.Question(support, question, message.Text, message.Choices, message.Locale ?? "en")];
            return (Activity)activity;
        }
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

    /// <summary>The read-only card replacing an answered question card on this channel; null where the channel shows no cards.</summary>
    public Attachment? AnsweredCard(string channelId, string? questionText, string answer, string language) =>
        CardsOf(channelId) is { } support ? _cards.Answered(support, questionText, answer, language) : null;

    /// <summary>The read-only card replacing a question card that can no longer be answered; null where the channel shows no cards.</summary>
    public Attachment? ClosedCard(string channelId, string? questionText, string language) =>
        CardsOf(channelId) is { } support ? _cards.Closed(support, questionText, language) : null;

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    private static CardAction ImBack(Choice c) => new(ActionTypes.ImBack, c.Title, value: c.Value);

    private static string WithNumberedList(string text, OutgoingMessage message)
    {
        var sb = new StringBuilder(text).Append("\n\n").Append(message.NumberedListIntro);
        for (var i = 0; i < message.Choices.Count; i++) sb.Append('\n').Append(i + 1).Append(". ").Append(message.Choices[i].Title);
        return sb.ToString();
    }
}
