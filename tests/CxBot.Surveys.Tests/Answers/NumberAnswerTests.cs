using CxBot.Surveys.Answers;
using static CxBot.Surveys.Tests.Answers.Ask;

namespace CxBot.Surveys.Tests.Answers;

public sealed class NumberAnswerTests
{
    [Theory]
    [InlineData("en", "7")]
    [InlineData("en", "  7.")]
    [InlineData("en", "7 !!")]
    [InlineData("en", "7 points")]
    [InlineData("en", "I'll give you a 7")]
    [InlineData("en", "seven")]
    [InlineData("en", "SEVEN")]
    [InlineData("en", "a strong seven")]
    [InlineData("en", "sevne")]
    [InlineData("en", "7️⃣")]
    [InlineData("ru", "7 баллов")]
    [InlineData("ru", "семь")]
    [InlineData("ru", "семерка")]
    [InlineData("ru", "на семёрочку")]
    [InlineData("ru", "sem")]
    [InlineData("pl", "siedem")]
    [InlineData("pl", "siódemka")]
    [InlineData("pl", "na siodemke")]
    [InlineData("pl", "wystawiam 7 pkt")]
    [InlineData("ro", "șapte")]
    [InlineData("ro", "sapte")]
    [InlineData("ro", "nota 7")]
    [InlineData("ro", "un șapte")]
    public void Seven_in_any_form_scores_7_on_nps(string language, string text) =>
        Assert.Equal(AnswerReading.Ok(Number(7)), Read(Nps, language, text));

    [Theory]
    [InlineData("en", "8/10")]
    [InlineData("en", "8 out of 10")]
    [InlineData("ru", "8 из 10")]
    [InlineData("pl", "8 na 10")]
    [InlineData("ro", "8 din 10")]
    public void A_fraction_of_the_scale_maximum_is_its_numerator(string language, string text) =>
        Assert.Equal(AnswerReading.Ok(Number(8)), Read(Nps, language, text));

    [Fact]
    public void A_fraction_of_another_maximum_is_unclear_and_never_rescaled()
    {
        Assert.Equal(AnswerStatus.Unclear, Read(Csat, "en", "9/10").Status);
        Assert.Equal(AnswerStatus.Unclear, Read(Ces, "ru", "4 из 5").Status);
        Assert.Equal(AnswerReading.Ok(Number(4)), Read(Csat, "en", "4/5"));
        Assert.Equal(AnswerReading.Ok(Number(6)), Read(Ces, "pl", "6 na 7"));
    }

    [Theory]
    [InlineData("nps", "en", "14")]
    [InlineData("nps", "ru", "двенадцать")]
    [InlineData("nps", "ro", "doisprezece")]
    [InlineData("csat", "en", "0")]
    [InlineData("csat", "en", "seven")]
    [InlineData("csat", "pl", "siódemka")]
    [InlineData("csat", "ro", "opt")]
    [InlineData("ces", "ru", "девятка")]
    [InlineData("ces", "en", "9 points")]
    public void One_clear_number_outside_the_scale_is_out_of_range(string kind, string language, string text)
    {
        var question = kind switch { "nps" => Nps, "csat" => Csat, _ => Ces };
        Assert.Equal(AnswerStatus.OutOfRange, Read(question, language, text).Status);
    }

    [Theory]
    [InlineData("en", "6 or 7")]
    [InlineData("en", "5-6")]
    [InlineData("en", "somewhere between 5 and 6")]
    [InlineData("en", "6.5")]
    [InlineData("en", "six and a half")]
    [InlineData("ru", "шесть или семь")]
    [InlineData("ru", "6,5")]
    [InlineData("pl", "6 lub 7")]
    [InlineData("ro", "6 sau 7")]
    [InlineData("ro", "șase și jumătate")]
    public void Two_candidate_values_are_unclear(string language, string text) =>
        Assert.Equal(AnswerStatus.Unclear, Read(Nps, language, text).Status);

    [Theory]
    [InlineData("en", "probably a 6")]
    [InlineData("en", "6ish")]
    [InlineData("ru", "наверно 6")]
    [InlineData("pl", "chyba 6")]
    [InlineData("ro", "cred că 6")]
    public void A_hedge_around_one_number_keeps_the_number(string language, string text) =>
        Assert.Equal(AnswerReading.Ok(Number(6)), Read(Nps, language, text));

    [Theory]
    [InlineData("en", "5, no actually 6")]
    [InlineData("en", "not a 9, more like a 6")]
    [InlineData("ru", "5, вернее 6")]
    [InlineData("ru", "не 9, а 6")]
    [InlineData("pl", "5, a nie, właściwie 6")]
    [InlineData("ro", "5, de fapt 6")]
    public void A_correction_keeps_the_last_value_and_a_negated_number_is_dropped(string language, string text) =>
        Assert.Equal(AnswerReading.Ok(Number(6)), Read(Nps, language, text));

    [Fact]
    public void A_number_that_is_only_negated_is_unclear() =>
        Assert.Equal(AnswerStatus.Unclear, Read(Nps, "en", "not a 10").Status);

    [Theory]
    [InlineData("en", "I waited 4 days and the parcel was damaged")]
    [InlineData("en", "called twice, then 3 times again")]
    [InlineData("en", "order 55123")]
    [InlineData("ru", "ждал 4 дня")]
    [InlineData("pl", "dzwoniłem 3 razy")]
    [InlineData("ro", "am sunat de 3 ori")]
    public void Numbers_that_are_not_a_score_are_ignored(string language, string text) =>
        Assert.Equal(AnswerStatus.Unclear, Read(Ces, language, text).Status);

    [Fact]
    public void A_score_next_to_a_count_is_still_the_score() =>
        Assert.Equal(AnswerReading.Ok(Number(3)), Read(Ces, "en", "3, I had to call four times"));

    [Fact]
    public void An_explicit_number_wins_over_the_words_around_it()
    {
        Assert.Equal(AnswerReading.Ok(Number(9)), Read(Nps, "en", "9 even though the courier was awful"));
        Assert.Equal(AnswerReading.Ok(Number(2)), Read(Csat, "pl", "super, ale daję 2"));
    }

    [Fact]
    public void Stars_are_counted()
    {
        Assert.Equal(AnswerReading.Ok(Number(5)), Read(Csat, "en", "⭐⭐⭐⭐⭐"));
        Assert.Equal(AnswerReading.Ok(Number(2)), Read(Csat, "ru", "2 звезды"));
        Assert.Equal(AnswerReading.Ok(Number(10)), Read(Nps, "pl", "🔟"));
    }

    [Fact]
    public void Top_and_lowest_score_mean_the_ends_of_the_scale()
    {
        Assert.Equal(AnswerReading.Ok(Number(5)), Read(Csat, "en", "top score"));
        Assert.Equal(AnswerReading.Ok(Number(7)), Read(Ces, "pl", "maksymalna ocena"));
        Assert.Equal(AnswerReading.Ok(Number(0)), Read(Nps, "en", "the lowest"));
    }

    [Fact]
    public void Number_nouns_are_the_number_not_a_school_grade()
    {
        Assert.Equal(AnswerReading.Ok(Number(6)), Read(Nps, "pl", "szósteczka"));
        Assert.Equal(AnswerStatus.OutOfRange, Read(Csat, "ru", "шестерка").Status);
    }

    [Fact]
    public void A_question_about_the_scale_asks_for_help_instead_of_answering() =>
        Assert.Equal(AnswerStatus.Help, Read(Nps, "en", "is 0 the worst?").Status);
}
