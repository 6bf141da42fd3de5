using CxBot.Host.Bot;
using CxBot.Host.Tests.Infrastructure;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace CxBot.Host.Tests.Teams;

/// <summary>Choice and multi-choice questions as Teams cards, driven by the SDK's TestAdapter on a Teams conversation.</summary>
public sealed class TeamsChoiceCardTests(BotAppFixture host) : IClassFixture<BotAppFixture>
{
    private static JObject CardOf(IActivity activity)
    {
        var attachment = Assert.Single(((IMessageActivity)activity).Attachments);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        return Assert.IsType<JObject>(attachment.Content);
    }

    private static IMessageActivity Tap() => new Activity { Type = ActivityTypes.Message };

    [Fact]
    public async Task A_single_choice_tap_and_a_multi_choice_of_checked_boxes_are_recorded_as_the_options_chosen()
    {
        var reference = TestAdapter.CreateConversation("teams-choice-" + Guid.NewGuid().ToString("N"));
        reference.ChannelId = "msteams";
        reference.Conversation.ConversationType = "personal";
        var adapter = new TestAdapter(reference) { Locale = "en-US" };
        adapter.Use(new InvitationMiddleware(new SurveyInvitation("cancellation", "crm-" + Guid.NewGuid().ToString("N")[..8])));
        var reasonTap = Tap();
        var keepTap = Tap();

        await new TestFlow(adapter, host.App.Services.GetRequiredService<IBot>())
            .Send("hi").AssertReply(a =>
            {
                var card = CardOf(a);
                var rows = card["body"]!.Where(e => (string?)e["type"] == "ActionSet").ToList();
                Assert.Equal(7, rows.Count); // long option titles: a row each
                var price = rows.SelectMany(r => r["actions"]!).Single(b => (string?)b["title"] == "Too expensive");
                reasonTap.Value = price["data"]!.DeepClone();
                reasonTap.ReplyToId = a.Id;
            })
            .Send(reasonTap).AssertReply(a =>
            {
                var card = CardOf(a);
                var set = card["body"]!.Single(e => (string?)e["type"] == "Input.ChoiceSet");
                Assert.True((bool)set["isMultiSelect"]!);
                var send = card["body"]!.Single(e => (string?)e["type"] == "ActionSet")["actions"]!.Single();
                var data = (JObject)send["data"]!.DeepClone();
                Assert.Equal("could_keep", (string?)data["q"]);
                data["choices"] = "1,3"; // what Teams merges in from the checked boxes
                keepTap.Value = data;
                keepTap.ReplyToId = a.Id;
            })
            .Send(keepTap).AssertReply(a => // yes/no next: short titles share one row
                Assert.Equal(["Yes", "No"], CardOf(a)["body"]!.Single(e => (string?)e["type"] == "ActionSet")["actions"]!.Select(b => (string?)b["title"])))
            .StartTestAsync();

        var answers = (await host.RecordedAsync(reference.Conversation.Id, TestContext.Current.CancellationToken))
            .Where(a => a.Event == "answer").ToDictionary(a => a.QuestionId!, a => a.ValueJson);
        Assert.Equal("\"price\"", answers["reason"]);
        Assert.Equal("""["lower_price","better_support"]""", answers["could_keep"]);
    }

    private sealed class InvitationMiddleware(SurveyInvitation invitation) : IMiddleware
    {
        public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
        {
            turnContext.TurnState.Add(invitation);
            return next(cancellationToken);
        }
    }
}
