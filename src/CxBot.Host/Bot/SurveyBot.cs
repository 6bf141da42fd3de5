using CxBot.Host.Invitations;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CxBot.Host.Bot;

/// <summary>The one bot every channel talks to. Messages are survey turns; a customer joining a chat starts the survey.</summary>
internal sealed class SurveyBot(TurnRunner turns, ContactBook? contacts = null) : ActivityHandler
{
    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
        turns.RunAsync(turnContext, cancellationToken);

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
}
