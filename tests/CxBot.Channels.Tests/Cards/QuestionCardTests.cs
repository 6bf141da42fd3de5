using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Channels.Capabilities;
using CxBot.Channels.Cards;
using CxBot.Channels.Rendering;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CxBot.Channels.Tests.Cards;

public sealed class QuestionCardTests
{
    private static readonly ChannelRenderer Renderer = new(ChannelCapabilities.Default);

    private static OutgoingMessage Nps(string kind = "nps") => new("Thanks for your order.\nHow likely are you to recommend us?\n0 = not at all · 10 = extremely",
        [.. Enumerable.Range(0, 11).Select(n => new Choice($"{n}", $"{n}"))], IsScale: true, "Reply with a number:", "en",
        new CardQuestion("resp-1", "nps", kind));

    private static OutgoingMessage Reasons(string kind) => new("What might have made you stay?",
        [new("A lower price or a discount", "A lower price or a discount"), new("Better support", "Better support"), new("Fewer technical issues", "Fewer technical issues")],
        IsScale: false, "Reply with a number:", "ru", new CardQuestion("resp-2", "could_keep", kind));

    /// <summary>The card as the channel receives it: the SDK serializes attachments with Newtonsoft.</summary>
    private static JsonObject CardOf(Activity activity)
    {
        var attachment = Assert.Single(activity.Attachments);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        return JsonNode.Parse(Assert.IsType<JObject>(attachment.Content).ToString(Newtonsoft.Json.Formatting.None))!.AsObject();
    }

