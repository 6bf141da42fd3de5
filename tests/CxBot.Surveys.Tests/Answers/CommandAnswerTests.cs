using CxBot.Surveys.Answers;
using static CxBot.Surveys.Tests.Answers.Ask;

namespace CxBot.Surveys.Tests.Answers;

public sealed class CommandAnswerTests
{
    [Theory]
    [InlineData("en", "skip please")]
    [InlineData("en", "next")]
    [InlineData("en", "I'd prefer not to answer that question")]
    [InlineData("ru", "пропусти этот вопрос")]
    [InlineData("ru", "дальше")]
    [InlineData("ru", "не хочу на это отвечать")]
    [InlineData("pl", "pomin")]
    [InlineData("pl", "dalej")]
    [InlineData("pl", "nie chcę na to odpowiadać")]
    [InlineData("ro", "treci peste")]
    [InlineData("ro", "mai departe")]
    [InlineData("ro", "nu vreau să răspund")]
    [InlineData("pl", "skip")]
    public void Skip_leaves_the_question(string language, string text) =>
        Assert.Equal(AnswerStatus.Skip, Read(Csat, language, text).Status);

    [Theory]
    [InlineData("en", "STOP")]
    [InlineData("en", "please unsubscribe me")]
    [InlineData("en", "stop sending me these")]
    [InlineData("ru", "стоп")]
    [InlineData("ru", "отпишитесь от меня")]
    [InlineData("ru", "не хочу")]
    [InlineData("pl", "koniec")]
    [InlineData("pl", "nie chcę")]
    [InlineData("pl", "proszę mnie wypisać")]
    [InlineData("ro", "gata")]
    [InlineData("ro", "nu mai vreau sondaje")]
    [InlineData("ro", "stop")]
    public void Stop_ends_the_survey(string language, string text) =>
        Assert.Equal(AnswerStatus.Stop, Read(Csat, language, text).Status);

    [Theory]
    [InlineData("en", "10, now stop texting me")]
    [InlineData("ru", "5 и отстаньте")]
    [InlineData("pl", "tak, ale więcej nie piszcie")]
    [InlineData("ro", "da, dar nu mă mai contactați")]
    public void Stop_wins_over_an_answer_in_the_same_message(string language, string text)
    {
        Assert.Equal(AnswerStatus.Stop, Read(Nps, language, text).Status);
        Assert.Equal(AnswerStatus.Stop, Read(YesNo, language, text).Status);
    }

    [Theory]
    [InlineData("en", "help")]
    [InlineData("en", "?")]
    [InlineData("ru", "помощь")]
    [InlineData("pl", "pomocy")]
    [InlineData("ro", "ajutor")]
    [InlineData("en", "what should I type?")]
    public void Help_asks_how_to_answer(string language, string text) =>
        Assert.Equal(AnswerStatus.Help, Read(Ces, language, text).Status);

    [Theory]
    [InlineData("en", "back")]
    [InlineData("en", "can I change my previous answer")]
    [InlineData("ru", "назад")]
    [InlineData("pl", "wróć")]
    [InlineData("pl", "cofnij")]
    [InlineData("ro", "inapoi")]
    public void Back_returns_to_the_previous_question(string language, string text) =>
        Assert.Equal(AnswerStatus.Back, Read(Ces, language, text).Status);

    [Theory]
    [InlineData("en", "when will my refund arrive?")]
    [InlineData("ru", "когда привезут заказ?")]
    [InlineData("pl", "kiedy dostanę paczkę?")]
    [InlineData("ro", "cand ajunge comanda?")]
    public void An_off_topic_question_is_unclear_and_marked_as_a_question(string language, string text)
    {
        var reading = Read(Nps, language, text);
        Assert.Equal(AnswerStatus.Unclear, reading.Status);
        Assert.True(reading.IsQuestion);
    }

    [Fact]
    public void A_greeting_is_unclear_but_not_a_question()
    {
        var reading = Read(Nps, "ru", "алло, вы тут?");
        Assert.Equal(AnswerStatus.Unclear, reading.Status);
        Assert.False(Read(Csat, "en", "hello??").IsQuestion);
    }

    [Fact]
    public void Open_text_is_kept_verbatim_unless_the_whole_message_is_a_command()
    {
        var longText = string.Concat(Enumerable.Repeat("The courier left it at the door, ", 300));
        Assert.Equal(AnswerReading.Ok(new AnswerValue.Text(longText)), Read(OpenText, "en", longText));
        Assert.Equal(AnswerReading.Ok(new AnswerValue.Text("  Stop the late deliveries!  ")), Read(OpenText, "en", "  Stop the late deliveries!  "));
        Assert.Equal(AnswerStatus.Skip, Read(OpenText, "pl", "pomiń").Status);
        Assert.Equal(AnswerStatus.Stop, Read(OpenText, "ru", "хватит").Status);
        Assert.Equal(AnswerStatus.Back, Read(OpenText, "ro", "înapoi").Status);
    }

    [Fact]
    public void Empty_or_whitespace_text_is_unclear() =>
        Assert.Equal(AnswerStatus.Unclear, Read(Csat, "en", "   ").Status);
}
