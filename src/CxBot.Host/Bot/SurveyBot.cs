using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CxBot.Host.Bot;

/// <summary>The one bot every channel talks to. Messages are survey turns; a customer joining a chat starts the survey.</summary>
internal sealed class SurveyBot(TurnRunner turns) : ActivityHandler
{
    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
        turns.RunAsync(turnContext, cancellationToken);

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        // Web chat sends one conversationUpdate naming the bot and the customer: greet the customer only.
        if (membersAdded.Any(m => m.Id != turnContext.Activity.Recipient?.Id))
            await turns.RunAsync(turnContext, cancellationToken, joining: true);
    }
}
