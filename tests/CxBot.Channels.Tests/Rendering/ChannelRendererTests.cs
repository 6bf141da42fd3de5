using CxBot.Channels.Capabilities;
using CxBot.Channels.Rendering;
using Microsoft.Bot.Schema;

namespace CxBot.Channels.Tests.Rendering;

public sealed class ChannelRendererTests
{
    private static readonly ChannelRenderer Renderer = new(ChannelCapabilities.Default);

    private static OutgoingMessage Nps() => new("How likely are you to recommend us?\n0 = not at all · 10 = extremely",
        [.. Enumerable.Range(0, 11).Select(n => new Choice($"{n}", $"{n}"))], IsScale: true, "Reply with a number:");

    private static OutgoingMessage YesNo() => new("Was your issue resolved?", [new("Yes", "Yes"), new("No", "No")], IsScale: false, "Reply with a number:");

    private static OutgoingMessage Reasons() => new("What was the main reason?",
        [new("Price", "Price"), new("Missing feature", "Missing feature"), new("Switched to another provider", "Switched to another provider"), new("Other", "Other")],
        IsScale: false, "Reply with a number:");

    public static TheoryData<string, string?, string, string> Expectations => new()
    {
        // channel, conversation type, message, expected: suggested | card | numbered | plain
        { "webchat", null, "nps", "suggested" },
        { "directline", null, "reasons", "suggested" },
        { "telegram", null, "nps", "suggested" },
        { "msteams", "personal", "yesno", "suggested" },
        { "msteams", "personal", "nps", "card" },
        { "msteams", "channel", "yesno", "card" },
        { "facebook", null, "nps", "plain" },
        { "facebook", null, "yesno", "suggested" },
        { "facebook", null, "reasons", "numbered" },
        { "slack", null, "reasons", "card" },
        { "sms", null, "nps", "plain" },
        { "sms", null, "reasons", "numbered" },
        { "twilio-sms", null, "yesno", "numbered" },
        { "email", null, "reasons", "numbered" },
        { "whatsapp", null, "yesno", "suggested" },
        { "whatsapp", null, "reasons", "numbered" }, // a title over 24 characters: no list row can hold it
        { "whatsapp", null, "nps", "plain" },
        { "some-new-channel", null, "reasons", "numbered" },
    };

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Each_channel_gets_buttons_only_where_it_shows_them(string channelId, string? conversationType, string message, string expected)
    {
        var outgoing = message switch { "nps" => Nps(), "yesno" => YesNo(), _ => Reasons() };
        var activity = Renderer.Render(channelId, conversationType, outgoing);

        var shape = activity.SuggestedActions?.Actions?.Count > 0 ? "suggested"
            : activity.Attachments?.Count > 0 ? "card"
            : activity.Text.Contains("\n1. ", StringComparison.Ordinal) ? "numbered"
            : "plain";
        Assert.Equal(expected, shape);
        Assert.StartsWith(outgoing.Text, activity.Text);
        Assert.Equal(InputHints.ExpectingInput, activity.InputHint);
    }

    [Fact]
    public void Suggested_actions_send_the_choice_back_as_typed_text()
    {
        var activity = Renderer.Render("webchat", null, YesNo());
        Assert.All(activity.SuggestedActions.Actions, a => Assert.Equal(ActionTypes.ImBack, a.Type));
        Assert.Equal(["Yes", "No"], activity.SuggestedActions.Actions.Select(a => (string)a.Value));
    }

    [Fact]
    public void A_numbered_list_numbers_the_options_in_order_after_the_intro()
    {
        var activity = Renderer.Render("sms", null, Reasons());
        Assert.EndsWith("Reply with a number:\n1. Price\n2. Missing feature\n3. Switched to another provider\n4. Other", activity.Text);
    }

    [Fact]
    public void A_card_carries_one_button_per_choice()
    {
        var activity = Renderer.Render("msteams", "personal", Nps());
        var card = Assert.IsType<HeroCard>(Assert.Single(activity.Attachments).Content);
        Assert.Equal(11, card.Buttons.Count);
    }

    [Fact]
    public void Text_longer_than_the_channel_allows_is_shortened()
    {
        var activity = Renderer.Render("sms", null, new OutgoingMessage(new string('a', 5000), [], false, "Reply:"));
        Assert.Equal(1600, activity.Text.Length);
        Assert.EndsWith("…", activity.Text);
    }

    [Fact]
    public void Plain_text_channels_are_told_the_text_is_plain()
    {
        Assert.Equal(TextFormatTypes.Plain, Renderer.Render("sms", null, YesNo()).TextFormat);
        Assert.Equal(TextFormatTypes.Markdown, Renderer.Render("webchat", null, YesNo()).TextFormat);
    }

    [Fact]
    public void Every_channel_in_the_table_has_a_sane_capability()
    {
        foreach (var id in ChannelCapabilities.Default.ChannelIds)
        {
            var caps = ChannelCapabilities.Default.For(id);
            Assert.True(caps.SuggestedActions == 0 || caps.MaxTitle > 0, id);
            Assert.True(caps.SuggestedActions >= 0 && caps.CardActions >= 0 && caps.TextLimit >= 0, id);
        }
        Assert.Same(ChannelCapabilities.Default.For("unknown"), ChannelCapabilities.Default.For(null));
    }
}
