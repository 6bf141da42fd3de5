using CxBot.Surveys.Answers;
using static CxBot.Surveys.Tests.Answers.Ask;

namespace CxBot.Surveys.Tests.Answers;

public sealed class WordAnswerTests
{
    [Theory]
    [InlineData("en", "extremely happy", 5)]
    [InlineData("en", "satisfied enough", 4)]
    [InlineData("en", "pretty satisfied", 4)]
    [InlineData("en", "not too bad", 4)]
    [InlineData("en", "meh", 3)]
    [InlineData("en", "not that satisfied", 2)]
    [InlineData("en", "unhappy", 2)]
    [InlineData("en", "really terrible", 1)]
    [InlineData("en", "not satisfied at all", 1)]
    [InlineData("ru", "очень хорошо", 5)]
    [InlineData("ru", "довольный", 4)]
    [InlineData("ru", "неплохо в целом", 4)]
    [InlineData("ru", "средненько", 3)]
    [InlineData("ru", "не особо", 2)]
    [InlineData("ru", "недоволен", 2)]
    [InlineData("ru", "отвратительно", 1)]
    [InlineData("pl", "świetnie", 5)]
    [InlineData("pl", "zadowolony raczej", 4)]
    [InlineData("pl", "przeciętnie", 3)]
    [InlineData("pl", "nie jestem zadowolona", 2)]
    [InlineData("pl", "tragicznie", 1)]
    [InlineData("ro", "foarte multumita", 5)]
    [InlineData("ro", "bun", 4)]
    [InlineData("ro", "nu a fost rău", 4)]
    [InlineData("ro", "mediocru", 3)]
    [InlineData("ro", "nemulțumit", 2)]
    [InlineData("ro", "îngrozitor", 1)]
    public void Satisfaction_words_follow_the_ladder(string language, string text, int expected) =>
        Assert.Equal(AnswerReading.Ok(Number(expected)), Read(Csat, language, text));

    [Theory]
    [InlineData("en", "incredibly easy", 7)]
    [InlineData("en", "easy enough", 6)]
    [InlineData("en", "rather easy", 5)]
    [InlineData("en", "not complicated", 5)]
    [InlineData("en", "average", 4)]
    [InlineData("en", "not very easy", 3)]
    [InlineData("en", "complicated", 2)]
    [InlineData("en", "super complicated", 1)]
    [InlineData("ru", "проще простого", 7)]
    [InlineData("ru", "просто", 6)]
    [InlineData("ru", "нетрудно", 5)]
    [InlineData("ru", "сложновато", 3)]
    [InlineData("ru", "тяжело", 2)]
    [InlineData("pl", "banalnie", 7)]
    [InlineData("pl", "prosto", 6)]
    [InlineData("pl", "dosyć łatwo", 5)]
    [InlineData("pl", "niełatwo", 3)]
    [InlineData("pl", "ciężko", 2)]
    [InlineData("ro", "extrem de simplu", 7)]
    [InlineData("ro", "ușurel", 6)]
    [InlineData("ro", "destul de simplu", 5)]
    [InlineData("ro", "nu prea simplu", 3)]
    [InlineData("ro", "dificil", 2)]
    [InlineData("ro", "foarte complicat", 1)]
    public void Effort_words_follow_the_seven_point_ladder(string language, string text, int expected) =>
        Assert.Equal(AnswerReading.Ok(Number(expected)), Read(Ces, language, text));

    [Theory]
    [InlineData("en", "yep", 4)]
    [InlineData("en", "definitely yes", 5)]
    [InlineData("en", "nah", 2)]
    [InlineData("en", "absolutely not", 1)]
    [InlineData("en", "neither", 3)]
    [InlineData("ru", "скорее не согласен", 2)]
    [InlineData("ru", "конечно да", 5)]
    [InlineData("ru", "совсем не согласна", 1)]
    [InlineData("pl", "jak najbardziej się zgadzam", 5)]
    [InlineData("pl", "raczej tak", 4)]
    [InlineData("pl", "absolutnie nie", 1)]
    [InlineData("ro", "nici de acord, nici dezacord", 3)]
    [InlineData("ro", "nu", 2)]
    public void Agreement_and_yes_no_words_answer_a_likert_statement(string language, string text, int expected) =>
        Assert.Equal(AnswerReading.Ok(Number(expected)), Read(Likert5, language, text));

    [Fact]
    public void A_seven_point_likert_mirrors_the_effort_ladder()
    {
        Assert.Equal(AnswerReading.Ok(Number(7)), Read(Likert7, "en", "strongly agree"));
        Assert.Equal(AnswerReading.Ok(Number(5)), Read(Likert7, "en", "somewhat agree"));
        Assert.Equal(AnswerReading.Ok(Number(4)), Read(Likert7, "en", "neither agree nor disagree"));
        Assert.Equal(AnswerReading.Ok(Number(3)), Read(Likert7, "pl", "raczej się nie zgadzam"));
        Assert.Equal(AnswerReading.Ok(Number(1)), Read(Likert7, "ro", "total dezacord"));
    }

