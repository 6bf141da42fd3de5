using System.Text.Json.Nodes;
using CxBot.Host.WhatsApp;
using Microsoft.Bot.Schema;

namespace CxBot.Host.Tests.WhatsApp;

/// <summary>How an outgoing activity becomes Cloud API messages: buttons, a list, or text, within WhatsApp's limits.</summary>
public sealed class WhatsAppOutboundTests
{
    private const string To = "48600111222";
    private static readonly WhatsAppTexts Texts = WhatsAppTexts.Load(Path.Combine(AppContext.BaseDirectory, "WhatsApp", WhatsAppTexts.FileName));

    [Fact]
    public void Up_to_three_short_choices_become_reply_buttons_whose_ids_are_the_choice_values()
    {
        var message = Assert.Single(Map(Question("Did we solve your problem?", ("Yes", "yes"), ("No", "no")), "en"));

        Assert.Equal("interactive", message["type"]!.GetValue<string>());
        Assert.Equal("button", message["interactive"]!["type"]!.GetValue<string>());
        Assert.Equal("Did we solve your problem?", message["interactive"]!["body"]!["text"]!.GetValue<string>());
        var buttons = message["interactive"]!["action"]!["buttons"]!.AsArray();
        Assert.Equal(["Yes", "No"], buttons.Select(b => b!["reply"]!["title"]!.GetValue<string>()));
        Assert.Equal(["yes", "no"], buttons.Select(b => b!["reply"]!["id"]!.GetValue<string>()));
        Assert.Equal(To, message["to"]!.GetValue<string>());
    }

    [Fact]
    public void Four_to_ten_choices_become_a_list_message_with_the_button_label_in_the_customers_language()
    {
        var question = Question("Насколько вы довольны?", ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"));

        var message = Assert.Single(Map(question, "ru"));

        Assert.Equal("list", message["interactive"]!["type"]!.GetValue<string>());
        Assert.Equal("Выбрать", message["interactive"]!["action"]!["button"]!.GetValue<string>());
        var rows = message["interactive"]!["action"]!["sections"]!.AsArray().SelectMany(s => s!["rows"]!.AsArray()).ToList();
        Assert.Equal(["1", "2", "3", "4", "5"], rows.Select(r => r!["title"]!.GetValue<string>()));
    }

    [Fact]
    public void Three_choices_with_titles_too_long_for_buttons_become_a_list()
    {
        var message = Assert.Single(Map(Question("Which part mattered most?", ("Delivery speed overall", "d"), ("Price", "p"), ("Quality", "q")), "en"));

        Assert.Equal("list", message["interactive"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Eleven_points_of_a_0_to_10_scale_do_not_fit_a_list_and_are_written_into_the_text_unnumbered()
    {
        var points = Enumerable.Range(0, 11).Select(i => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        var message = Assert.Single(Map(Question("How likely are you to recommend us?", points), "en"));

        Assert.Equal("text", message["type"]!.GetValue<string>());
        var body = message["text"]!["body"]!.GetValue<string>();
        Assert.StartsWith("How likely are you to recommend us?", body, StringComparison.Ordinal);
        Assert.EndsWith("0 · 1 · 2 · 3 · 4 · 5 · 6 · 7 · 8 · 9 · 10", body, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_ten_named_choices_are_numbered_in_the_text()
    {
        var choices = Enumerable.Range(1, 12).Select(i => ($"Store {(char)('A' + i - 1)}", $"store-{i}")).ToArray();

        var body = Assert.Single(Map(Question("Which store?", choices), "en"))["text"]!["body"]!.GetValue<string>();

        Assert.Contains("\n1. Store A", body, StringComparison.Ordinal);
        Assert.Contains("\n12. Store L", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_question_longer_than_an_interactive_body_goes_first_as_text_then_the_buttons_follow()
    {
        var longText = string.Join(' ', Enumerable.Repeat("Thank you for shopping with us.", 40));

        var messages = Map(Question(longText, ("Yes", "yes"), ("No", "no")), "pl");

        Assert.Equal(2, messages.Count);
        Assert.Equal(longText, messages[0]["text"]!["body"]!.GetValue<string>());
        Assert.Equal("Proszę wybrać:", messages[1]["interactive"]!["body"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_text_longer_than_WhatsApp_allows_is_split_into_several_messages()
    {
        var messages = Map(new Activity(ActivityTypes.Message) { Text = new string('a', 5000) }, "en");

        Assert.Equal([4096, 904], messages.Select(m => m["text"]!["body"]!.GetValue<string>().Length));
    }

    [Fact]
    public void A_template_names_its_language_and_fills_the_body_parameters_in_order()
    {
        var message = WhatsAppOutbound.Template(To, "feedback_invite", "ro", ["Ion", "#77"]);

        Assert.Equal("template", message["type"]!.GetValue<string>());
        Assert.Equal("feedback_invite", message["template"]!["name"]!.GetValue<string>());
        Assert.Equal("ro", message["template"]!["language"]!["code"]!.GetValue<string>());
        var parameters = message["template"]!["components"]![0]!["parameters"]!.AsArray();
        Assert.Equal(["Ion", "#77"], parameters.Select(p => p!["text"]!.GetValue<string>()));
    }

    private static IReadOnlyList<JsonObject> Map(Activity activity, string language) => WhatsAppOutbound.Messages(activity, To, Texts.For(language));

    private static Activity Question(string text, params (string Title, string Value)[] choices) => new(ActivityTypes.Message)
    {
        Text = text,
        SuggestedActions = new SuggestedActions { Actions = [.. choices.Select(c => new CardAction(ActionTypes.ImBack, c.Title, value: c.Value))] },
    };
}
