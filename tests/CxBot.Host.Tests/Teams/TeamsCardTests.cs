using System.Net;
using System.Text.Json.Nodes;
using CxBot.Host.Tests.Infrastructure;

namespace CxBot.Host.Tests.Teams;

/// <summary>
/// Questions as Adaptive Cards in Teams, over real HTTP: the host on Kestrel, Teams' activities POSTed
/// to /api/messages, the bot's messages and card updates (PUT) received by the Connector stand-in.
/// </summary>
public sealed class TeamsCardTests(BotAppFixture host) : IClassFixture<BotAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TeamsChat NewChat(string locale = "en-US") => new(host.Http, host.Channel, locale);

    private static JsonObject DataOf(JsonObject action) => action["data"]!.AsObject();

    private static string AnswerNote(JsonObject card) =>
        card["body"]!.AsArray().Last()!["text"]!.GetValue<string>();

    private static void AssertReadOnly(JsonObject card)
    {
        var json = card.ToJsonString();
        Assert.DoesNotContain("Action.", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.", json, StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, string?>> AnswersAsync(TeamsChat chat) =>
        (await host.RecordedAsync(chat.ConversationId, Ct)).Where(a => a.Event == "answer").ToDictionary(a => a.QuestionId!, a => a.ValueJson);

    [Fact]
    public async Task A_question_in_Teams_arrives_as_an_adaptive_card_whose_buttons_carry_the_response_and_question()
    {
        var chat = NewChat();
        var nps = await chat.SayAsync("hi", Ct);

        var card = Assert.IsType<JsonObject>(nps.Card);
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Contains("recommend", nps.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Null(nps.Activity["text"]);
        Assert.Equal(11, nps.Actions.Count);
        Assert.All(nps.Actions, a => Assert.Equal("Action.Execute", a["type"]!.GetValue<string>()));
        Assert.Equal("nps", DataOf(nps.Button("7"))["q"]!.GetValue<string>());
        Assert.Equal("7", DataOf(nps.Button("7"))["a"]!.GetValue<string>());
        await chat.SayAsync("7", Ct);
        var answer = Assert.Single(await host.RecordedAsync(chat.ConversationId, Ct));
        Assert.Equal(answer.ResponseId, DataOf(nps.Button("7"))["r"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_submit_from_the_card_is_the_answer_and_the_card_is_replaced_by_its_answered_version()
    {
        var chat = NewChat();
        var nps = await chat.SayAsync("hi", Ct);

        var next = Assert.Single(await chat.SubmitAsync(nps, DataOf(nps.Button("9")), Ct));

        Assert.Equal("9", (await AnswersAsync(chat))["nps"]);
        Assert.Contains("Skip", next.SuggestedActions); // the optional reason: asked as text, as everywhere
        var update = new TeamsMessage(Assert.Single(chat.Updated));
        Assert.Equal(nps.Id, update.Id);
        var answered = Assert.IsType<JsonObject>(update.Card);
        Assert.Equal("✓ Your answer: 9", AnswerNote(answered));
        Assert.Contains("recommend", TeamsMessage.CardText(answered), StringComparison.OrdinalIgnoreCase);
        AssertReadOnly(answered);
    }

    [Fact]
    public async Task A_typed_answer_to_a_card_question_counts_and_the_card_is_replaced()
    {
        var chat = NewChat("ru-RU");
        var nps = await chat.SayAsync("добрый день", Ct);

        await chat.SayAsync("на восьмерку", Ct);

        Assert.Equal("8", (await AnswersAsync(chat))["nps"]);
        var update = new TeamsMessage(Assert.Single(chat.Updated));
        Assert.Equal(nps.Id, update.Id);
        Assert.Equal("✓ Ваш ответ: 8", AnswerNote(update.Card!));
        AssertReadOnly(update.Card!);
    }

    [Fact]
    public async Task An_unclear_typed_answer_closes_the_card_and_asks_again_on_a_new_one_that_still_counts()
    {
        var chat = NewChat();
        var nps = await chat.SayAsync("hi", Ct);

        var again = await chat.SayAsync("8 or 9", Ct);

        Assert.Equal(11, again.Actions.Count);
        Assert.Empty(await AnswersAsync(chat));
        var closed = new TeamsMessage(Assert.Single(chat.Updated));
        Assert.Equal(nps.Id, closed.Id);
        Assert.Equal("This question is closed.", AnswerNote(closed.Card!));
        Assert.Single(await chat.SubmitAsync(again, DataOf(again.Button("9")), Ct));
        Assert.Equal("9", (await AnswersAsync(chat))["nps"]);
        Assert.Equal("✓ Your answer: 9", AnswerNote(chat.Updated[^1]["attachments"]![0]!["content"]!.AsObject()));
        Assert.Equal(again.Id, chat.Updated[^1]["_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_adaptive_card_action_invoke_is_answered_with_200_and_the_answered_card_and_the_next_question_follows()
    {
        var chat = NewChat();
        var nps = await chat.SayAsync("hi", Ct);

        var (status, body, messages) = await chat.ExecuteAsync(nps, nps.Button("10"), Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body);
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        var answered = body["value"]!.AsObject();
        Assert.Equal("AdaptiveCard", answered["type"]!.GetValue<string>());
        Assert.Equal("✓ Your answer: 10", AnswerNote(answered));
        AssertReadOnly(answered);
        Assert.Single(messages); // the next question, as a new message
        Assert.Empty(chat.Updated); // Teams swaps the card in from the invoke's answer: no second call
        Assert.Equal("10", (await AnswersAsync(chat))["nps"]);
    }

    [Fact]
    public async Task A_tap_on_an_old_card_records_nothing_does_not_advance_and_closes_that_card()
    {
        var chat = NewChat();
        var nps = await chat.SayAsync("hi", Ct);
        await chat.ExecuteAsync(nps, nps.Button("9"), Ct);
        var sentBefore = chat.Received.Count;

        // The same card tapped again, as a submit from a client that still shows the old buttons, and as an invoke.
        var submitted = await chat.SubmitAsync(nps, DataOf(nps.Button("3")), Ct);
        var (status, body, executed) = await chat.ExecuteAsync(nps, nps.Button("2"), Ct);

        Assert.Empty(submitted);
        Assert.Empty(executed);
        Assert.Equal(sentBefore, chat.Received.Count);
        var recorded = await host.RecordedAsync(chat.ConversationId, Ct);
        Assert.Equal("9", Assert.Single(recorded, a => a.QuestionId == "nps").ValueJson);
        var closed = new TeamsMessage(Assert.Single(chat.Updated));
        Assert.Equal(nps.Id, closed.Id);
        Assert.Equal("This question is closed.", AnswerNote(closed.Card!));
        AssertReadOnly(closed.Card!);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("This question is closed.", AnswerNote(body!["value"]!.AsObject()));

        // The survey is still at the question after NPS.
        var csat = await chat.SayAsync("Skip", Ct);
        Assert.Equal(5, csat.Actions.Count);
    }

    [Fact]
    public async Task A_tap_on_a_card_of_another_response_is_ignored()
    {
        var chat = NewChat();
        var nps = await chat.SayAsync("hi", Ct);
        var forged = DataOf(nps.Button("0")).DeepClone().AsObject();
        forged["r"] = Guid.NewGuid().ToString("N");

        var submitted = await chat.SubmitAsync(nps, forged, Ct);

        Assert.Empty(submitted);
        Assert.DoesNotContain("nps", (await AnswersAsync(chat)).Keys);
        // The real card still counts.
        Assert.Single(await chat.SubmitAsync(nps, DataOf(nps.Button("6")), Ct));
        Assert.Equal("6", (await AnswersAsync(chat))["nps"]);
    }

    [Fact]
    public async Task An_invoke_that_is_not_a_survey_answer_is_refused_with_400()
    {
        var chat = NewChat();
        var nps = await chat.SayAsync("hi", Ct);
        var other = new JsonObject { ["title"] = "Open", ["verb"] = "something.else", ["data"] = new JsonObject { ["x"] = 1 } };

        var (status, body, messages) = await chat.ExecuteAsync(nps, other, Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(400, body!["statusCode"]!.GetValue<int>());
        Assert.Empty(messages);
        Assert.Empty(await AnswersAsync(chat));
    }

    [Fact]
    public async Task A_whole_short_survey_runs_in_Teams_on_cards_and_every_answer_is_recorded()
    {
        var chat = NewChat("pl-PL");
        var nps = await chat.SayAsync("dzien dobry", Ct);

        var (status, _, afterNps) = await chat.ExecuteAsync(nps, nps.Button("8"), Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        var reason = Assert.Single(afterNps);
        Assert.Null(reason.Card); // open text: typed in the compose box
        var csat = await chat.SayAsync("Kurier przyjechal szybko", Ct);
        Assert.Equal(["1", "2", "3", "4", "5"], csat.Actions.Select(a => a["title"]!.GetValue<string>()));
        var ces = Assert.Single(await chat.SubmitAsync(csat, DataOf(csat.Button("4")), Ct));
        Assert.Equal(7, ces.Actions.Count);
        var (_, cesAnswer, afterCes) = await chat.ExecuteAsync(ces, ces.Button("6"), Ct);
        var thanks = Assert.Single(afterCes);
        Assert.Null(thanks.Card);
        Assert.NotEqual("", thanks.Text);

        var recorded = await host.RecordedAsync(chat.ConversationId, Ct);
        var answers = recorded.Where(a => a.Event == "answer").ToDictionary(a => a.QuestionId!);
        Assert.Equal("8", answers["nps"].ValueJson);
        Assert.Equal("Kurier przyjechal szybko", answers["reason"].Text);
        Assert.Equal("4", answers["csat"].ValueJson);
        Assert.Equal("6", answers["ces"].ValueJson);
        Assert.Single(recorded, a => a.Event == "complete");
        Assert.All(recorded, a => Assert.Equal("msteams", a.ChannelId));
        Assert.All(recorded, a => Assert.Equal("pl", a.Language));
        // Every card ended read-only: the CSAT card by a PUT (submit), NPS and CES from the invokes' answers.
        var csatUpdate = new TeamsMessage(Assert.Single(chat.Updated));
        Assert.Equal(csat.Id, csatUpdate.Id);
        Assert.Equal("✓ Twoja odpowiedź: 4", AnswerNote(csatUpdate.Card!));
        Assert.Equal("✓ Twoja odpowiedź: 6", AnswerNote(cesAnswer!["value"]!.AsObject()));
    }
}
