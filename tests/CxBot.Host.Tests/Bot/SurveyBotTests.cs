using CxBot.Host.Bot;
using CxBot.Host.Tests.Infrastructure;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.Bot;

/// <summary>The bot as the SDK's TestAdapter drives it: conversation scripts, the host's own services and Redis.</summary>
public sealed class SurveyBotTests(BotAppFixture host) : IClassFixture<BotAppFixture>
{
    private TestFlow Chat(string locale)
    {
        var adapter = new TestAdapter(TestAdapter.CreateConversation("survey-" + Guid.NewGuid().ToString("N")))
        {
            Locale = locale,
        };
        return new TestFlow(adapter, host.App.Services.GetRequiredService<IBot>());
    }

    private static Action<IActivity> Buttons(int count) => activity =>
        Assert.Equal(count, ((IMessageActivity)activity).SuggestedActions?.Actions?.Count ?? 0);

    [Fact]
    public async Task A_Russian_customer_answers_in_words_and_the_survey_walks_every_question() =>
        await Chat("ru-RU")
            .Send("добрый день").AssertReply(Buttons(11))
            .Send("на восьмерку").AssertReply(Buttons(1)) // the optional reason: a Skip button only
            .Send("курьер опоздал на час").AssertReply(Buttons(5))
            .Send("так себе").AssertReply(Buttons(7))
            .Send("легко").AssertReply(Buttons(0))
            .StartTestAsync();

    [Fact]
    public async Task An_unclear_answer_is_asked_again_with_a_hint_and_the_buttons_stay() =>
        await Chat("en-US")
            .Send("hi").AssertReply(Buttons(11))
            .Send("8 or 9").AssertReply(Buttons(11))
            .Send("9").AssertReply(Buttons(1))
            .StartTestAsync();

    [Fact]
    public async Task An_invitation_in_the_turn_state_starts_its_survey_with_the_context_piped_in()
    {
        var adapter = new TestAdapter(TestAdapter.CreateConversation("invited-" + Guid.NewGuid().ToString("N"))) { Locale = "en-US" };
        var invitation = new SurveyInvitation("support-ticket", "crm-42", new Dictionary<string, string> { ["agent"] = "Maria" });
        adapter.Use(new InvitationMiddleware(invitation));
        await new TestFlow(adapter, host.App.Services.GetRequiredService<IBot>())
            .Send("hi").AssertReply(a => Assert.Contains("Maria", ((IMessageActivity)a).Text))
            .StartTestAsync();
    }

    private sealed class InvitationMiddleware(SurveyInvitation invitation) : IMiddleware
    {
        public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
        {
            turnContext.TurnState.Add(invitation);
            return next(cancellationToken);
        }
    }

    [Fact]
    public async Task A_customer_who_joins_is_greeted_with_the_first_question()
    {
        var adapter = new TestAdapter(TestAdapter.CreateConversation("join-" + Guid.NewGuid().ToString("N"))) { Locale = "pl-PL" };
        var join = adapter.MakeActivity();
        join.Type = ActivityTypes.ConversationUpdate;
        join.MembersAdded = [new ChannelAccount("bot"), new ChannelAccount("user1")];
        join.Recipient = new ChannelAccount("bot");
        await new TestFlow(adapter, host.App.Services.GetRequiredService<IBot>())
            .Send(join).AssertReply(Buttons(11))
            .Send("dziesiec").AssertReply(Buttons(1))
            .StartTestAsync();
    }
}
