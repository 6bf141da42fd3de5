using CxBot.Analysis.Embedded;

namespace CxBot.Analysis.Tests.Embedded;

public sealed class TypoToleranceTests
{
    private static readonly EmbeddedAnalyzer Tolerant = new(new NoPii());
    private static readonly EmbeddedAnalyzer Strict = new(new NoPii()) { TypoTolerance = false };

    [Theory]
    [InlineData("en", "Disapointed with how the refund went", Sentiment.Negative)]
    [InlineData("en", "Your website is so confsuing", Sentiment.Negative)]
    [InlineData("en", "The courier was incredibly unfreindly", Sentiment.Negative)]
    [InlineData("en", "The app is really frustating", Sentiment.Negative)]
    [InlineData("ru", "Оператор был очень вежиливый и всё объяснил", Sentiment.Positive)]
    [InlineData("ru", "Очень разочарван качеством", Sentiment.Negative)]
    [InlineData("pl", "Zamówienie przyszło uszkdozone", Sentiment.Negative)]
    [InlineData("ro", "Livrarea a întârizat o săptămână", Sentiment.Negative)]
    [InlineData("ro", "Sunt foarte dezamgăit de comandă", Sentiment.Negative)]
    public void A_typo_in_a_long_lexicon_word_is_read_as_the_word(string language, string text, Sentiment expected)
    {
        Assert.Equal(expected, Tolerant.Analyze(new AnalysisRequest("t", text, language)).Sentiment);
        Assert.NotEqual(expected, Strict.Analyze(new AnalysisRequest("t", text, language)).Sentiment);
    }

    [Theory]
    [InlineData("pl", "Dostawa szybka, bardzo profesjonlana obsługa", "staff_competence")]
    [InlineData("ro", "Operatorul a fost foarte amabil și profesoinist", "staff_competence")]
    public void A_typo_in_a_long_theme_cue_still_finds_the_theme(string language, string text, string theme)
    {
        Assert.Contains(Tolerant.Analyze(new AnalysisRequest("t", text, language)).Themes, t => t.Theme == theme);
        Assert.DoesNotContain(Strict.Analyze(new AnalysisRequest("t", text, language)).Themes, t => t.Theme == theme);
    }

    [Theory]
    [InlineData("disapointed", "disappointed")]
    [InlineData("frustating", "frustrating")]
    [InlineData("unfreindly", "unfriendly")]
    [InlineData("excelent", "excellent")]
    public void A_swap_a_doubled_letter_or_a_letter_missing_inside_the_word_is_one_typo(string typed, string known) =>
        Assert.True(TypoCorrector.WithinOneEdit(typed, known));

    [Theory]
    [InlineData("writing", "waiting")]
    [InlineData("skipped", "shipped")]
    [InlineData("either", "neither")]
    [InlineData("rozumiem", "rozumie")]
    [InlineData("serviciu", "serviciul")]
    [InlineData("deliver", "deliver")]
    [InlineData("disapointd", "disappointed")]
    public void A_wrong_letter_an_edit_at_either_end_or_two_edits_is_not_taken_for_a_typo(string typed, string known) =>
        Assert.False(TypoCorrector.WithinOneEdit(typed, known));

    [Fact]
    public void A_word_one_wrong_letter_from_a_cue_keeps_its_own_meaning()
    {
        var a = Tolerant.Analyze(new AnalysisRequest("t", "I am writing about the invoice address", "en"));

        Assert.DoesNotContain(a.Themes, t => t.Theme == "wait_time");
    }
}