    private static List<JsonObject> Actions(JsonObject card) =>
        [.. card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet").SelectMany(s => s!["actions"]!.AsArray()).Select(a => a!.AsObject())];

    private static List<int> RowSizes(JsonObject card) =>
        [.. card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet").Select(s => s!["actions"]!.AsArray().Count)];

    [Fact]
    public void An_nps_question_in_Teams_is_an_adaptive_card_of_version_1_5_with_the_question_text_wrapped()
    {
        var activity = Renderer.Render("msteams", "personal", Nps());
        var card = CardOf(activity);

        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card["$schema"]!.GetValue<string>());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        var lines = card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "TextBlock").ToList();
        Assert.Equal(["Thanks for your order.", "How likely are you to recommend us?", "0 = not at all · 10 = extremely"], lines.Select(l => l!["text"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.True(l!["wrap"]!.GetValue<bool>()));
        Assert.Null(activity.Text); // the card says it all: no second copy of the question
        Assert.Equal("Thanks for your order.", activity.Summary);
        Assert.Equal(InputHints.ExpectingInput, activity.InputHint);
        Assert.Null(activity.SuggestedActions);
    }

    [Fact]
    public void The_eleven_nps_buttons_come_in_two_rows_that_fit_a_phone_and_each_carries_response_question_and_score()
    {
        var card = CardOf(Renderer.Render("msteams", "personal", Nps()));

        Assert.Equal([6, 5], RowSizes(card));
        var bytes = System.Text.Encoding.UTF8.GetByteCount(card.ToJsonString());
        Assert.InRange(bytes, 1, 28 * 1024); // Teams refuses cards over its size limit (413)
        TestContext.Current.TestOutputHelper?.WriteLine($"NPS card: {bytes} B of JSON");
        var actions = Actions(card);
        Assert.Equal(Enumerable.Range(0, 11).Select(n => $"{n}"), actions.Select(a => a["title"]!.GetValue<string>()));
        Assert.All(actions, a =>
        {
            Assert.Equal("Action.Execute", a["type"]!.GetValue<string>());
            Assert.Equal(QuestionCards.AnswerVerb, a["verb"]!.GetValue<string>());
            Assert.Equal("resp-1", a["data"]!["r"]!.GetValue<string>());
            Assert.Equal("nps", a["data"]!["q"]!.GetValue<string>());
            Assert.Equal(a["title"]!.GetValue<string>(), a["data"]!["a"]!.GetValue<string>());
        });
    }

    [Fact]
    public void Choices_with_long_titles_get_a_row_each()
    {
        var card = CardOf(Renderer.Render("msteams", "personal", Reasons("choice")));
        Assert.Equal([1, 1, 1], RowSizes(card));
        Assert.Equal("Better support", Actions(card)[1]["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public void A_multi_choice_question_is_a_checkbox_set_numbered_from_one_and_a_send_button_in_the_customers_language()
    {
        var card = CardOf(Renderer.Render("msteams", "personal", Reasons("multi_choice")));

        var set = card["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Input.ChoiceSet")!;
        Assert.True(set["isMultiSelect"]!.GetValue<bool>());
        Assert.Equal("expanded", set["style"]!.GetValue<string>());
        Assert.Equal(["1", "2", "3"], set["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.Equal("Better support", set["choices"]![1]!["title"]!.GetValue<string>());
        var send = Assert.Single(Actions(card));
        Assert.Equal("Отправить", send["title"]!.GetValue<string>());
        Assert.Null(send["data"]!["a"]);
    }

    [Fact]
    public void An_open_question_as_a_card_has_a_text_input_a_send_button_and_its_skip_button()
    {
        var support = new AdaptiveCardSupport("1.5", AdaptiveCardSupport.Submit, ["open_text"]);
        var attachment = QuestionCards.Default.Question(support, new CardQuestion("r", "why", "open_text"), "Why?", [new("Skip", "Skip")], "pl");
        var card = JsonNode.Parse(((JObject)attachment.Content).ToString())!.AsObject();

        var input = card["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Input.Text")!;
        Assert.Equal("text", input["id"]!.GetValue<string>());
        Assert.True(input["isMultiline"]!.GetValue<bool>());
        Assert.Equal("Wpisz tutaj odpowiedź", input["placeholder"]!.GetValue<string>());
        Assert.Equal(["Wyślij", "Skip"], Actions(card).Select(a => a["title"]!.GetValue<string>()));
        Assert.All(Actions(card), a => Assert.Equal("Action.Submit", a["type"]!.GetValue<string>()));
        Assert.All(Actions(card), a => Assert.Null(a["verb"]));
    }

    [Fact]
    public void Kinds_the_table_does_not_name_keep_the_plain_rendering()
    {
        var open = new OutgoingMessage("Anything else?", [new("Skip", "Skip")], false, "Reply with a number:", "en", new CardQuestion("r", "else", "open_text"));
        var activity = Renderer.Render("msteams", "personal", open);
        Assert.Equal("Anything else?", activity.Text);
        Assert.Empty(activity.Attachments ?? []);
        Assert.Single(activity.SuggestedActions.Actions);
    }

    [Fact]
    public void Other_channels_never_get_question_cards()
    {
        foreach (var channel in ChannelCapabilities.Default.ChannelIds.Where(c => c != "msteams"))
        {
            var activity = Renderer.Render(channel, null, Nps());
            Assert.False(activity.Attachments?.Any(a => a.ContentType == QuestionCards.ContentType) ?? false, channel);
            Assert.StartsWith(Nps().Text, activity.Text);
            Assert.Null(Renderer.AnsweredCard(channel, "q", "9", "en"));
        }
    }

    [Fact]
    public void The_answered_card_keeps_the_question_shows_the_answer_and_has_nothing_to_press()
    {
        var attachment = Renderer.AnsweredCard("msteams", "How likely are you to recommend us?", "9", "ro")!;
        var text = ((JObject)attachment.Content).ToString();
        var card = JsonNode.Parse(text)!.AsObject();

        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Equal(["How likely are you to recommend us?", "✓ Răspunsul dvs.: 9"], card["body"]!.AsArray().Select(b => b!["text"]!.GetValue<string>()));
        Assert.DoesNotContain("Action.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.", text, StringComparison.Ordinal);
        Assert.Null(card["actions"]);
    }

    [Fact]
    public void The_closed_card_says_so_in_the_customers_language()
    {
        var card = JsonNode.Parse(((JObject)Renderer.ClosedCard("msteams", null, "ru")!.Content).ToString())!.AsObject();
        Assert.Equal("Этот вопрос уже закрыт.", Assert.Single(card["body"]!.AsArray())!["text"]!.GetValue<string>());
    }

    public static TheoryData<string?, string?> Presses => new()
    {
        { """{"cx":"answer","r":"resp-1","q":"nps","a":"9"}""", "9" },
        { """{"cx":"answer","r":"resp-2","q":"could_keep","choices":"1,3"}""", "1, 3" },
        { """{"cx":"answer","r":"resp-2","q":"could_keep"}""", "" },
        { """{"cx":"answer","r":"resp-3","q":"why","text":"The courier was late"}""", "The courier was late" },
        { """{"r":"resp-1","q":"nps","a":"9"}""", null },
        { """{"cx":"answer","q":"nps","a":"9"}""", null },
        { """["cx"]""", null },
        { "not json", null },
        { null, null },
    };

    [Theory]
    [MemberData(nameof(Presses))]
    public void A_tap_is_read_as_what_the_customer_would_have_typed(string? json, string? expected) =>
        Assert.Equal(expected, QuestionCards.ReadPress(json)?.Answer);

    [Fact]
    public void What_a_button_carries_reads_back_as_the_same_press()
    {
        var card = CardOf(Renderer.Render("msteams", "personal", Nps()));
        var press = QuestionCards.ReadPress(Actions(card)[9]["data"]!.ToJsonString());
        Assert.Equal(new CardPress("resp-1", "nps", "9"), press);
    }

    [Fact]
    public void Every_card_language_has_the_same_texts()
    {
        using var stream = typeof(QuestionCards).Assembly.GetManifestResourceStream("CxBot.Channels.question-card.json")!;
        using var doc = JsonDocument.Parse(stream);
        var texts = doc.RootElement.GetProperty("texts");
        var english = texts.GetProperty("en").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["en", "pl", "ro", "ru"], texts.EnumerateObject().Select(p => p.Name).Order());
        foreach (var language in texts.EnumerateObject())
            Assert.Equal(english, language.Value.EnumerateObject().Select(p => p.Name).Order());
    }
}