    [Theory]
    [InlineData("🤩", 5)]
    [InlineData("❤️", 5)]
    [InlineData("😊", 4)]
    [InlineData("👍🏽", 4)]
    [InlineData("😐", 3)]
    [InlineData("☹️", 2)]
    [InlineData("👎", 2)]
    [InlineData("🤬🤬🤬", 1)]
    public void Emoji_follow_the_ladder(string text, int expected) =>
        Assert.Equal(AnswerReading.Ok(Number(expected)), Read(Csat, "ru", text));

    [Theory]
    [InlineData("en", "🤷")]
    [InlineData("en", "not sure")]
    [InlineData("en", "hard to tell")]
    [InlineData("ru", "понятия не имею")]
    [InlineData("pl", "trudno powiedzieć")]
    [InlineData("ro", "greu de spus")]
    public void Not_knowing_is_unclear_not_the_middle(string language, string text) =>
        Assert.Equal(AnswerStatus.Unclear, Read(Csat, language, text).Status);

    [Theory]
    [InlineData("en", "fast but expensive and bad")]
    [InlineData("en", "great and awful")]
    [InlineData("ru", "то хорошо, то плохо")]
    [InlineData("pl", "raz dobrze, raz źle")]
    [InlineData("ro", "bine și prost")]
    public void Contradicting_words_without_a_number_are_unclear(string language, string text) =>
        Assert.Equal(AnswerStatus.Unclear, Read(Csat, language, text).Status);

    [Theory]
    [InlineData("en", "yes")]
    [InlineData("ru", "нет")]
    [InlineData("en", "😀")]
    public void Yes_no_and_emoji_are_unclear_on_nps(string language, string text) =>
        Assert.Equal(AnswerStatus.Unclear, Read(Nps, language, text).Status);

    [Fact]
    public void Yes_and_no_are_unclear_on_csat_and_ces()
    {
        Assert.Equal(AnswerStatus.Unclear, Read(Csat, "pl", "tak").Status);
        Assert.Equal(AnswerStatus.Unclear, Read(Ces, "ro", "nu").Status);
    }

    [Theory]
    [InlineData("en", "certainly", 10)]
    [InlineData("en", "very likely", 10)]
    [InlineData("en", "I would never recommend you", 0)]
    [InlineData("ru", "непременно порекомендую", 10)]
    [InlineData("ru", "никогда в жизни", 0)]
    [InlineData("pl", "zdecydowanie tak", 10)]
    [InlineData("pl", "przenigdy", 0)]
    [InlineData("ro", "cu siguranță", 10)]
    [InlineData("ro", "niciodata in viata", 0)]
    public void Only_the_scale_anchors_answer_nps_in_words(string language, string text, int expected) =>
        Assert.Equal(AnswerReading.Ok(Number(expected)), Read(Nps, language, text));

    [Theory]
    [InlineData("en", "probably")]
    [InlineData("en", "good")]
    [InlineData("ru", "нормально")]
    [InlineData("pl", "raczej tak")]
    [InlineData("ro", "bine")]
    public void Other_words_on_nps_ask_for_a_number(string language, string text) =>
        Assert.Equal(AnswerStatus.Unclear, Read(Nps, language, text).Status);

    [Theory]
    [InlineData("ro", "nu a fost deloc complicat", 5)]
    [InlineData("pl", "wcale nie było trudno", 5)]
    [InlineData("ru", "совсем не сложно", 5)]
    [InlineData("en", "not difficult at all", 5)]
    [InlineData("en", "not easy at all", 1)]
    public void A_doubled_negation_reinforces_instead_of_cancelling(string language, string text, int expected) =>
        Assert.Equal(AnswerReading.Ok(Number(expected)), Read(Ces, language, text));

    [Theory]
    [InlineData("en", "agree completely", 5)]
    [InlineData("ru", "да, полностью", 5)]
    [InlineData("pl", "zgadzam się w pełni", 5)]
    public void An_intensifier_after_the_answer_still_strengthens_it(string language, string text, int expected) =>
        Assert.Equal(AnswerReading.Ok(Number(expected)), Read(Likert5, language, text));

    [Fact]
    public void An_anchor_word_about_something_else_is_not_an_nps_answer()
    {
        Assert.Equal(AnswerStatus.Unclear, Read(Nps, "en", "the courier never showed up").Status);
        Assert.Equal(AnswerReading.Ok(Number(0)), Read(Nps, "en", "never, sorry"));
    }

    [Fact]
    public void Of_several_words_on_one_side_the_strongest_speaks() =>
        Assert.Equal(AnswerReading.Ok(Number(7)), Read(Ces, "en", "quick and super easy"));

    [Theory]
    [InlineData("tak sebe", 3)]
    [InlineData("ochen khorosho", 5)]
    [InlineData("ne ochen", 2)]
    [InlineData("chetverka", 4)]
    public void Russian_typed_in_latin_letters_reads_like_cyrillic(string text, int expected) =>
        Assert.Equal(AnswerReading.Ok(Number(expected)), Read(Csat, "ru", text));
}
