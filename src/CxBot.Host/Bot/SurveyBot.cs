using CxBot.Channels.Cards;
using CxBot.Host.Invitations;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CxBot.Host.Bot;

/// <summary>The one bot every channel talks to. Messages are survey turns; a customer joining a chat starts the survey.</summary>
internal sealed class SurveyBot(TurnRunner turns, ReplyTexts replies, ContactBook? contacts = null) : ActivityHandler
{
    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        // A question card's Action.Submit arrives as a message without text, the button's data in value.
        var activity = turnContext.Activity;
        var press = string.IsNullOrWhiteSpace(activity.Text) && activity.Value is not null ? QuestionCards.ReadPress(JsonOf(activity.Value)) : null;
        await turns.RunAsync(turnContext, cancellationToken, tap: press is null ? null : new CardTap(press, ViaInvoke: false));
    }

    /// <summary>
    /// A question card's Action.Execute (Teams' universal actions): the survey turn runs (the next
    /// question goes out as a new message) and the invoke is answered with the read-only card that
    /// Teams puts in the tapped card's place.
    /// </summary>
    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var press = invokeValue.Action?.Verb == QuestionCards.AnswerVerb ? QuestionCards.ReadPress(JsonOf(invokeValue.Action.Data)) : null;
        if (press is null)
        {
            return new AdaptiveCardInvokeResponse
            {
                StatusCode = 400,
                Type = "application/vnd.microsoft.error",
                Value = new Error("BadRequest", "This card action is not a survey answer."),
            };
        }
        var card = await turns.RunAsync(turnContext, cancellationToken, tap: new CardTap(press, ViaInvoke: true));
        // No card back (the store is unavailable): the tapped card stays as it is, so the customer can tap it again.
        return card is not null
            ? new AdaptiveCardInvokeResponse { StatusCode = 200, Type = QuestionCards.ContentType, Value = card.Content }
            : new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = replies.Apology((turnContext.Activity as Activity)?.Locale) };
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        // Web chat sends one conversationUpdate naming the bot and the customer: greet the customer only.
        if (membersAdded.Any(m => m.Id != turnContext.Activity.Recipient?.Id))
            await turns.RunAsync(turnContext, cancellationToken, joining: true);
    }

    /// <summary>The Teams app installed for a person: keep the chat so journey invitations can reach them there.</summary>
    protected override async Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (contacts is null || string.IsNullOrEmpty(activity.From?.Id)) return;
        await contacts.SaveReferenceAsync($"{activity.ChannelId}:{activity.From.Id}", activity.GetConversationReference(), cancellationToken);
    }

    // The SDK hands value and action data over as Newtonsoft tokens.
    private static string? JsonOf(object? value) => value switch
    {
        null => null,
        JToken token => token.ToString(Formatting.None),
        string s => s,
        _ => JsonConvert.SerializeObject(value),
    };
}
