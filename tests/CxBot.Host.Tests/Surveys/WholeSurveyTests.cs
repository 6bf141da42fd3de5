using CxBot.Host.Tests.Infrastructure;

namespace CxBot.Host.Tests.Surveys;

/// <summary>
/// A customer takes the whole default survey (NPS → reason → CSAT → CES → thanks) through the real
/// POST /api/messages, typing every answer, and every answer is recorded in Redis as it is given.
/// </summary>
public sealed class WholeSurveyTests(BotAppFixture bot) : IClassFixture<BotAppFixture>
{
    public static TheoryData<string, string, string, int, string, string, int, string, int> Typed => new()
    {
        // locale, greeting, nps typed, nps, reason, csat typed, csat, ces typed, ces
        { "en-US", "hi", "a solid eight", 8, "The delivery was quick and the courier was friendly", "satisfied", 4, "very easy", 7 },
        { "ru-RU", "привет", "девятка", 9, "Доставка быстрая, курьер вежливый", "хорошо", 4, "очень легко", 7 },
        { "pl-PL", "dzien dobry", "dziewiec", 9, "Szybka dostawa i mily kurier", "bardzo zadowolony", 5, "latwo", 6 },
        { "ro-RO", "buna ziua", "noua", 9, "Livrare rapida si curier amabil", "multumit", 4, "foarte usor", 7 },
    };

    [Theory]
    [MemberData(nameof(Typed))]
    public async Task A_customer_types_a_whole_survey_and_every_answer_is_recorded(
        string locale, string greeting, string npsText, int nps, string reasonText, string csatText, int csat, string cesText, int ces)
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = bot.NewChat(locale: locale);

        var first = await chat.SendAsync(greeting, ct);
        Assert.Equal(11, first.Buttons.Count); // 0..10, tappable
        Assert.Equal("0", first.Buttons[0]);

        var reason = await chat.SendAsync(npsText, ct);
        Assert.DoesNotContain("10", reason.Buttons);
        var csatQuestion = await chat.SendAsync(reasonText, ct);
        Assert.Equal(5, csatQuestion.Buttons.Count);
        var cesQuestion = await chat.SendAsync(csatText, ct);
        Assert.Equal(7, cesQuestion.Buttons.Count);
        var thanks = await chat.SendAsync(cesText, ct);
        Assert.Empty(thanks.Buttons);
        Assert.NotEqual("", thanks.Text);

        var recorded = await bot.RecordedAsync(chat.ConversationId, ct);
        var answers = recorded.Where(a => a.Event == "answer").ToDictionary(a => a.QuestionId!);
        Assert.Equal(nps.ToString(), answers["nps"].ValueJson);
        Assert.Equal(csat.ToString(), answers["csat"].ValueJson);
        Assert.Equal(ces.ToString(), answers["ces"].ValueJson);
        Assert.Equal(reasonText, answers["reason"].Text);
        Assert.Equal(npsText, answers["nps"].Text);
        Assert.Single(recorded, a => a.Event == "complete");
        Assert.All(recorded, a =>
        {
            Assert.Equal(locale[..2], a.Language);
            Assert.Equal("webchat", a.ChannelId);
            Assert.Equal($"webchat:{chat.UserId}", a.CustomerId);
            Assert.Equal("post-purchase", a.SurveyId);
        });
        Assert.Single(recorded.Select(a => a.ResponseId).Distinct());
    }

    [Fact]
    public async Task Tapping_buttons_answers_with_the_button_value()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = bot.NewChat(locale: "en-GB");
        var first = await chat.SendAsync("hello", ct);
        await chat.SendAsync(first.Buttons[3], ct);

        var recorded = await bot.RecordedAsync(chat.ConversationId, ct);
        Assert.Equal("3", Assert.Single(recorded, a => a.QuestionId == "nps").ValueJson);
    }

    [Fact]
    public async Task A_detractor_is_asked_what_went_wrong_and_a_promoter_what_they_liked()
    {
        var ct = TestContext.Current.CancellationToken;
        var detractor = bot.NewChat(locale: "en-US");
        await detractor.SendAsync("hi", ct);
        var wentWrong = await detractor.SendAsync("2", ct);

        var promoter = bot.NewChat(locale: "en-US");
        await promoter.SendAsync("hi", ct);
        var liked = await promoter.SendAsync("10", ct);

        Assert.NotEqual(wentWrong.Text, liked.Text);
    }

    [Fact]
    public async Task Without_a_locale_the_language_is_taken_from_what_the_customer_types()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = bot.NewChat(locale: null);
        await chat.SendAsync("Dzień dobry, chciałbym zostawić opinię", ct);
        await chat.SendAsync("9", ct);

        var recorded = await bot.RecordedAsync(chat.ConversationId, ct);
        Assert.Equal("pl", Assert.Single(recorded).Language);
    }

    [Fact]
    public async Task Stop_ends_the_survey_and_records_the_stop()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = bot.NewChat(locale: "ro-RO");
        await chat.SendAsync("salut", ct);
        var stopped = await chat.SendAsync("nu mai vreau", ct);
        Assert.Empty(stopped.Buttons);
        var after = await chat.SendAsync("9", ct);
        Assert.Empty(after.Buttons);

        var recorded = await bot.RecordedAsync(chat.ConversationId, ct);
        Assert.Equal(["stop"], recorded.Select(a => a.Event));
    }

    [Fact]
    public async Task On_sms_choices_come_as_a_numbered_list_and_a_number_picks_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var chat = bot.NewChat(channelId: "sms", locale: "en-US");
        var first = await chat.SendAsync("hi", ct);
        Assert.Empty(first.Buttons);
        Assert.Contains("10", first.Text);
        await chat.SendAsync("7", ct);

        var recorded = await bot.RecordedAsync(chat.ConversationId, ct);
        Assert.Equal("7", Assert.Single(recorded).ValueJson);
    }
}
