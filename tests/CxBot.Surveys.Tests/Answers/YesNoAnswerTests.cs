using CxBot.Surveys.Answers;
using static CxBot.Surveys.Tests.Answers.Ask;

namespace CxBot.Surveys.Tests.Answers;

public sealed class YesNoAnswerTests
{
    [Theory]
    [InlineData("en", "yup")]
    [InlineData("en", "Yes!!!")]
    [InlineData("en", "yesss")]
    [InlineData("en", "yes, all sorted now")]
    [InlineData("en", "sure thing")]
    [InlineData("en", "I believe so")]
    [InlineData("en", "✅")]
    [InlineData("ru", "да, всё ок")]
    [InlineData("ru", "угу")]
    [InlineData("ru", "конечно да")]
    [InlineData("ru", "думаю да")]
    [InlineData("ru", "da")]
    [InlineData("pl", "tak, dziękuję")]
    [InlineData("pl", "no pewnie")]
    [InlineData("pl", "jasne")]
    [InlineData("pl", "chyba tak")]
    [InlineData("ro", "da, mulțumesc")]
    [InlineData("ro", "bineinteles")]
    [InlineData("ro", "cred ca da")]
    public void Yes_in_its_many_forms_is_true(string language, string text) =>
        Assert.Equal(AnswerReading.Ok(new AnswerValue.YesNo(true)), Read(YesNo, language, text));

    [Theory]
    [InlineData("en", "no, nobody called me back")]
    [InlineData("en", "Nope.")]
    [InlineData("en", "not at all")]
    [InlineData("en", "I doubt it")]
    [InlineData("en", "certainly not")]
    [InlineData("en", "yeah no")]
    [InlineData("en", "❌")]
    [InlineData("ru", "нет, так и не решили")]
    [InlineData("ru", "нет, конечно")]
    [InlineData("ru", "да нет, не решили")]
    [InlineData("ru", "вряд ли")]
    [InlineData("pl", "nie, nadal czekam na zwrot")]
    [InlineData("pl", "no nie")]
    [InlineData("pl", "raczej nie")]
    [InlineData("pl", "oczywiście że nie")]
    [InlineData("ro", "nu, tot aștept")]
    [InlineData("ro", "desigur că nu")]
    [InlineData("ro", "deloc")]
    public void No_in_its_many_forms_is_false(string language, string text) =>
        Assert.Equal(AnswerReading.Ok(new AnswerValue.YesNo(false)), Read(YesNo, language, text));

    [Theory]
    [InlineData("en", "perhaps")]
    [InlineData("en", "yes and no")]
    [InlineData("en", "okay")]
    [InlineData("en", "I don't know")]
    [InlineData("ru", "может быть")]
    [InlineData("ru", "и да, и нет")]
    [InlineData("pl", "no")]
    [InlineData("pl", "i tak i nie")]
    [InlineData("ro", "nu știu")]
    [InlineData("ro", "și da, și nu")]
    public void Doubt_both_answers_or_neither_is_unclear(string language, string text) =>
        Assert.Equal(AnswerStatus.Unclear, Read(YesNo, language, text).Status);

    [Fact]
    public void A_bare_no_is_an_answer_in_english_but_a_particle_in_polish()
    {
        Assert.Equal(AnswerReading.Ok(new AnswerValue.YesNo(false)), Read(YesNo, "en", "no"));
        Assert.Equal(AnswerStatus.Unclear, Read(YesNo, "pl", "no").Status);
        Assert.Equal(AnswerReading.Ok(new AnswerValue.YesNo(true)), Read(YesNo, "pl", "no tak"));
    }

    [Fact]
    public void A_bare_refusal_on_a_yes_no_question_is_the_answer_no() =>
        Assert.Equal(AnswerReading.Ok(new AnswerValue.YesNo(false)), Read(YesNo, "ru", "не хочу"));

    [Fact]
    public void Words_after_the_answer_do_not_turn_it_into_a_command() =>
        Assert.Equal(AnswerReading.Ok(new AnswerValue.YesNo(false)), Read(YesNo, "pl", "nie, dalej nic"));
}
